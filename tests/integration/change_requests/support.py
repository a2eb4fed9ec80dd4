"""Helpers of the apply tests: fresh AWS resources in member accounts (read and changed with
plain boto3 through the spoke role), the changes the tests ask for on them, stored approved
requests, waiting for a request to settle, and task clients that record."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from consoleme.aws.demo_plan import REGION, SPOKE_ROLE, trust_hub
from consoleme.core.task_client import NOTIFY_CHANGE_REQUEST, TaskClient
from consoleme.domain.change_request import Change, ChangeRequest, new_request_id, now_iso
from consoleme.domain.change_request_state import approve
from consoleme.domain.change_types import (
    ChangeSpec,
    InlinePolicyChange,
    ResourcePolicyChange,
    TagChange,
)
from consoleme.store.change_requests import ChangeRequestRepository
from tests.integration.inventory.worker import eventually

ADMIN = "carol@example.com"
EXISTING = {
    "Sid": "Existing",
    "Effect": "Allow",
    "Action": "s3:ListAllMyBuckets",
    "Resource": "*",
}


# Lets Lambda assume a role: the trust statement the tests add (with a Sid of their choosing).
LAMBDA_TRUST = {
    "Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole",
}


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(sid: str, action: str, resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": action, "Resource": resource, **extra}


def sids(document: dict[str, Any] | None) -> list[str]:
    """Every statement's Sid (``None`` for one without), in order; [] without a document."""
    if not document:
        return []
    raw = document.get("Statement", [])
    return [s.get("Sid") for s in ([raw] if isinstance(raw, dict) else raw)]


class MemberAws:
    """boto3 clients into one member account, through its spoke role (as an admin would)."""

    def __init__(self, endpoint_url: str, account_id: str) -> None:
        self.account_id = account_id
        sts = boto3.client("sts", endpoint_url=endpoint_url, region_name=REGION)
        arn = f"arn:aws:iam::{account_id}:role/{SPOKE_ROLE}"
        creds = sts.assume_role(RoleArn=arn, RoleSessionName="test")["Credentials"]
        sts.close()
        self._session = boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=REGION,
        )
        self._endpoint = endpoint_url
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self._session.client(service, endpoint_url=self._endpoint)
        return self._clients[service]

    @property
    def iam(self) -> Any:
        return self.client("iam")

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    # What AWS holds now ---------------------------------------------------------------------
    def inline(self, role: str, policy: str) -> dict[str, Any] | None:
        try:
            answer = self.iam.get_role_policy(RoleName=role, PolicyName=policy)
        except self.iam.exceptions.NoSuchEntityException:
            return None
        return dict(answer["PolicyDocument"])

    def user_inline(self, user: str, policy: str) -> dict[str, Any] | None:
        try:
            answer = self.iam.get_user_policy(UserName=user, PolicyName=policy)
        except self.iam.exceptions.NoSuchEntityException:
            return None
        return dict(answer["PolicyDocument"])

    def attached(self, role: str) -> list[str]:
        items = self.iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
        return sorted(p["PolicyArn"] for p in items)

    def role(self, role: str) -> dict[str, Any]:
        return dict(self.iam.get_role(RoleName=role)["Role"])

    def role_tags(self, role: str) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in self.iam.list_role_tags(RoleName=role)["Tags"]}

    def default_version(self, policy_arn: str) -> tuple[str, dict[str, Any]]:
        policy = self.iam.get_policy(PolicyArn=policy_arn)["Policy"]
        version_id = policy["DefaultVersionId"]
        answer = self.iam.get_policy_version(PolicyArn=policy_arn, VersionId=version_id)
        return version_id, dict(answer["PolicyVersion"]["Document"])

    def bucket_policy(self, bucket: str) -> dict[str, Any] | None:
        s3 = self.client("s3")
        try:
            return dict(json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]))
        except s3.exceptions.ClientError:
            return None

    def queue_policy(self, url: str) -> dict[str, Any] | None:
        answer = self.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
        text = answer.get("Attributes", {}).get("Policy")
        return dict(json.loads(text)) if text else None

    def topic_policy(self, arn: str) -> dict[str, Any]:
        answer = self.client("sns").get_topic_attributes(TopicArn=arn)
        return dict(json.loads(answer["Attributes"]["Policy"]))


