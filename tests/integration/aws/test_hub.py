"""The hub on moto: spoke sessions assumed once, clients reused, bounded calls, errors."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.hub import AwsHub
from consoleme.aws.iam_read import read_roles
from consoleme.aws.s3_read import read_buckets
from consoleme.aws.sns_read import read_topics
from consoleme.aws.sqs_read import read_queues
from consoleme.aws.testing import EnforcedIam, moto_spoke_sessions
from consoleme.config.models import AwsSettings
from consoleme.errors import AwsError

pytestmark = pytest.mark.integration

REGION = "us-east-1"


async def test_concurrent_readers_assume_the_spoke_role_once(hub: AwsHub, aws_org: DemoOrg) -> None:
    account_id = aws_org.accounts["security"]
    spoke = hub.spoke_role_arn(account_id)
    before = moto_spoke_sessions(spoke)
    await asyncio.gather(
        read_roles(hub, account_id),
        read_buckets(hub, account_id),
        read_queues(hub, account_id, REGION),
        read_topics(hub, account_id, REGION),
        read_roles(hub, account_id),
    )
    assert moto_spoke_sessions(spoke) - before == 1


async def test_the_hub_account_is_read_without_a_spoke_session(
    hub: AwsHub, aws_org: DemoOrg
) -> None:
    spoke = hub.spoke_role_arn(aws_org.management_id)
    before = moto_spoke_sessions(spoke)
    roles = await read_roles(hub, aws_org.management_id)
    assert {r["name"] for r in roles} >= {"consoleme-hub", "consoleme-spoke"}
    assert moto_spoke_sessions(spoke) == before


async def test_clients_are_built_once_per_service_account_and_region(
    hub: AwsHub, aws_org: DemoOrg
) -> None:
    prod = aws_org.accounts["prod"]
    first = await hub.client("iam", prod)
    assert await hub.client("iam", prod) is first
    assert await hub.client("iam", prod, "eu-west-1") is first  # IAM is global
    assert await hub.client("sqs", prod, "eu-west-1") is not await hub.client("sqs", prod)
    assert await hub.client("iam") is await hub.client("iam", aws_org.management_id)


async def test_spoke_sessions_carry_the_external_id(
    aws_settings: AwsSettings, aws_org: DemoOrg
) -> None:
    from moto.sts.models import sts_backends

    settings = aws_settings.model_copy(update={"spoke_external_id": SecretStr("ext-4242")})
    account_id = aws_org.accounts["staging"]
    async with AwsHub(settings) as hub:
        await hub.call("iam", "list_roles", account_id=account_id)
    sessions = sts_backends[account_id]["aws"].assumed_roles
    assert sessions[-1].role_arn == hub.spoke_role_arn(account_id)
    assert sessions[-1].external_id == "ext-4242"


def _track_concurrency(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Slow down moto's GetRole and record how many run at once (server side)."""
    from moto.iam.models import IAMBackend

    original = IAMBackend.get_role
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def get_role(self: Any, role_name: str) -> Any:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        try:
            time.sleep(0.02)
            return original(self, role_name)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(IAMBackend, "get_role", get_role)
    return lambda: state["max"]


async def test_calls_per_account_stay_within_the_bound(
    aws_settings: AwsSettings, aws_org: DemoOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    peak = _track_concurrency(monkeypatch)
    settings = aws_settings.model_copy(update={"max_concurrency_per_account": 3})
    async with AwsHub(settings) as hub:
        roles = await read_roles(hub, aws_org.accounts["prod"])
    assert len(roles) > 10
    assert peak() <= 3
    assert peak() >= 2  # the reads did run in parallel


async def test_aws_failures_name_account_and_operation(hub: AwsHub, aws_org: DemoOrg) -> None:
    prod = aws_org.accounts["prod"]
    iam = await hub.client("iam", prod)
    with pytest.raises(AwsError) as caught:
        await iam.call("get_role", RoleName="no-such-role")
    error = caught.value
    assert (error.status, error.code, error.aws_code) == (502, "aws_error", "NoSuchEntity")
    assert prod in error.message
    assert "iam:get_role" in error.message
    assert error.details["account_id"] == prod


async def test_an_account_whose_spoke_cannot_be_assumed_fails_alone(
    aws_iam_enforced: EnforcedIam, hub: AwsHub, aws_org: DemoOrg
) -> None:
    staging, prod = aws_org.accounts["staging"], aws_org.accounts["prod"]
    aws_iam_enforced.deny_spoke(staging)
    results = await asyncio.gather(
        read_roles(hub, staging), read_roles(hub, prod), return_exceptions=True
    )
    failure, roles = results
    assert isinstance(failure, AwsError)
    assert failure.aws_code == "AccessDenied"
    assert failure.details["account_id"] == staging
    assert hub.spoke_role_arn(staging) in failure.message
    assert aws_iam_enforced.secret_access_key not in str(failure.details) + failure.message
    assert isinstance(roles, list)
    assert {r["name"] for r in roles} >= {s.name for s in aws_org.plan("prod").roles}


async def test_spoke_sessions_get_only_the_spoke_roles_permissions(
    aws_iam_enforced: EnforcedIam, hub: AwsHub, aws_org: DemoOrg
) -> None:
    """With IAM enforced, reading works through the spoke role and writing what it lacks fails."""
    dev = aws_org.accounts["dev"]
    assert await read_buckets(hub, dev)
    with pytest.raises(AwsError) as caught:
        await hub.call("iam", "create_user", account_id=dev, UserName="not-allowed")
    assert caught.value.aws_code == "AccessDenied"


async def test_a_long_lived_client_refreshes_its_spoke_credentials(
    hub: AwsHub, aws_org: DemoOrg
) -> None:
    """Near expiry the same client re-assumes the spoke role through the hub's cache."""
    account_id = aws_org.accounts["data"]
    spoke = hub.spoke_role_arn(account_id)
    iam = await hub.client("iam", account_id)
    await iam.call("list_roles")
    before = moto_spoke_sessions(spoke)
    credentials = await hub._spoke_sessions[account_id].get_credentials()
    first_key = (await credentials.get_frozen_credentials()).access_key

    # 58 minutes later for both botocore and our cache (the session lasts 60).
    def later() -> datetime:
        return datetime.now(UTC) + timedelta(minutes=58)

    credentials._time_fetcher = later
    hub.spoke_credentials._clock = later
    await iam.call("list_roles")
    assert moto_spoke_sessions(spoke) == before + 1
    assert (await credentials.get_frozen_credentials()).access_key != first_key
    assert await hub.client("iam", account_id) is iam


async def test_the_hub_account_defaults_to_the_caller_identity(
    aws_settings: AwsSettings, aws_org: DemoOrg
) -> None:
    settings = aws_settings.model_copy(update={"hub_account_id": None})
    async with AwsHub(settings) as hub:
        assert await hub.hub_account_id() == aws_org.management_id
        assert await hub.client("iam") is await hub.client("iam", aws_org.management_id)
