"""Replays what the stock weep CLI sends, byte for byte, and checks the contract's shapes.

Challenge login (generator and poller with Go's bare client, the approval through a browser
session), then with the cookie weep keeps: ``get_roles`` v2, ``get_credentials`` (body with
``metadata`` and a trailing newline), typeahead and ``get_resource_url``.
"""

from __future__ import annotations

import re
import time
from typing import Any

import jwt
import pytest

from consoleme.testing import RunningApi
from tests.integration.access.conftest import OrgRoles, caller_identity
from tests.integration.access.weep import (
    ALICE,
    GO_AGENT,
    credential_body,
    weep_request,
)

pytestmark = pytest.mark.integration


async def challenge_login(api: RunningApi, user: str = ALICE) -> dict[str, Any]:
    """Weep's challenge login as the CLI and the user's browser perform it; the poll answer."""
    generated = await weep_request(
        api.url, "GET", f"/noauth/v1/challenge_generator/{user}", agent=GO_AGENT
    )
    assert generated.status == 200
    urls = generated.json()
    assert set(urls) == {"challenge_url", "polling_url"}
    token = urls["challenge_url"].rsplit("/", 1)[1]
    assert urls["challenge_url"] == f"{api.url}/challenge_validator/{token}"
    assert urls["polling_url"] == f"{api.url}/noauth/v1/challenge_poller/{token}"
    poll_path = urls["polling_url"].removeprefix(api.url)
    pending = await weep_request(api.url, "GET", poll_path, agent=GO_AGENT)
    assert pending.json() == {"status": "pending"}
    async with api.client() as browser:  # the user's browser, signed in
        await api.sign_in(browser, user)
        shown = await browser.get(f"/api/v2/challenge_validator/{token}")
        assert shown.status_code == 200, shown.text
        prompt = shown.json()
        assert set(prompt) == {"message", "nonce", "show_approve_button"}
        assert prompt["show_approve_button"] is True
        assert user in prompt["message"]
        approved = await browser.post(
            f"/api/v2/challenge_validator/{token}",
            json={"nonce": prompt["nonce"]},
            headers=api.xsrf_headers(browser),
        )
        assert approved.status_code == 200, approved.text
    polled = await weep_request(api.url, "GET", poll_path, agent=GO_AGENT)
    assert polled.status == 200
    again = await weep_request(api.url, "GET", poll_path, agent=GO_AGENT)
    assert again.json() == {"status": "unknown"}  # handed out once
    answer: dict[str, Any] = polled.json()
    return answer


async def test_weep_session_end_to_end(access_api: RunningApi, org_roles: OrgRoles) -> None:
    login = await challenge_login(access_api)
    assert set(login) == {"status", "cookie_name", "expiration", "encoded_jwt", "user"}
    assert login["status"] == "success"
    assert login["cookie_name"] == "consoleme_auth"
    assert login["user"] == ALICE
    assert type(login["expiration"]) is int
    claims = jwt.decode(login["encoded_jwt"], options={"verify_signature": False})
    assert claims["aud"] == "consoleme:cli"
    assert claims["exp"] == login["expiration"]
    assert claims["exp"] - claims["iat"] == 12 * 3600
    assert abs(claims["iat"] - time.time()) < 60
    cookie = f"{login['cookie_name']}={login['encoded_jwt']}"

    roles = await weep_request(access_api.url, "GET", "/api/v2/get_roles?all=true", cookie=cookie)
    assert roles.status == 200
    assert roles.headers["content-encoding"] == "gzip"  # Go asked for it and un-gzips it
    body = roles.json()
    assert set(body) == {"status", "status_code", "data"}
    assert set(body["data"]) == {"roles"}
    arns = [r["arn"] for r in body["data"]["roles"]]
    assert arns == sorted(arns)
    for role in body["data"]["roles"]:
        assert set(role) == {"arn", "account_id", "account_friendly_name", "role_name", "apps"}

    prod = org_roles.org.accounts["prod"]
    creds = await weep_request(
        access_api.url,
        "POST",
        "/api/v1/get_credentials",
        cookie=cookie,
        body=credential_body(f"{prod}:role/engineering-admin"),
    )
    assert creds.status == 200, creds.body
    assert re.search(rb'"Expiration":\d+[,}]', creds.body)  # a bare integer
    payload = creds.json()
    assert set(payload) == {"Credentials"}
    assert payload["Credentials"]["RoleArn"] == org_roles.arn("prod", "engineering-admin")
    who = caller_identity(payload["Credentials"], org_roles.org.endpoint_url)
    assert who["Arn"] == f"arn:aws:sts::{prod}:assumed-role/engineering-admin/{ALICE}"

    many = await weep_request(
        access_api.url,
        "POST",
        "/api/v1/get_credentials",
        cookie=cookie,
        body=credential_body("engineering"),
    )
    assert many.status == 403
    error = many.json()
    assert error["code"] == "901"
    assert {"code", "message", "requested_role", "exception", "request_id"} <= set(error)
    assert error["requested_role"] == "engineering"

    expired_cookie = "consoleme_auth=" + login["encoded_jwt"][:-4] + "AAAA"
    invalid = await weep_request(
        access_api.url,
        "POST",
        "/api/v1/get_credentials",
        cookie=expired_cookie,
        body=credential_body("x"),
    )
    assert (invalid.status, invalid.json()["code"]) == (403, "invalid_jwt")


async def _weep_get(api: RunningApi, path: str) -> Any:
    login = await challenge_login(api)
    answer = await weep_request(
        api.url, "GET", path, cookie=f"{login['cookie_name']}={login['encoded_jwt']}"
    )
    if (
        answer.status == 404
        and answer.json().get("code") == "not_found"
        and "no such endpoint" in (answer.json().get("message", ""))
    ):
        pytest.skip(f"{path.split('?')[0]} is not served yet (inventory search routes)")
    return answer


async def test_weep_typeahead(access_api: RunningApi, org_roles: OrgRoles) -> None:
    accounts = await _weep_get(
        access_api, "/api/v1/policies/typeahead?search=prod&resource=account&limit=10"
    )
    assert accounts.status == 200
    titles = [item["title"] for item in accounts.json()]
    assert f"prod ({org_roles.org.accounts['prod']})" in titles
    assert all(re.fullmatch(r".+ \(\d{12}\)", t) for t in titles)
    roles = await _weep_get(
        access_api, "/api/v1/policies/typeahead?search=ENGINEERING-adm&resource=iam_arn&limit=50"
    )
    assert {item["title"] for item in roles.json()} >= {
        org_roles.arn(a, "engineering-admin") for a in org_roles.org.member_ids
    }


async def test_weep_get_resource_url(access_api: RunningApi, org_roles: OrgRoles) -> None:
    arn = org_roles.arn("prod", "engineering-admin")
    answer = await _weep_get(access_api, f"/api/v2/get_resource_url?arn={arn}")
    assert answer.status == 200
    body = answer.json()
    assert body["status"] == "success"
    assert body["data"]["url"] == (
        f"/policies/edit/{org_roles.org.accounts['prod']}/iamrole/engineering-admin"
    )
