"""Seed the demo organization (:mod:`consoleme.aws.demo_plan`) into a moto server.

For ``consoleme demo`` and tests only: moto is a demo/test extra, imported lazily here. Seeding
is synchronous boto3 (a one-off script) with dummy credentials, so it can never reach real AWS:
every client is pointed at ``endpoint_url``.

With ``reset=True`` (the demo) moto is reset and its random generator seeded first, so account,
OU and policy ids are the same in every new process; do not reset a server other code is using.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from typing import Any

import boto3
import httpx

from consoleme.aws import demo_plan as plan
from consoleme.aws import demo_plan_iam as iam_plan
from consoleme.aws import demo_plan_resources as resource_plan
from consoleme.aws.demo_plan import AccountPlan
from consoleme.config.models import AwsAccountSettings, AwsSettings

MANAGEMENT_ID = "123456789012"  # moto's default account: what dummy credentials land in
SEED = 42
_DUMMY = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass(frozen=True)
class DemoOrg:
    """The seeded organization: where it is and its ids by name."""

    endpoint_url: str
    management_id: str
    accounts: dict[str, str]  # account name -> id, "management" included
    root_id: str
    ou_ids: dict[str, str]  # OU name -> id
    scp_id: str  # the sandbox SCP

    @property
    def member_ids(self) -> dict[str, str]:
        """Member accounts (everything but management) by name."""
        return {n: i for n, i in self.accounts.items() if n != plan.MANAGEMENT}

    @property
    def hub_role_arn(self) -> str:
        """ConsoleMe's own role in the management account."""
        return plan.hub_role_arn(self.management_id)

    def aws_settings(self, **overrides: Any) -> AwsSettings:
        """Settings reaching this organization: its endpoint, management as the hub account, and
        every account by name (Organizations itself calls the management account "master")."""
        accounts = [
            AwsAccountSettings(id=account_id, name=name, environment=name)
            for name, account_id in self.accounts.items()
        ]
        values: dict[str, Any] = {
            "region": plan.REGION,
            "endpoint_url": self.endpoint_url,
            "hub_account_id": self.management_id,
            "accounts": accounts,
            **overrides,
        }
        return AwsSettings(**values)

    def plan(self, account: str) -> AccountPlan:
        """What was seeded in ``account`` (by name)."""
        return account_plan(account, self.accounts[account], self.management_id)


def account_plan(account: str, account_id: str, management_id: str) -> AccountPlan:
    """Everything seeded in one account of the demo organization."""
    roles = iam_plan.service_roles(account, account_id, management_id)
    if account != plan.MANAGEMENT:
        roles += iam_plan.people_roles(account, account_id, management_id)
        roles += [
            iam_plan.app_role(account, account_id, management_id, app, team)
            for app, team in plan.APPS.items()
        ]
    users = iam_plan.users(account, account_id)
    return AccountPlan(
        name=account,
        roles=roles,
        users=users,
        policies=plan.managed_policies(account, account_id),
        groups=("automation",) if users else (),
        buckets=resource_plan.buckets(account, account_id),
        queues=[resource_plan.queue(account, account_id)],
        topics=[resource_plan.topic(account, account_id)],
    )


