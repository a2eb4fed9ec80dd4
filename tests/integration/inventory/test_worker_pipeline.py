"""The inventory end to end: moto organization, real Redis, SQLite store, a real Celery worker.

- the worker's refresh fills Redis; cached documents equal what AWS holds;
- an account whose spoke role cannot be assumed is recorded as failed, the others succeed;
- after Redis is flushed, the API serves the store snapshot (without AWS or a worker).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from consoleme.aws import iam_read
from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.hub import AwsHub
from consoleme.aws.testing import EnforcedIam
from consoleme.config.models import AwsSettings, Settings
from consoleme.core.inventory_source import AwsInventorySource
from consoleme.domain.inventory import RESOURCE_TYPES, Resource
from consoleme.testing import RunningApi, start_api
from tests.integration.inventory.worker import (
    eventually,
    flush_prefix,
    pipeline_settings,
    running_worker,
)

pytestmark = pytest.mark.integration

REGION = "us-east-1"


def comparable(docs: list[Resource], spoke_role: str) -> list[dict[str, Any]]:
    """Documents without their fetch time. The spoke role's last use is left out too: every
    read assumes it again, which moves its RoleLastUsed."""
    found = []
    for doc in docs:
        skip = {"fetched_at", "last_used"} if doc["name"] == spoke_role else {"fetched_at"}
        found.append({k: v for k, v in doc.items() if k not in skip})
    return sorted(found, key=lambda d: str(d["arn"]))


async def per_principal(
    source: AwsInventorySource, hub: AwsHub, account_id: str, kind: str
) -> list[Resource]:
    """What AWS holds, read one principal at a time for IAM (the workers read in bulk)."""
    if kind == "iam_role":
        return list(await iam_read.read_roles(hub, account_id))
    if kind == "iam_user":
        return list(await iam_read.read_users(hub, account_id))
    return await source.resources(account_id, kind)  # type: ignore[arg-type]


async def accounts_page(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    answer = await client.get("/api/v2/accounts")
    assert answer.status_code == 200, answer.text
    accounts: list[dict[str, Any]] = answer.json()["accounts"]
    return accounts


def settled(accounts: list[dict[str, Any]], expected: int) -> list[dict[str, Any]] | None:
    """The accounts once every one of them is ok or failed."""
    done = [a for a in accounts if a["refresh_state"] in ("ok", "failed")]
    return accounts if len(accounts) == expected and len(done) == expected else None


async def serve(settings: Settings) -> tuple[RunningApi, Any]:
    return await start_api(settings)


async def stop(running: RunningApi, server: Any) -> None:
    server.stop()
    await server.close_all_connections()
    await running.services.close()


def independent_role_view(endpoint: str, account_id: str, spoke: str) -> dict[str, dict[str, Any]]:
    """Roles read with plain boto3 through the spoke role: ARN -> the fields we compare."""
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION)
    creds = sts.assume_role(RoleArn=spoke, RoleSessionName="check")["Credentials"]
    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    view: dict[str, dict[str, Any]] = {}
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        detail = iam.get_role(RoleName=name)["Role"]
        inline = {
            p: iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
            for p in iam.list_role_policies(RoleName=name)["PolicyNames"]
        }
        attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        view[role["Arn"]] = {
            "assume_role_policy": detail["AssumeRolePolicyDocument"],
            "inline_policies": inline,
            "managed_policies": sorted(p["PolicyArn"] for p in attached),
            "tags": {t["Key"]: t["Value"] for t in detail.get("Tags", [])},
        }
    sts.close()
    iam.close()
    return view


async def test_worker_caches_the_organization_and_the_api_survives_a_flush(
    tmp_path: Path, redis_url: str, aws_org: DemoOrg, aws_settings: AwsSettings, hub: AwsHub
) -> None:
    settings = pipeline_settings(tmp_path, redis_url, aws_settings)
    running, server = await serve(settings)
    log = tmp_path / "worker.log"
    try:
        async with running.client() as client:
            await running.sign_in(client, "carol@example.com")
            with running_worker(settings, tmp_path):
                # The worker refreshes everything at start (the inventory is missing).
                accounts = await eventually(
                    lambda: _settled(client, len(aws_org.accounts)), 120, "a full refresh", log
                )
                assert {a["refresh_state"] for a in accounts} == {"ok"}, accounts
                assert {a["name"] for a in accounts} == set(aws_org.accounts)
                await _on_demand_refresh(client, running, aws_org, log)
            ctx = running.services.inventory.ctx
            source = AwsInventorySource(hub, [REGION], owns_hub=False)
            cached: dict[str, list[Resource]] = {}
            for account_id in aws_org.accounts.values():
                for kind in RESOURCE_TYPES:
                    docs = await ctx.cache.part_docs(account_id, kind)
                    live = await per_principal(source, hub, account_id, kind)
                    spoke = aws_settings.spoke_role_name
                    assert comparable(docs, spoke) == comparable(live, spoke), (account_id, kind)
                    cached[f"{account_id}:{kind}"] = docs
            prod = aws_org.accounts["prod"]
            independent = independent_role_view(
                aws_org.endpoint_url, prod, hub.spoke_role_arn(prod)
            )
            roles = {d["arn"]: d for d in cached[f"{prod}:iam_role"]}
            assert set(roles) == set(independent)
            for arn, fields in independent.items():
                role: Any = roles[arn]
                assert role["assume_role_policy"] == fields["assume_role_policy"], arn
                assert role["inline_policies"] == fields["inline_policies"], arn
                assert (
                    sorted(p["arn"] for p in role["managed_policies"]) == fields["managed_policies"]
                )
                assert role["tags"] == fields["tags"], arn
            metrics = (await client.get("/metrics")).text
            assert (
                'consoleme_task_last_success_timestamp_seconds{task="refresh_iam_role"}' in metrics
            )
            assert 'consoleme_task_failures_total{task="refresh_iam_role"} 0.0' in metrics

            # Redis loses everything; the worker is gone, so only the store can refill it.
            assert flush_prefix(redis_url, settings.cache.key_prefix) > 0
            answer = await client.get(f"/api/v2/roles/{prod}/engineering-admin")
            assert answer.status_code == 200, answer.text
            assert answer.json()["role"] == next(
                d for d in cached[f"{prod}:iam_role"] if d["name"] == "engineering-admin"
            )
    finally:
        await stop(running, server)

    # A web process starting on the flushed-and-restored Redis, and one after another flush.
    flush_prefix(redis_url, settings.cache.key_prefix)
    running, server = await serve(settings)
    try:
        async with running.client() as client:
            await running.sign_in(client, "alice@example.com")
            search = running.services.inventory.search
            await search.wait_ready(30)
            answer = await client.get("/api/v2/resources", params={"q": "engineering-admin"})
            items = answer.json()["items"]
            assert len(items) == len(aws_org.member_ids)
            accounts = await accounts_page(client)
            assert {a["name"] for a in accounts} == set(aws_org.accounts)
            for part, docs in cached.items():
                account_id, kind = part.split(":")
                restored = await running.services.inventory.ctx.cache.part_docs(account_id, kind)
                spoke = aws_settings.spoke_role_name
                assert comparable(restored, spoke) == comparable(docs, spoke), part
                # Read from the store: fetched no later than what was cached (a snapshot whose
                # content did not change is not rewritten), never fetched again from AWS.
                cached_at = {d["arn"]: d["fetched_at"] for d in docs}
                assert all(d["fetched_at"] <= cached_at[d["arn"]] for d in restored), part
    finally:
        await stop(running, server)


async def _settled(client: httpx.AsyncClient, expected: int) -> list[dict[str, Any]] | None:
    return settled(await accounts_page(client), expected)


async def _on_demand_refresh(
    client: httpx.AsyncClient, running: RunningApi, aws_org: DemoOrg, log: Path
) -> None:
    """An admin refreshes one account; the worker runs every part and reports done."""
    headers = running.xsrf_headers(client)
    account_id = aws_org.accounts["staging"]
    answer = await client.post(
        "/api/v2/inventory/refresh", json={"account_id": account_id}, headers=headers
    )
    assert answer.status_code == 202, answer.text
    job_id = answer.json()["id"]

    async def finished() -> dict[str, Any] | None:
        job: dict[str, Any] = (await client.get(f"/api/v2/inventory/refresh/{job_id}")).json()
        return job if job["status"] in ("done", "failed") else None

    job = await eventually(finished, 60, "the on-demand refresh", log)
    assert (job["status"], job["done"], job["parts"]) == ("done", 6, 6), job


async def test_an_account_whose_spoke_role_is_denied_fails_alone(
    tmp_path: Path,
    redis_url: str,
    aws_org: DemoOrg,
    aws_settings: AwsSettings,
    aws_iam_enforced: EnforcedIam,
) -> None:
    denied = aws_org.accounts["dev"]
    aws_iam_enforced.deny_spoke(denied)
    settings = pipeline_settings(tmp_path, redis_url, aws_settings)
    running, server = await serve(settings)
    try:
        async with running.client() as client:
            await running.sign_in(client, "carol@example.com")
            with running_worker(settings, tmp_path):  # inherits the enforced hub credentials
                accounts = await eventually(
                    lambda: _settled(client, len(aws_org.accounts)),
                    120,
                    "a refresh",
                    tmp_path / "worker.log",
                )
        states = {a["id"]: a for a in accounts}
        failed = states.pop(denied)
        assert failed["refresh_state"] == "failed"
        assert sorted(e["type"] for e in failed["errors"]) == sorted(RESOURCE_TYPES)
        assert all("cannot assume the spoke role" in e["error"] for e in failed["errors"])
        assert {a["refresh_state"] for a in states.values()} == {"ok"}
        assert all(a["errors"] == [] for a in states.values())
    finally:
        await stop(running, server)
