"""The audit log and the mapping editor: who may read and change what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from consoleme.testing import RunningApi
from tests.integration.access.conftest import OrgRoles
from tests.integration.access.weep import ALICE, BOB, CAROL, get_credentials, weep_client

pytestmark = pytest.mark.integration


async def _activity(api: RunningApi, org_roles: OrgRoles) -> None:
    async with weep_client(api, ALICE) as alice, weep_client(api, BOB) as bob:
        assert (await get_credentials(alice, org_roles.arn("prod", "engineering-admin"))).is_success
        assert (await get_credentials(alice, "nothing")).status_code == 403
        assert (await get_credentials(bob, org_roles.arn("data", "data-pipeline"))).is_success


async def test_admin_reads_and_filters_everyone(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    await _activity(access_api, org_roles)
    role = org_roles.arn("prod", "engineering-admin")
    async with access_api.client() as carol:
        await access_api.sign_in(carol, CAROL)
        everyone = (await carol.get("/api/v2/audit")).json()
        alice = (await carol.get("/api/v2/audit", params={"user": ALICE})).json()
        by_role = (await carol.get("/api/v2/audit", params={"role": role})).json()
        both = (await carol.get("/api/v2/audit", params={"user": BOB, "role": role})).json()
        paged = (await carol.get("/api/v2/audit", params={"limit": "2"})).json()
        rest = (
            await carol.get("/api/v2/audit", params={"limit": "2", "cursor": paged["next_cursor"]})
        ).json()
        future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
        none_yet = (await carol.get("/api/v2/audit", params={"since": future})).json()
        window = (await carol.get("/api/v2/audit", params={"since": past, "until": future})).json()
    assert [e["user"] for e in everyone["events"]] == [BOB, ALICE, ALICE]
    refused = everyone["events"][1]
    assert refused["outcome"] == "refused"
    assert refused["code"] == "900"
    assert refused["requested_role"] == "nothing"
    issued = everyone["events"][2]
    assert issued["outcome"] == "issued"
    assert issued["role_arn"] == role
    assert issued["account_id"] == org_roles.org.accounts["prod"]
    assert issued["action"] == "credentials"
    assert issued["client_kind"] == "weep"
    assert issued["ip_restricted"] is False
    assert issued["source_ip"] == "127.0.0.1"
    assert issued["user_agent"].startswith("weep/")
    assert len(issued["request_id"]) >= 8
    assert [e["user"] for e in alice["events"]] == [ALICE, ALICE]
    assert [e["role_arn"] for e in by_role["events"]] == [role]
    assert both["events"] == []
    assert len(paged["events"]) == 2
    assert [e["user"] for e in rest["events"]] == [ALICE]
    assert rest["next_cursor"] is None
    assert none_yet["events"] == []
    assert len(window["events"]) == 3


async def test_users_see_only_their_own(access_api: RunningApi, org_roles: OrgRoles) -> None:
    await _activity(access_api, org_roles)
    async with access_api.client() as bob:
        await access_api.sign_in(bob, BOB)
        own = (await bob.get("/api/v2/audit")).json()
        named_self = await bob.get("/api/v2/audit", params={"user": BOB})
        other = await bob.get("/api/v2/audit", params={"user": ALICE})
    assert [e["user"] for e in own["events"]] == [BOB]
    assert named_self.status_code == 200
    assert other.status_code == 403
    async with access_api.client() as anonymous:
        assert (await anonymous.get("/api/v2/audit")).status_code == 401


async def test_metrics_count_issued_and_refused(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    await _activity(access_api, org_roles)
    async with access_api.client() as client:
        text = (await client.get("/metrics")).text
    assert 'consoleme_access_issued_total{action="credentials",client="weep"} 2.0' in text
    assert 'consoleme_access_refused_total{action="credentials",code="900"} 1.0' in text


async def test_mappings_are_for_admins(access_api_factory: object, org_roles: OrgRoles) -> None:
    api: RunningApi = await access_api_factory(  # type: ignore[operator]
        access={"group_mappings": {"platform": {"roles": ["arn:aws:iam::*:role/data-pipeline"]}}}
    )
    arn = org_roles.arn("security", "security-audit")
    async with api.client() as alice:
        await api.sign_in(alice, ALICE)
        assert (await alice.get("/api/v2/role_mappings")).status_code == 403
        put = await alice.put(
            "/api/v2/role_mappings/engineering",
            json={"roles": [arn], "version": 0},
            headers=api.xsrf_headers(alice),
        )
        assert put.status_code == 403
    async with weep_client(api, CAROL) as carol_cli:  # an admin, but a CLI token works too
        assert (await carol_cli.get("/api/v2/role_mappings")).status_code == 200
    async with api.client() as carol:
        await api.sign_in(carol, CAROL)
        xsrf = api.xsrf_headers(carol)
        created = await carol.put(
            "/api/v2/role_mappings/auditors", json={"roles": [arn], "version": 0}, headers=xsrf
        )
        stale = await carol.put(
            "/api/v2/role_mappings/auditors", json={"roles": [], "version": 0}, headers=xsrf
        )
        bad = await carol.put(
            "/api/v2/role_mappings/auditors", json={"roles": ["admin"], "version": 1}, headers=xsrf
        )
        listed = (await carol.get("/api/v2/role_mappings")).json()["mappings"]
        wrong_version = await carol.delete("/api/v2/role_mappings/auditors?version=7", headers=xsrf)
        deleted = await carol.delete("/api/v2/role_mappings/auditors?version=1", headers=xsrf)
        missing = await carol.delete("/api/v2/role_mappings/auditors?version=1", headers=xsrf)
    assert created.status_code == 200
    assert created.json()["updated_by"] == CAROL
    assert stale.status_code == 409
    assert bad.status_code == 400
    assert [(m["group"], m["source"], m["version"]) for m in listed] == [
        ("platform", "config", 0),
        ("auditors", "dynamic", 1),
    ]
    assert wrong_version.status_code == 409
    assert deleted.json() == {"deleted": True}
    assert missing.status_code == 404
