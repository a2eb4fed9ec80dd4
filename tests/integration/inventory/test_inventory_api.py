"""The inventory API on a synthetic inventory: search pages, details, weep's exact shapes,
authorization of on-demand refresh, accounts and SCPs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

import httpx
import pytest

from consoleme.api.inventory_models import ResourceSearchPage
from consoleme.core.task_client import REFRESH_ACCOUNT_TYPE, REFRESH_RESOURCE
from consoleme.domain.inventory import RESOURCE_TYPES
from tests.integration.inventory.support import DEV, PROD, InventoryApi, resource

pytestmark = pytest.mark.integration

GETS = [
    "/api/v2/accounts",
    "/api/v2/resources?q=app",
    f"/api/v2/roles/{PROD}/engineering-admin",
    f"/api/v2/users/{PROD}/build-bot",
    f"/api/v2/managed_policies/{PROD}/baseline-read",
    f"/api/v2/s3/{PROD}/prod-logs-bucket",
    f"/api/v2/sqs/{DEV}/eu-west-1/orders-dev",
    f"/api/v2/sns/{DEV}/us-east-1/alerts-dev",
    f"/api/v2/service_control_policies/{PROD}",
    "/api/v2/inventory/refresh/" + "0" * 24,
]


@asynccontextmanager
async def signed_in(
    inv: InventoryApi, user: str, groups: list[str] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    async with inv.api.client() as client:
        await inv.api.sign_in(client, user, groups)
        yield client


async def test_anonymous_callers_get_401(inventory_api: InventoryApi) -> None:
    async with inventory_api.api.client() as client:
        for path in GETS:
            answer = await client.get(path)
            assert answer.status_code == 401, path
            assert answer.json()["code"] == "unauthenticated"
        answer = await client.post("/api/v2/inventory/refresh", json={"account_id": PROD})
        assert answer.status_code == 401
        for path in (
            "/api/v1/policies/typeahead?resource=account",
            "/api/v2/get_resource_url?arn=x",
        ):
            answer = await client.get(path)
            assert answer.status_code == 401
            body = answer.json()
            assert (body["status"], body["status_code"]) == ("error", 401)
            assert body["errors"] == ["sign in first"]


async def pages(client: httpx.AsyncClient, **params: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        answer = await client.get("/api/v2/resources", params=query)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        ResourceSearchPage.model_validate(body)  # the hot path writes a dict: it must fit
        items.extend(body["items"])
        assert body["index"]["ready"] is True
        cursor = body["next_cursor"]
        if cursor is None:
            return items


async def test_search_pages_cover_every_match_once(inventory_api: InventoryApi) -> None:
    docs = inventory_api.docs
    async with signed_in(inventory_api, "alice@example.com") as client:
        roles = await pages(client, type="iam_role", limit="7")
        assert sorted(i["arn"] for i in roles) == sorted(
            d["arn"] for d in docs if d["type"] == "iam_role"
        )
        assert len({i["arn"] for i in roles}) == len(roles)
        apps = await pages(client, q="APP-0", limit="5")
        assert {i["name"] for i in apps} == {f"app-{n:03d}" for n in range(40)}
        team_a = await pages(client, tag="owner:team-a", account=DEV)
        assert {i["name"] for i in team_a} == {f"app-{n:03d}" for n in range(1, 40, 2)}
        short = await pages(client, q="en")
        assert {i["name"] for i in short} == {"engineering-admin"}
        answer = await client.get("/api/v2/resources", params={"q": "prod-logs"})
        (bucket,) = answer.json()["items"]
        assert bucket == {
            "arn": "arn:aws:s3:::prod-logs-bucket",
            "type": "s3_bucket",
            "account_id": PROD,
            "account_name": "prod",
            "name": "prod-logs-bucket",
            "region": "eu-west-1",
            "tags": {"owner": "engineering"},
            "ui_path": f"/policies/edit/{PROD}/s3/prod-logs-bucket",
        }
        assert answer.headers["Server-Timing"].startswith("app;dur=")
        for bad in ({"cursor": "nonsense"}, {"type": "ec2"}, {"tag": "novalue"}, {"limit": "0"}):
            assert (await client.get("/api/v2/resources", params=bad)).status_code == 400, bad


async def test_detail_pages(inventory_api: InventoryApi) -> None:
    deep = next(d for d in inventory_api.docs if d["name"] == "deep-role")
    await inventory_api.ctx.cache.set_access_denied(PROD, {deep["arn"]: 7})
    async with signed_in(inventory_api, "alice@example.com") as client:
        answer = await client.get(f"/api/v2/roles/{PROD}/deep-role")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["role"] == deep
        assert body["access_denied_count"] == 7
        assert body["account"]["name"] == "prod"
        assert body["links"]["ui_path"] == f"/policies/edit/{PROD}/iamrole/deep-role"
        assert body["links"]["console_url"].endswith("/iam/home#/roles/details/deep-role")
        assert body["links"]["console_login_path"].startswith(f"/role/{PROD}?redirect=https%3A")
        for path, field in [
            (f"/api/v2/users/{PROD}/build-bot", "user"),
            (f"/api/v2/managed_policies/{PROD}/baseline-read", "policy"),
            (f"/api/v2/s3/{PROD}/prod-logs-bucket", "bucket"),
            (f"/api/v2/sqs/{DEV}/eu-west-1/orders-dev", "queue"),
            (f"/api/v2/sns/{DEV}/us-east-1/alerts-dev", "topic"),
        ]:
            answer = await client.get(path)
            assert answer.status_code == 200, path
            doc = answer.json()[field]
            assert doc == next(d for d in inventory_api.docs if d["arn"] == doc["arn"])
        for path in (f"/api/v2/roles/{DEV}/deep-role", f"/api/v2/sqs/{DEV}/us-west-2/orders-dev"):
            answer = await client.get(path)
            assert answer.status_code == 404
            assert answer.json()["code"] == "not_found"


async def test_typeahead_shapes_are_exactly_weeps(inventory_api: InventoryApi) -> None:
    async with signed_in(inventory_api, "alice@example.com") as client:
        answer = await client.get(
            "/api/v1/policies/typeahead", params={"search": "", "resource": "account"}
        )
        assert answer.json() == [{"title": f"dev ({DEV})"}, {"title": f"prod ({PROD})"}]
        answer = await client.get(
            "/api/v1/policies/typeahead", params={"search": "111", "resource": "account"}
        )
        assert answer.json() == [{"title": f"prod ({PROD})"}]
        answer = await client.get(
            "/api/v1/policies/typeahead",
            params={"search": "ENGINEERING-admin", "resource": "iam_arn", "limit": "10"},
        )
        titles = sorted(item["title"] for item in answer.json())
        assert titles == [
            f"arn:aws:iam::{PROD}:role/engineering-admin",
            f"arn:aws:iam::{DEV}:role/engineering-admin",
        ]
        answer = await client.get(
            "/api/v1/policies/typeahead",
            params={"search": "p-0", "resource": "iam_arn", "limit": "3"},
        )
        assert len(answer.json()) == 3
        answer = await client.get("/api/v1/policies/typeahead", params={"resource": "s3"})
        assert answer.status_code == 400
        assert answer.json()["status"] == "error"
        assert answer.json()["errors"]


async def test_get_resource_url_shapes_are_exactly_weeps(inventory_api: InventoryApi) -> None:
    edit = "/policies/edit"
    ec2 = f"arn:aws:ec2:us-east-1:{DEV}:instance/i-1"
    console = "https://console.aws.amazon.com/go/view?arn=" + quote(ec2, safe="")
    cases = {
        f"arn:aws:iam::{PROD}:role/engineering-admin": f"{edit}/{PROD}/iamrole/engineering-admin",
        f"arn:aws:iam::{PROD}:role/team/x/deep-role": f"{edit}/{PROD}/iamrole/deep-role",
        f"arn:aws:iam::{PROD}:user/build-bot": f"{edit}/{PROD}/iamuser/build-bot",
        f"arn:aws:iam::{PROD}:policy/baseline-read": f"{edit}/{PROD}/managed_policy/baseline-read",
        "arn:aws:s3:::prod-logs-bucket": f"{edit}/{PROD}/s3/prod-logs-bucket",
        f"arn:aws:sqs:eu-west-1:{DEV}:orders-dev": f"{edit}/{DEV}/sqs/eu-west-1/orders-dev",
        f"arn:aws:sns:us-east-1:{DEV}:alerts-dev": f"{edit}/{DEV}/sns/us-east-1/alerts-dev",
        ec2: f"/role/{DEV}?redirect=" + quote(console, safe=""),
    }
    async with signed_in(inventory_api, "alice@example.com") as client:
        for arn, url in cases.items():
            answer = await client.get("/api/v2/get_resource_url", params={"arn": arn})
            assert answer.status_code == 200, arn
            assert answer.json() == {
                "status": "success",
                "status_code": 200,
                "message": "Resource URL found",
                "data": {"url": url},
            }
        missing = f"arn:aws:iam::{PROD}:role/nope"
        answer = await client.get("/api/v2/get_resource_url", params={"arn": missing})
        assert answer.status_code == 404
        message = f"{missing} is not in ConsoleMe's inventory cache"
        assert answer.json() == {
            "status": "error",
            "status_code": 404,
            "message": message,
            "errors": [message],
        }
        answer = await client.get("/api/v2/get_resource_url", params={"arn": "not-an-arn"})
        assert answer.status_code == 400
        assert answer.json()["errors"] == ["not an ARN: not-an-arn"]


async def test_refresh_authorization_and_progress(inventory_api: InventoryApi) -> None:
    deep = f"arn:aws:iam::{PROD}:role/team/x/deep-role"
    sent = inventory_api.tasks.sent
    async with signed_in(inventory_api, "alice@example.com", ["engineering"]) as alice:
        headers = inventory_api.api.xsrf_headers(alice)
        answer = await alice.post("/api/v2/inventory/refresh", json={"arn": deep}, headers=headers)
        assert answer.status_code == 403  # owner tag names data-science and ops
        answer = await alice.post(
            "/api/v2/inventory/refresh", json={"account_id": PROD}, headers=headers
        )
        assert answer.status_code == 403
        assert (await alice.post("/api/v2/inventory/refresh", json={"arn": deep})).json()[
            "code"
        ] == "xsrf_failed"
        bad = await alice.post(
            "/api/v2/inventory/refresh", json={"arn": deep, "account_id": PROD}, headers=headers
        )
        assert bad.status_code == 400
        assert sent == []
    async with signed_in(inventory_api, "bob@example.com", ["ops"]) as bob:
        answer = await bob.post(
            "/api/v2/inventory/refresh",
            json={"arn": deep},
            headers=inventory_api.api.xsrf_headers(bob),
        )
        assert answer.status_code == 202, answer.text
        job_id = answer.json()["id"]
        assert answer.json()["status"] == "queued"
        assert sent == [(REFRESH_RESOURCE, {"arn": deep, "account_id": PROD, "job_id": job_id})]
        progress = (await bob.get(f"/api/v2/inventory/refresh/{job_id}")).json()
        assert progress["status"] == "queued"
        assert progress["target"] == {"arn": deep, "account_id": PROD}
        await inventory_api.ctx.jobs.start_part(job_id)
        assert (await bob.get(f"/api/v2/inventory/refresh/{job_id}")).json()["status"] == "running"
        await inventory_api.ctx.jobs.finish_part(job_id, True)
        assert (await bob.get(f"/api/v2/inventory/refresh/{job_id}")).json()["status"] == "done"
    async with signed_in(inventory_api, "dave@example.com", []) as dave:
        assert (await dave.get(f"/api/v2/inventory/refresh/{job_id}")).status_code == 404
    async with signed_in(inventory_api, "carol@example.com") as carol:
        headers = inventory_api.api.xsrf_headers(carol)
        answer = await carol.post(
            "/api/v2/inventory/refresh", json={"account_id": DEV}, headers=headers
        )
        assert answer.status_code == 202
        job_id = answer.json()["id"]
        queued = [kwargs for task, kwargs in sent if task == REFRESH_ACCOUNT_TYPE]
        assert sorted(k["resource_type"] for k in queued) == sorted(RESOURCE_TYPES)
        assert all(k["account_id"] == DEV and k["job_id"] == job_id for k in queued)
        for n in range(len(RESOURCE_TYPES)):
            await inventory_api.ctx.jobs.finish_part(job_id, n != 0, "" if n else "denied")
        progress = (await carol.get(f"/api/v2/inventory/refresh/{job_id}")).json()
        assert (progress["status"], progress["done"], progress["failed"]) == ("failed", 5, 1)
        assert progress["errors"] == ["denied"]


async def test_accounts_show_refresh_state_and_errors(inventory_api: InventoryApi) -> None:
    cache = inventory_api.ctx.cache
    now = time.time()
    for kind in RESOURCE_TYPES:
        await cache.record_refresh(f"{PROD}:{kind}", now - 60, 0.5, 3)
        await cache.record_refresh(f"{DEV}:{kind}", now - 30, 0.5, 1)
    failure = {
        "account_id": DEV,
        "type": "iam_user",
        "error": "cannot assume the spoke role",
        "at": now,
    }
    await cache.record_failure(failure)  # type: ignore[arg-type]
    async with signed_in(inventory_api, "alice@example.com") as client:
        body = (await client.get("/api/v2/accounts")).json()
        assert body["next_cursor"] is None
        dev, prod = body["accounts"]
        assert (dev["name"], dev["refresh_state"], dev["errors"]) == ("dev", "partial", [failure])
        assert (prod["refresh_state"], prod["errors"], prod["resource_counts"]["iam_role"]) == (
            "ok",
            [],
            3,
        )
        assert prod["last_refreshed_at"] == pytest.approx(now - 60)
        first = (await client.get("/api/v2/accounts", params={"limit": "1"})).json()
        assert [a["id"] for a in first["accounts"]] == [DEV]
        rest = (
            await client.get("/api/v2/accounts", params={"cursor": first["next_cursor"]})
        ).json()
        assert [a["id"] for a in rest["accounts"]] == [PROD]
        assert [
            a["id"]
            for a in (await client.get("/api/v2/accounts", params={"q": "PRO"})).json()["accounts"]
        ] == [PROD]


async def test_service_control_policies_of_an_account(inventory_api: InventoryApi) -> None:
    tree = {
        "id": "r-1",
        "name": "Root",
        "kind": "root",
        "children": [
            {
                "id": "ou-1",
                "name": "workloads",
                "kind": "ou",
                "children": [{"id": PROD, "name": "prod", "kind": "account", "children": []}],
            },
        ],
    }
    scp = {
        "id": "p-1",
        "arn": "arn:p-1",
        "name": "guard",
        "description": "d",
        "document": {"Statement": []},
        "targets": ["ou-1"],
        "aws_managed": False,
    }
    async with signed_in(inventory_api, "alice@example.com") as client:
        assert (await client.get(f"/api/v2/service_control_policies/{PROD}")).status_code == 404
        await inventory_api.ctx.cache.set_organization([scp], tree, time.time())  # type: ignore[list-item,arg-type]
        body = (await client.get(f"/api/v2/service_control_policies/{PROD}")).json()
        assert [n["id"] for n in body["path"]] == ["r-1", "ou-1", PROD]
        assert body["policies"] == [
            {"policy": scp, "via_id": "ou-1", "via_name": "workloads", "via_kind": "ou"}
        ]
        assert (await client.get(f"/api/v2/service_control_policies/{DEV}")).status_code == 404


async def test_search_follows_redis_changes(inventory_api: InventoryApi) -> None:
    added = resource("iam_role", DEV, "just-added-role")
    kept = [d for d in inventory_api.docs if d["account_id"] == DEV and d["type"] == "iam_role"]
    async with signed_in(inventory_api, "alice@example.com") as client:
        await inventory_api.ctx.cache.replace_part(DEV, "iam_role", [*kept, added])
        for _ in range(50):  # the background sync polls every second
            items = (await client.get("/api/v2/resources", params={"q": "just-added"})).json()[
                "items"
            ]
            if items:
                break
            await asyncio.sleep(0.1)
        assert [i["arn"] for i in items] == [added["arn"]]