@dataclass
class Targets:
    """Fresh resources in one member account, each already holding an ``Existing`` statement
    (or attachment, tag) that was made outside ConsoleMe."""

    account_id: str
    suffix: str
    role: str
    user: str
    policy_arn: str  # customer managed, not attached to the role
    attached_arn: str  # customer managed, attached to the role before any request
    boundary_arn: str
    bucket: str
    queue_url: str
    queue_arn: str
    topic_arn: str
    source_role: str  # has inline, managed, tags: the one clones copy

    def role_arn(self, name: str | None = None) -> str:
        return f"arn:aws:iam::{self.account_id}:role/{name or self.role}"

    @property
    def user_arn(self) -> str:
        return f"arn:aws:iam::{self.account_id}:user/{self.user}"


# What the ``fresh_targets`` fixture gives: fresh targets in the member account of that name.
MakeTargets = Callable[[str], tuple[MemberAws, Targets]]


def make_targets(aws: MemberAws, management_id: str) -> Targets:
    """Create a role, user, managed policies, bucket, queue and topic with unique names."""
    sfx = uuid.uuid4().hex[:8]
    account = aws.account_id
    iam = aws.iam
    existing = json.dumps(doc(EXISTING))
    role, user, source = f"cmtest-{sfx}", f"cmtest-user-{sfx}", f"cmtest-source-{sfx}"
    trust = json.dumps(trust_hub(management_id))
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust, Tags=[tag("team", "old")])
    iam.put_role_policy(RoleName=role, PolicyName="team", PolicyDocument=existing)
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="team", PolicyDocument=existing)
    arns = {
        name: iam.create_policy(PolicyName=f"{name}-{sfx}", PolicyDocument=existing)["Policy"][
            "Arn"
        ]
        for name in ("cmtest-managed", "cmtest-attached", "cmtest-boundary")
    }
    iam.attach_role_policy(RoleName=role, PolicyArn=arns["cmtest-attached"])
    iam.create_role(
        RoleName=source,
        AssumeRolePolicyDocument=trust,
        Description="the source of clones",
        MaxSessionDuration=7200,
        Tags=[tag("owner", "platform"), tag("cost-center", "42")],
    )
    iam.put_role_policy(RoleName=source, PolicyName="reads", PolicyDocument=existing)
    iam.attach_role_policy(RoleName=source, PolicyArn=arns["cmtest-attached"])
    bucket = f"cmtest-{sfx}-{account}"
    aws.client("s3").create_bucket(Bucket=bucket)
    bucket_doc = doc(
        allow("Existing", "s3:GetObject", f"arn:aws:s3:::{bucket}/*", Principal={"AWS": account})
    )
    aws.client("s3").put_bucket_policy(Bucket=bucket, Policy=json.dumps(bucket_doc))
    queue_url = aws.client("sqs").create_queue(QueueName=f"cmtest-{sfx}")["QueueUrl"]
    queue_arn = f"arn:aws:sqs:{REGION}:{account}:cmtest-{sfx}"
    queue_doc = doc(allow("Existing", "sqs:SendMessage", queue_arn, Principal={"AWS": account}))
    aws.client("sqs").set_queue_attributes(
        QueueUrl=queue_url, Attributes={"Policy": json.dumps(queue_doc)}
    )
    topic_arn = aws.client("sns").create_topic(Name=f"cmtest-{sfx}")["TopicArn"]
    topic_doc = doc(allow("Existing", "SNS:Publish", topic_arn, Principal={"AWS": account}))
    aws.client("sns").set_topic_attributes(
        TopicArn=topic_arn, AttributeName="Policy", AttributeValue=json.dumps(topic_doc)
    )
    return Targets(
        account_id=account,
        suffix=sfx,
        role=role,
        user=user,
        policy_arn=arns["cmtest-managed"],
        attached_arn=arns["cmtest-attached"],
        boundary_arn=arns["cmtest-boundary"],
        bucket=bucket,
        queue_url=queue_url,
        queue_arn=queue_arn,
        topic_arn=topic_arn,
        source_role=source,
    )


