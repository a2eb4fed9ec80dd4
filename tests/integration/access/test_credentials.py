"""``POST /api/v1/get_credentials`` against a moto organization and real Redis.

The credentials handed out are used against moto: ``sts:GetCallerIdentity`` with them must name
the role's assumed-role session (role name and session name = the user) in the right account.
"""

from __future__ import annotations

from typing import Any

import pytest

from consoleme.testing import RunningApi
from tests.integration.access.conftest import OrgRoles, caller_identity
from tests.integration.access.weep import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    get_credentials,
    go_json,
    weep_client,
)

pytestmark = pytest.mark.integration


async def test_tag_eligible_role_gives_working_credentials(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    arn = org_roles.arn("prod", "engineering-admin")
    async with weep_client(access_api, ALICE) as client:
        answer = await get_credentials(client, arn)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    creds = body["Credentials"]
    assert set(creds) == {
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
        "RoleArn",
    }
    assert type(creds["Expiration"]) is int
    assert creds["RoleArn"] == arn
    assert b'"Expiration":' + str(creds["Expiration"]).encode() + b"," in answer.content
    who = caller_identity(creds, org_roles.org.endpoint_url)
    prod = org_roles.org.accounts["prod"]
    assert who["Account"] == prod
    assert who["Arn"] == f"arn:aws:sts::{prod}:assumed-role/engineering-admin/{ALICE}"


async def test_substring_resolves_a_unique_role(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    staging = org_roles.org.accounts["staging"]
    async with weep_client(access_api, ALICE) as client:
        answer = await get_credentials(client, f"{staging}:ROLE/Engineering-Readonly")
    assert answer.status_code == 200, answer.text
    creds = answer.json()["Credentials"]
    assert creds["RoleArn"] == org_roles.arn("staging", "engineering-readonly")
    who = caller_identity(creds, org_roles.org.endpoint_url)
    assert who["Arn"].startswith(f"arn:aws:sts::{staging}:assumed-role/engineering-readonly/")


async def test_several_matches_is_901_with_the_list(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    async with weep_client(access_api, ALICE) as client:
        answer = await get_credentials(client, "engineering-admin")
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "901"
    members = sorted(org_roles.org.member_ids)
    assert body["matching roles"] == sorted(org_roles.arn(m, "engineering-admin") for m in members)
    assert body["requested_role"] == "engineering-admin"
    assert body["request_id"] == answer.headers["X-Request-Id"]


async def test_not_eligible_by_tag(access_api: RunningApi, org_roles: OrgRoles) -> None:
    arn = org_roles.arn("prod", "engineering-admin")
    async with weep_client(access_api, BOB) as client:
        by_arn = await get_credentials(client, arn)
        by_search = await get_credentials(client, "engineering-admin")
        allowed = await get_credentials(client, org_roles.arn("prod", "engineering-readonly"))
    assert (by_arn.status_code, by_arn.json()["code"]) == (403, "903")
    assert (by_search.status_code, by_search.json()["code"]) == (403, "900")
    assert allowed.status_code == 200


async def test_dave_has_nothing(access_api: RunningApi) -> None:
    async with weep_client(access_api, DAVE) as client:
        answer = await get_credentials(client, "role")
        roles = await client.get("/api/v2/get_roles?all=true")
    assert (answer.status_code, answer.json()["code"]) == (403, "900")
    assert roles.json()["data"]["roles"] == []


async def test_cli_only_role_gives_credentials_but_not_with_console_only(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    arn = org_roles.arn("dev", "ci-deployer")
    async with weep_client(access_api, ALICE) as client:
        answer = await get_credentials(client, arn)
        console_only = await get_credentials(client, arn, console_only=True)
    assert answer.status_code == 200, answer.text
    assert console_only.status_code == 403
    assert console_only.json()["code"] == "903"


async def test_mapping_in_settings_grants_roles(
    access_api_factory: Any, org_roles: OrgRoles
) -> None:
    api = await access_api_factory(
        access={
            "group_mappings": {
                "platform": {
                    "roles": ["arn:aws:iam::*:role/data-pipeline"],
                    "cli_only_roles": [org_roles.arn("security", "security-audit")],
                }
            }
        }
    )
    async with weep_client(api, "erin@example.com", ["platform"]) as client:
        v1 = (await client.get("/api/v1/get_roles?all=true")).json()
        v1_console = (await client.get("/api/v1/get_roles")).json()
        answer = await get_credentials(client, org_roles.arn("data", "data-pipeline"))
    pipelines = sorted(org_roles.arn(a, "data-pipeline") for a in ("prod", "data"))
    assert v1 == sorted([*pipelines, org_roles.arn("security", "security-audit")])
    assert v1_console == pipelines
    assert answer.status_code == 200, answer.text
    who = caller_identity(answer.json()["Credentials"], org_roles.org.endpoint_url)
    assert who["Arn"].endswith(":assumed-role/data-pipeline/erin@example.com")


async def test_dynamic_mapping_applies_at_once(access_api: RunningApi, org_roles: OrgRoles) -> None:
    arn = org_roles.arn("security", "security-audit")
    async with weep_client(access_api, DAVE, ["auditors"]) as dave:
        before = await get_credentials(dave, arn)
        assert before.json()["code"] == "903"
        async with access_api.client() as admin:
            await access_api.sign_in(admin, CAROL)
            put = await admin.put(
                "/api/v2/role_mappings/auditors",
                json={"roles": [arn], "version": 0},
                headers=access_api.xsrf_headers(admin),
            )
            assert put.status_code == 200, put.text
            assert put.json()["version"] == 1
        after = await get_credentials(dave, arn)
    assert after.status_code == 200, after.text


async def test_metadata_is_accepted_and_recorded(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    metadata = {"hostname": "h1", "username": "alice", "weep_version": "0.3.26", "weep_method": "x"}
    async with weep_client(access_api, ALICE) as client:
        answer = await get_credentials(
            client, org_roles.arn("prod", "engineering-readonly"), metadata=metadata
        )
        audit = await client.get("/api/v2/audit")
    assert answer.status_code == 200, answer.text
    event = audit.json()["events"][0]
    assert event["metadata"] == metadata
    assert event["outcome"] == "issued"
    assert event["client_kind"] == "weep"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"requested_role": "x"', "invalid JSON"),
        (
            go_json({"requested_role": "x", "no_ip_restrictions": False, "app_name": "a"}),
            "app_name",
        ),
        (go_json({"no_ip_restrictions": False}), "requested_role"),
        (go_json({"requested_role": "x", "user_role": "y", "account": "prod"}), "together"),
        (go_json(["requested_role"]), "dictionary"),
        (b"", "invalid JSON"),
    ],
)
async def test_malformed_requests_are_904(
    access_api: RunningApi, body: bytes, problem: str
) -> None:
    async with weep_client(access_api, ALICE) as client:
        answer = await client.post("/api/v1/get_credentials", content=body)
    assert answer.status_code == 400
    assert answer.json()["code"] == "904"
    assert problem in answer.json()["message"]


async def test_unknown_account_is_906_and_user_role_works(
    access_api: RunningApi, org_roles: OrgRoles
) -> None:
    async with weep_client(access_api, ALICE) as client:
        unknown = await get_credentials_by_account(client, "nope", "engineering-admin")
        by_name = await get_credentials_by_account(client, "staging", "engineering-admin")
        not_mine = await get_credentials_by_account(client, "staging", "data-pipeline")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "906")
    assert by_name.status_code == 200, by_name.text
    assert by_name.json()["Credentials"]["RoleArn"] == org_roles.arn("staging", "engineering-admin")
    assert (not_mine.status_code, not_mine.json()["code"]) == (403, "903")


async def get_credentials_by_account(client: Any, account: str, role: str) -> Any:
    body = go_json({"user_role": role, "account": account, "no_ip_restrictions": False})
    return await client.post("/api/v1/get_credentials", content=body)


async def test_invalid_jwt_is_403(access_api: RunningApi) -> None:
    cookie_name = access_api.services.settings.auth.session.cli_cookie_name
    async with access_api.client(cookies={cookie_name: "not.a.jwt"}) as client:
        answer = await client.post(
            "/api/v1/get_credentials", content=go_json({"requested_role": "x"})
        )
        roles = await client.get("/api/v2/get_roles?all=true")
    assert (answer.status_code, answer.json()["code"]) == (403, "invalid_jwt")
    assert (roles.status_code, roles.json()["code"]) == (403, "invalid_jwt")


async def test_anonymous_is_refused(access_api: RunningApi) -> None:
    async with access_api.client() as client:
        answer = await client.post(
            "/api/v1/get_credentials", content=go_json({"requested_role": "x"})
        )
        roles = await client.get("/api/v2/get_roles")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"
    assert roles.status_code == 401


async def test_browser_session_needs_xsrf(access_api: RunningApi, org_roles: OrgRoles) -> None:
    body = go_json({"requested_role": org_roles.arn("prod", "engineering-admin")})
    async with access_api.client() as browser:
        await access_api.sign_in(browser, ALICE)
        refused = await browser.post("/api/v1/get_credentials", content=body)
        allowed = await browser.post(
            "/api/v1/get_credentials", content=body, headers=access_api.xsrf_headers(browser)
        )
    assert (refused.status_code, refused.json()["code"]) == (403, "xsrf_failed")
    assert allowed.status_code == 200, allowed.text