def start_moto_server() -> tuple[Any, str]:
    """A ThreadedMotoServer on a free loopback port, started; returns (server, endpoint_url)."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"http://127.0.0.1:{port}"


def reset_moto(endpoint_url: str, seed: int = SEED) -> None:
    """Empty the moto server and seed its id generator (ids repeat in a new process)."""
    with httpx.Client(base_url=endpoint_url, timeout=30) as http:
        http.post("/moto-api/reset").raise_for_status()
        http.post("/moto-api/seed", params={"a": seed}).raise_for_status()


def _tags(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def _session(endpoint_url: str, account_id: str | None) -> boto3.Session:
    if account_id is None:
        return boto3.Session(region_name=plan.REGION, **_DUMMY)
    sts = boto3.client("sts", endpoint_url=endpoint_url, region_name=plan.REGION, **_DUMMY)
    role = f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"
    creds = sts.assume_role(RoleArn=role, RoleSessionName="demo-seed")["Credentials"]
    sts.close()
    return boto3.Session(
        region_name=plan.REGION,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def _seed_iam(iam: Any, account_id: str, spec: AccountPlan) -> None:
    def policy_arn(name: str) -> str:
        return f"arn:aws:iam::{account_id}:policy/{name}"

    for name, document in spec.policies.items():
        iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(document))
    for group in spec.groups:
        iam.create_group(GroupName=group)
    for role in spec.roles:
        extra = {"PermissionsBoundary": policy_arn(role.boundary)} if role.boundary else {}
        iam.create_role(
            RoleName=role.name,
            AssumeRolePolicyDocument=json.dumps(role.trust),
            Description=role.description,
            Tags=_tags(role.tags),
            **extra,
        )
        for name, document in role.inline.items():
            iam.put_role_policy(
                RoleName=role.name, PolicyName=name, PolicyDocument=json.dumps(document)
            )
        for name in role.managed:
            iam.attach_role_policy(RoleName=role.name, PolicyArn=policy_arn(name))
    for user in spec.users:
        iam.create_user(UserName=user.name, Tags=_tags(user.tags))
        for name, document in user.inline.items():
            iam.put_user_policy(
                UserName=user.name, PolicyName=name, PolicyDocument=json.dumps(document)
            )
        for group in user.groups:
            iam.add_user_to_group(GroupName=group, UserName=user.name)
        for name in user.managed:
            iam.attach_user_policy(UserName=user.name, PolicyArn=policy_arn(name))


def _seed_resources(session: boto3.Session, endpoint_url: str, spec: AccountPlan) -> None:
    s3 = session.client("s3", endpoint_url=endpoint_url)
    sqs = session.client("sqs", endpoint_url=endpoint_url)
    sns = session.client("sns", endpoint_url=endpoint_url)
    try:
        for bucket in spec.buckets:
            s3.create_bucket(Bucket=bucket.name)
            s3.put_bucket_policy(Bucket=bucket.name, Policy=json.dumps(bucket.policy))
            s3.put_bucket_tagging(Bucket=bucket.name, Tagging={"TagSet": _tags(bucket.tags)})
        for queue in spec.queues:
            sqs.create_queue(
                QueueName=queue.name,
                Attributes={"Policy": json.dumps(queue.policy)},
                tags=queue.tags,
            )
        for topic in spec.topics:
            sns.create_topic(
                Name=topic.name,
                Attributes={"Policy": json.dumps(topic.policy)},
                Tags=_tags(topic.tags),
            )
    finally:
        for client in (s3, sqs, sns):
            client.close()


def seed_account(endpoint_url: str, account_id: str, spec: AccountPlan, *, hub: bool) -> None:
    """Create ``spec`` in ``account_id`` (through OrganizationAccountAccessRole unless ``hub``)."""
    session = _session(endpoint_url, None if hub else account_id)
    iam = session.client("iam", endpoint_url=endpoint_url)
    try:
        _seed_iam(iam, account_id, spec)
    finally:
        iam.close()
    _seed_resources(session, endpoint_url, spec)


def _seed_organization(org: Any) -> tuple[dict[str, str], str, dict[str, str], str]:
    org.create_organization(FeatureSet="ALL")
    root_id = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    ou_ids = {
        name: org.create_organizational_unit(ParentId=root_id, Name=name)["OrganizationalUnit"][
            "Id"
        ]
        for name in plan.OUS
    }
    accounts = {plan.MANAGEMENT: MANAGEMENT_ID}
    for name, ou in plan.MEMBER_OUS.items():
        created = org.create_account(Email=f"aws+{name}@example.com", AccountName=name)
        account_id = created["CreateAccountStatus"]["AccountId"]
        org.tag_resource(ResourceId=account_id, Tags=_tags({"environment": name}))
        org.move_account(
            AccountId=account_id, SourceParentId=root_id, DestinationParentId=ou_ids[ou]
        )
        accounts[name] = account_id
    scp = org.create_policy(
        Name="sandbox-guardrails",
        Description="No IAM users, no leaving the organization",
        Type="SERVICE_CONTROL_POLICY",
        Content=json.dumps(plan.SANDBOX_SCP),
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=scp, TargetId=ou_ids["sandbox"])
    return accounts, root_id, ou_ids, scp


def seed_demo_org(endpoint_url: str, *, reset: bool = True) -> DemoOrg:
    """Seed the demo organization into the moto server at ``endpoint_url``.

    ``reset``: empty moto and seed its id generator first (stable ids). Without it, ids are
    random and the server must not hold a demo organization already.
    """
    if reset:
        reset_moto(endpoint_url)
    org = boto3.client(
        "organizations", endpoint_url=endpoint_url, region_name=plan.REGION, **_DUMMY
    )
    try:
        accounts, root_id, ou_ids, scp_id = _seed_organization(org)
    finally:
        org.close()
    for name, account_id in accounts.items():
        spec = account_plan(name, account_id, MANAGEMENT_ID)
        seed_account(endpoint_url, account_id, spec, hub=name == plan.MANAGEMENT)
    return DemoOrg(
        endpoint_url=endpoint_url,
        management_id=MANAGEMENT_ID,
        accounts=accounts,
        root_id=root_id,
        ou_ids=ou_ids,
        scp_id=scp_id,
    )
