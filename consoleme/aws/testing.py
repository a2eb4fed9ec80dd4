"""Pytest fixtures for the AWS layer: the demo organization in moto, settings, an open hub.

Re-exported by :mod:`consoleme.testing` (the ``pytest11`` plugin), so plugin authors get them too.

moto keeps its state in module globals of the test process, shared by every moto server and test
in it. So ``aws_org`` seeds the organization once per session WITHOUT resetting moto (a reset
would wipe what other fixtures, such as DynamoDB store tables, already created). Its ids are
therefore random, but fixed for the session; read them from the :class:`DemoOrg`. No other
fixture may create an organization in moto's default account 123456789012.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3
import httpx
import pytest
import pytest_asyncio

from consoleme.aws.demo_org import MANAGEMENT_ID, DemoOrg, seed_demo_org
from consoleme.aws.demo_plan import REGION, SPOKE_ROLE
from consoleme.aws.hub import AwsHub
from consoleme.config.models import AwsSettings

_DUMMY = "testing"  # moto accepts any key while it does not enforce IAM
DUMMY_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": _DUMMY,
    "AWS_SECRET_ACCESS_KEY": _DUMMY,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


@contextmanager
def _iam(endpoint_url: str, key_id: str = _DUMMY, secret: str = _DUMMY) -> Iterator[Any]:
    client = boto3.client(
        "iam",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
    )
    try:
        yield client
    finally:
        client.close()


def use_dummy_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials in the environment; the user's AWS profile and files are hidden."""
    for name, value in DUMMY_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def aws_org(moto_endpoint: str) -> Iterator[DemoOrg]:
    """The demo organization (../shared/DEMO_ORG.md) seeded once into the session's moto server.

    Seeded without a moto reset (see the module docstring): account ids are random per session.
    Dummy AWS credentials stay in the environment for the rest of the session.
    """
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_dummy_aws_credentials(monkeypatch)
        yield seed_demo_org(moto_endpoint, reset=False)


@pytest.fixture(scope="session")
def aws_settings(aws_org: DemoOrg) -> AwsSettings:
    """``AwsSettings`` for ``aws_org``: its endpoint, the management account as hub, every
    account by name, and few retries so that failures are quick."""
    return aws_org.aws_settings(max_attempts=2, call_timeout_seconds=10)


@pytest_asyncio.fixture
async def hub(aws_settings: AwsSettings) -> AsyncIterator[AwsHub]:
    """An :class:`AwsHub` on ``aws_settings``, closed after the test.

    Credentials are read from the environment at the first call, so a test that also uses
    ``aws_iam_enforced`` talks with that fixture's credentials, whatever the fixture order.
    """
    async with AwsHub(aws_settings) as opened:
        yield opened


@dataclass
class EnforcedIam:
    """moto checking signatures and IAM policies; the hub runs as ``user_name`` (Allow *)."""

    endpoint_url: str
    user_name: str
    access_key_id: str
    secret_access_key: str = field(repr=False)

    def deny_spoke(self, account_id: str, role_name: str = SPOKE_ROLE) -> None:
        """Deny the hub ``sts:AssumeRole`` on ``account_id``'s spoke role (an IAM policy)."""
        arn = f"arn:aws:iam::{account_id}:role/{role_name}"
        document = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": arn}],
        }
        with _iam(self.endpoint_url, self.access_key_id, self.secret_access_key) as iam:
            iam.put_user_policy(
                UserName=self.user_name,
                PolicyName=f"deny-{account_id}",
                PolicyDocument=json.dumps(document),
            )


def _set_moto_auth(endpoint_url: str, unchecked_requests: str) -> None:
    # moto's own switch: after this many more requests it checks every signature and policy.
    with httpx.Client(base_url=endpoint_url, timeout=10) as http:
        http.post("/moto-api/reset-auth", content=unchecked_requests.encode()).raise_for_status()


@pytest.fixture
def aws_iam_enforced(aws_org: DemoOrg, monkeypatch: pytest.MonkeyPatch) -> Iterator[EnforcedIam]:
    """For one test, moto authenticates every request and evaluates IAM policies.

    The hub then runs as a fresh IAM user of the management account (its key is put in the
    environment) and spoke sessions get exactly the spoke role's policies.
    :meth:`EnforcedIam.deny_spoke` makes AssumeRole into one account fail with AccessDenied, as
    AWS would; moto itself never checks that a role exists or trusts the caller. Anything else
    talking to moto during the test (a worker process, say) needs these credentials too.
    """
    user = f"consoleme-hub-{uuid.uuid4().hex[:8]}"
    with _iam(aws_org.endpoint_url) as iam:
        iam.create_user(UserName=user)
        iam.put_user_policy(
            UserName=user,
            PolicyName="hub",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
                }
            ),
        )
        key = iam.create_access_key(UserName=user)["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    _set_moto_auth(aws_org.endpoint_url, "0")
    try:
        yield EnforcedIam(aws_org.endpoint_url, user, key["AccessKeyId"], key["SecretAccessKey"])
    finally:
        _set_moto_auth(aws_org.endpoint_url, "inf")
        _delete_user(aws_org.endpoint_url, user)


def _delete_user(endpoint_url: str, user: str) -> None:
    with _iam(endpoint_url) as iam:
        for name in iam.list_user_policies(UserName=user)["PolicyNames"]:
            iam.delete_user_policy(UserName=user, PolicyName=name)
        for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
            iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        iam.delete_user(UserName=user)


def moto_spoke_sessions(role_arn: str) -> int:
    """How many sessions moto has issued for ``role_arn`` (AssumeRole calls that reached AWS).

    Reads the state of the moto server running in this process.
    """
    from moto.sts.models import sts_backends

    account_id = role_arn.split(":")[4]
    backend = sts_backends[account_id]["aws"]
    return sum(1 for session in backend.assumed_roles if session.role_arn == role_arn)


__all__ = [
    "MANAGEMENT_ID",
    "EnforcedIam",
    "aws_iam_enforced",
    "aws_org",
    "aws_settings",
    "hub",
    "moto_spoke_sessions",
    "use_dummy_aws_credentials",
]
