"""Role lists: weep's get_roles (v1, v2), the "my roles" page with favorites, and caching."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from consoleme.api.access_models import EligibleRolesPage, WeepRolesResponse
from consoleme.domain.inventory import Account
from consoleme.store.inventory_cache import InventoryCache
from consoleme.testing import RunningApi
from tests.integration.access.conftest import OrgRoles
from tests.integration.access.weep import ALICE, BOB, weep_client

pytestmark = pytest.mark.integration


def _alice_roles(org_roles: OrgRoles, *, cli: bool) -> list[str]:
    names = ["engineering-admin", "engineering-readonly"] + (["ci-deployer"] if cli else [])
    return sorted(org_roles.arn(a, n) for a in org_roles.org.member_ids for n in names)


async def test_get_roles_v2_shape(access_api: RunningApi, org_roles: OrgRoles) -> None:
    async with weep_client(access_api, ALICE) as client:
        everything = await client.get("/api/v2/get_roles?all=true")
        console = await client.get("/api/v2/get_roles")
    assert everything.status_code == 200
    body = everything.json()
    WeepRolesResponse.model_validate(body)
    assert set(body) == {"status", "status_code", "data"}
    assert (body["status"], body["status_code"]) == ("success", 200)
    roles = body["data"]["roles"]
    assert [r["arn"] for r in roles] == _alice_roles(org_roles, cli=True)
    prod = org_roles.org.accounts["prod"]
    assert {
        "arn": org_roles.arn("prod", "ci-deployer"),
        "account_id": prod,
        "account_friendly_name": "prod",
        "role_name": "ci-deployer",
        "apps": None,
    } in roles
    assert [r["arn"] for r in console.json()["data"]["roles"]] == _alice_roles(org_roles, cli=False)


async def test_get_roles_v1_is_a_sorted_arn_array(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    async with weep_client(access_api, ALICE) as client:
        everything = (await client.get("/api/v1/get_roles?all=true")).json()
        console = (await client.get("/api/v1/get_roles")).json()
    assert everything == _alice_roles(org_roles, cli=True)
    assert console == _alice_roles(org_roles, cli=False)


async def test_unknown_account_name_is_unknown(access_api: RunningApi, org_roles: OrgRoles) -> None:
    inventory = InventoryCache(access_api.services.cache)
    known = [a for a in org_roles.accounts if a["name"] != "dev"]
    await inventory.set_accounts(known)  # bumps the inventory generation
    async with weep_client(access_api, BOB) as client:
        roles = (await client.get("/api/v2/get_roles?all=true")).json()["data"]["roles"]
    dev = org_roles.org.accounts["dev"]
    names = {r["account_id"]: r["account_friendly_name"] for r in roles}
    assert names[dev] == "Unknown"
    assert names[org_roles.org.accounts["prod"]] == "prod"


async def test_inventory_change_is_seen_at_once(
    access_api_factory: Any, org_roles: OrgRoles
) -> None:
    # Without the per-process reuse window, the next request after a change sees it.
    api = await access_api_factory(access={"local_cache_seconds": 0})
    prod = org_roles.org.accounts["prod"]
    async with weep_client(api, BOB) as client:
        before = (await client.get("/api/v1/get_roles?all=true")).json()
        inventory = InventoryCache(api.services.cache)
        tagged = [
            {**role, "tags": {**role["tags"], "consoleme-authorized": "data-science"}}
            if role["name"] == "engineering-admin"
            else role
            for role in org_roles.roles[prod]
        ]
        await inventory.replace_part(prod, "iam_role", tagged)  # type: ignore[arg-type]
        after = (await client.get("/api/v1/get_roles?all=true")).json()
    added = org_roles.arn("prod", "engineering-admin")
    assert added not in before
    assert sorted([*before, added]) == after


async def test_eligible_roles_page_search_filters_and_cursor(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    async with weep_client(access_api, ALICE) as client:
        first = (await client.get("/api/v2/eligible_roles", params={"limit": "4"})).json()
        second = (
            await client.get(
                "/api/v2/eligible_roles", params={"limit": "4", "cursor": first["next_cursor"]}
            )
        ).json()
        search = (await client.get("/api/v2/eligible_roles?search=prod+admin")).json()
        cli = (await client.get("/api/v2/eligible_roles?access=cli_only")).json()
        staging = (await client.get("/api/v2/eligible_roles?account=STAGING")).json()
        bad = await client.get("/api/v2/eligible_roles?limit=0&color=red")
    EligibleRolesPage.model_validate(first)
    assert first["total"] == 15
    assert len(first["roles"]) == 4
    assert [r["account_name"] for r in first["roles"]] == ["data"] * 3 + ["dev"]
    assert second["roles"][0]["account_name"] == "dev"
    assert {r["arn"] for r in first["roles"]}.isdisjoint(r["arn"] for r in second["roles"])
    assert [r["arn"] for r in search["roles"]] == [org_roles.arn("prod", "engineering-admin")]
    assert {r["role_name"] for r in cli["roles"]} == {"ci-deployer"}
    assert all(r["cli_only"] for r in cli["roles"])
    assert {r["account_id"] for r in staging["roles"]} == {org_roles.org.accounts["staging"]}
    assert [a["name"] for a in first["accounts"]] == sorted(org_roles.org.member_ids)
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["details"]["errors"]} == {"limit", "color"}


async def test_favorites_come_first(access_api: RunningApi, org_roles: OrgRoles) -> None:
    arn = org_roles.arn("staging", "ci-deployer")
    encoded = quote(arn, safe="")  # what the UI's encodeURIComponent sends
    async with access_api.client() as browser:
        await access_api.sign_in(browser, ALICE)
        xsrf = access_api.xsrf_headers(browser)
        no_xsrf = await browser.put(f"/api/v2/favorite_roles/{arn}")
        put = await browser.put(f"/api/v2/favorite_roles/{encoded}", headers=xsrf)
        listed = (await browser.get("/api/v2/eligible_roles?limit=2")).json()
        only = (await browser.get("/api/v2/eligible_roles?favorites_only=true")).json()
        not_mine = await browser.put(
            f"/api/v2/favorite_roles/{org_roles.arn('prod', 'data-pipeline')}", headers=xsrf
        )
        removed = await browser.delete(f"/api/v2/favorite_roles/{arn}", headers=xsrf)
        after = (await browser.get("/api/v2/eligible_roles?limit=1")).json()
    assert no_xsrf.status_code == 403
    assert put.json() == {"arn": arn, "favorite": True}
    assert listed["roles"][0]["arn"] == arn
    assert listed["roles"][0]["favorite"] is True
    assert listed["roles"][1]["favorite"] is False
    assert [r["arn"] for r in only["roles"]] == [arn]
    assert not_mine.status_code == 404
    assert removed.json() == {"arn": arn, "favorite": False}
    assert after["roles"][0]["arn"] != arn


async def test_eligible_roles_needs_sign_in(access_api: RunningApi) -> None:
    async with access_api.client() as client:
        answer = await client.get("/api/v2/eligible_roles")
    assert answer.status_code == 401


def _account(account_id: str, name: str) -> Account:
    return Account(
        id=account_id,
        name=name,
        environment="",
        status="ACTIVE",
        ou_path="",
        tags={},
        source="config",
    )


async def test_hook_roles_are_eligible(access_api_factory: Any, org_roles: OrgRoles) -> None:
    from consoleme.plugins import hookimpl

    class ExtraRoles:
        @hookimpl
        def eligible_roles(self, user: str, groups: list[str]) -> list[str]:
            return ["arn:aws:iam::999999999999:role/from-hook"] if "ops" in groups else []

    api = await access_api_factory()
    api.services.plugins.register(ExtraRoles(), name="extra-roles")
    await InventoryCache(api.services.cache).set_accounts(
        [*org_roles.accounts, _account("999999999999", "elsewhere")]
    )
    async with weep_client(api, "olga@example.com", ["ops"]) as client:
        roles = (await client.get("/api/v2/get_roles?all=true")).json()["data"]["roles"]
    assert roles == [
        {
            "arn": "arn:aws:iam::999999999999:role/from-hook",
            "account_id": "999999999999",
            "account_friendly_name": "elsewhere",
            "role_name": "from-hook",
            "apps": None,
        }
    ]