def tag(key: str, value: str) -> dict[str, str]:
    return {"Key": key, "Value": value}


# The changes the tests ask for -------------------------------------------------------------
def team_read(t: Targets) -> InlinePolicyChange:
    """Adds statement ``Added`` (s3:GetObject) to the role's inline policy ``team``."""
    return InlinePolicyChange(
        principal_arn=t.role_arn(),
        policy_name="team",
        policy_document=doc(allow("Added", "s3:GetObject")),
    )


def granted_tag(t: Targets) -> TagChange:
    """Tags the role ``granted=yes`` (a tag it does not have yet)."""
    return TagChange(principal_arn=t.role_arn(), key="granted", value="yes")


def resource_grants(t: Targets) -> list[ResourcePolicyChange]:
    """The bucket, the queue and the topic each grant the role one action (statement ``Added``)."""
    role = t.role_arn()

    def to_role(resource: str, action: str) -> dict[str, Any]:
        return doc(allow("Added", action, resource, Principal={"AWS": role}))

    bucket = f"arn:aws:s3:::{t.bucket}"
    return [
        ResourcePolicyChange(
            resource_arn=bucket,
            resource_type="s3",
            account_id=t.account_id,
            policy_document=to_role(f"{bucket}/*", "s3:GetObject"),
        ),
        ResourcePolicyChange(
            resource_arn=t.queue_arn,
            resource_type="sqs",
            policy_document=to_role(t.queue_arn, "sqs:ReceiveMessage"),
        ),
        ResourcePolicyChange(
            resource_arn=t.topic_arn,
            resource_type="sns",
            policy_document=to_role(t.topic_arn, "SNS:Subscribe"),
        ),
    ]


async def store_approved(
    repository: ChangeRequestRepository, specs: list[ChangeSpec], expires_at: str | None = None
) -> ChangeRequest:
    """A request of alice's with ``specs`` as c1, c2, ..., stored and approved by an admin.

    ``expires_at`` goes on every change that is a grant."""
    from consoleme.domain.change_types import is_grant

    at = now_iso()
    changes = [
        Change(id=f"c{n}", spec=spec, expires_at=expires_at if is_grant(spec) else None)
        for n, spec in enumerate(specs, 1)
    ]
    request = ChangeRequest(
        id=new_request_id(),
        requester="alice@example.com",
        requester_groups=["engineering"],
        justification="integration test",
        created_at=at,
        updated_at=at,
        changes=changes,
    )
    stored = await repository.create(request)
    return await repository.save(approve(stored, ADMIN, now_iso()))


async def settled(
    repository: ChangeRequestRepository, request_id: str, log: Path, seconds: float = 60
) -> ChangeRequest:
    """The request once every change has an outcome (applied or failed); ``log`` (the worker's)
    is shown when it takes longer than ``seconds``."""

    async def done() -> ChangeRequest | None:
        request = await repository.get(request_id)
        return request if request.status in ("applied", "failed") else None

    return await eventually(done, seconds, f"request {request_id} to settle", log)


@dataclass
class RecordingTaskClient:
    """Records what is queued; forwards it to ``forward`` (a real broker) when given."""

    forward: TaskClient | None = None
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def enqueue(self, task: str, kwargs: dict[str, Any]) -> str:
        self.sent.append((task, kwargs))
        if self.forward is not None and task != NOTIFY_CHANGE_REQUEST:
            return await self.forward.enqueue(task, kwargs)
        return f"task-{len(self.sent)}"

    async def close(self) -> None:
        return None

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Queued notification events (of type ``kind``)."""
        found = [k["event"] for t, k in self.sent if t == NOTIFY_CHANGE_REQUEST]
        return [e for e in found if kind is None or e["type"] == kind]


def later(seconds: float) -> float:
    """Epoch seconds ``seconds`` from now."""
    return time.time() + seconds
