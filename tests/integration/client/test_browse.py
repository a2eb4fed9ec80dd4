"""``cme list``, ``console`` and ``open`` against a real server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from consoleme.testing import RunningApi
from tests.integration.access.conftest import FederationEndpoint, OrgRoles
from tests.integration.client.conftest import SignedIn, cme_environment, login, run

pytestmark = pytest.mark.integration


async def test_list_table_json_and_fuzzy_filter(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    table = await signed_in.cme("list")
    assert table.code == 0, table.stderr
    header, *rows = table.stdout.splitlines()
    assert header.split() == ["ACCOUNT", "ROLE", "ARN"]
    members = org_roles.org.member_ids
    assert len(rows) == 3 * len(members)  # engineering-admin, -readonly and ci-deployer
    prod_admin = org_roles.arn("prod", "engineering-admin")
    assert f"prod  engineering-admin     {prod_admin}".split() in [r.split() for r in rows]

    # Weep's picker rule: typed letters in order, spaces ignored, account name on both sides.
    for typed in ("prod eng adm", "adm prod", "PROD ENGINEERING-ADMIN"):
        found = await signed_in.cme("list", typed, "--json")
        assert found.code == 0
        arns = [r["arn"] for r in json.loads(found.stdout)]
        assert prod_admin in arns, typed
        assert all(a.split(":")[4] in {members["prod"]} or "adm" in a for a in arns)
    exact = json.loads((await signed_in.cme("list", "prodengineeringadmin", "--json")).stdout)
    assert exact == [
        {
            "account_id": members["prod"],
            "account_name": "prod",
            "role_name": "engineering-admin",
            "arn": prod_admin,
        }
    ]
    assert (await signed_in.cme("list", "zzz")).stdout.splitlines()[1:] == []


async def test_console_prints_the_sign_in_url(
    access_api_factory: Any,
    federation_endpoint: FederationEndpoint,
    org_roles: OrgRoles,
    tmp_path: Path,
) -> None:
    api: RunningApi = await access_api_factory(
        access={"console": {"federation_url": federation_endpoint.url}}
    )
    env = cme_environment(tmp_path, api.url)
    assert (await login(api, env)).code == 0
    prod = org_roles.org.accounts["prod"]
    result = await run(env, "console", f"{prod}:role/engineering-admin", "--print")
    assert result.code == 0, result.stderr
    url = urlsplit(result.stdout.strip())
    assert f"{url.scheme}://{url.netloc}{url.path}" == federation_endpoint.url
    assert parse_qs(url.query)["Action"] == ["login"]
    assert len(federation_endpoint.sessions) == 1

    several = await run(env, "console", "engineering-admin", "--print")
    assert several.code == 5
    assert several.stderr.splitlines()[0] == (
        "cme: more than one console role matches 'engineering-admin'"
    )
    cli_only = await run(env, "console", f"{prod}:role/ci-deployer", "--print")
    assert cli_only.code == 4
    assert "none of your console roles matches" in cli_only.stderr


async def test_open_prints_the_resource_page(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    arn = org_roles.arn("prod", "engineering-admin")
    result = await signed_in.cme("open", arn, "--print")
    assert result.code == 0, result.stderr
    prod = org_roles.org.accounts["prod"]
    assert result.stdout == f"{signed_in.api.url}/policies/edit/{prod}/iamrole/engineering-admin\n"
    missing = await signed_in.cme("open", f"arn:aws:iam::{prod}:role/nope", "--print")
    assert missing.code == 1
    assert missing.stderr.startswith("cme: could not find the resource (HTTP 404")
