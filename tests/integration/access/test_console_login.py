"""``GET /api/v2/role_login/<query>``: console sign-in through a (local) federation endpoint."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from consoleme.config.models import AwsSettings
from consoleme.testing import RunningApi
from tests.integration.access.conftest import (
    FederationEndpoint,
    OrgRoles,
    RecordingProxy,
    TlsFederationEndpoint,
    caller_identity,
)
from tests.integration.access.weep import ALICE, BOB

pytestmark = pytest.mark.integration


async def _api(factory: Any, endpoint: FederationEndpoint, **console: Any) -> RunningApi:
    api: RunningApi = await factory(
        access={"console": {"federation_url": endpoint.url, **console}},
        server={"public_url": "https://consoleme.example.com"},
    )
    return api


async def _login(api: RunningApi, user: str, path: str) -> Any:
    async with api.client() as browser:
        await api.sign_in(browser, user)
        return await browser.get(path)


async def test_one_match_signs_in_through_the_federation_endpoint(
    access_api_factory: Any,
    federation_endpoint: FederationEndpoint,
    sts_recorder: RecordingProxy,
    aws_settings: AwsSettings,
    org_roles: OrgRoles,
) -> None:
    api = await access_api_factory(
        aws=aws_settings.model_copy(update={"endpoint_url": sts_recorder.url}),
        access={
            "console": {"federation_url": federation_endpoint.url},
            "credentials": {"ip_restrictions": True},
        },
    )
    prod = org_roles.org.accounts["prod"]
    answer = await _login(
        api, ALICE, f"/api/v2/role_login/{prod}:role/ENGINEERING-admin?r=eu-west-1"
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    arn = org_roles.arn("prod", "engineering-admin")
    assert body["type"] == "redirect"
    assert body["reason"] == "console_login"
    assert body["role"] == arn
    url = urlsplit(body["redirect_url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == federation_endpoint.url
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query == {
        "Action": "login",
        "Issuer": "ConsoleMe",
        "Destination": "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
        "SigninToken": "token-1",
    }
    # The endpoint got a Session JSON whose credentials are the role's, for the user.
    [session] = federation_endpoint.sessions
    who = caller_identity(
        {
            "AccessKeyId": session["sessionId"],
            "SecretAccessKey": session["sessionKey"],
            "SessionToken": session["sessionToken"],
        },
        org_roles.org.endpoint_url,
    )
    assert who["Arn"] == f"arn:aws:sts::{prod}:assumed-role/engineering-admin/{ALICE}"
    assert federation_endpoint.durations == ["3600"]
    # Console sessions never carry the IP policy, even when credentials do.
    [sent] = [c for c in sts_recorder.calls("AssumeRole") if c["RoleArn"] == arn]
    assert "Policy" not in sent
    assert "DurationSeconds" not in sent
    assert sent["SourceIdentity"] == ALICE


async def test_deep_link_and_refused_redirect(
    access_api_factory: Any, federation_endpoint: FederationEndpoint, org_roles: OrgRoles
) -> None:
    api = await _api(access_api_factory, federation_endpoint, issuer="https://cme.example.com")
    arn = org_roles.arn("data", "engineering-readonly")
    deep = "https://s3.console.aws.amazon.com/s3/buckets/data-lake-raw"
    good = await _login(api, ALICE, f"/api/v2/role_login/{arn}?redirect={deep}")
    bad = await _login(api, ALICE, f"/api/v2/role_login/{arn}?redirect=https://evil.example.com/")
    query = parse_qs(urlsplit(good.json()["redirect_url"]).query)
    assert query["Destination"] == [deep]
    assert query["Issuer"] == ["https://cme.example.com"]
    assert bad.status_code == 400
    assert bad.json()["type"] == "error"
    assert bad.json()["code"] == "invalid_redirect"


async def test_several_matches_answer_a_chooser(
    access_api_factory: Any, federation_endpoint: FederationEndpoint, org_roles: OrgRoles
) -> None:
    api = await _api(access_api_factory, federation_endpoint)
    answer = await _login(api, ALICE, "/api/v2/role_login/engineering-admin")
    body = answer.json()
    assert answer.status_code == 200
    assert body["reason"] == "multiple_roles"
    assert body["type"] == "redirect"
    assert body["role"] is None
    assert body["roles"] == sorted(
        org_roles.arn(a, "engineering-admin") for a in org_roles.org.member_ids
    )
    query = parse_qs(urlsplit(body["redirect_url"]).query)
    assert query["arn"] == ["engineering-admin"]
    assert "engineering-admin" in base64.b64decode(query["warningMessage"][0]).decode()
    assert federation_endpoint.sessions == []


async def test_no_match_cli_only_and_not_eligible_are_404(
    access_api_factory: Any, federation_endpoint: FederationEndpoint, org_roles: OrgRoles
) -> None:
    api = await _api(access_api_factory, federation_endpoint)
    for user, query in (
        (ALICE, "nothing-like-this"),
        (ALICE, org_roles.arn("prod", "ci-deployer")),  # CLI-only
        (BOB, org_roles.arn("prod", "engineering-admin")),
    ):
        answer = await _login(api, user, f"/api/v2/role_login/{query}")
        assert answer.status_code == 404, query
        assert answer.json()["type"] == "error"
        assert answer.json()["message"]
    async with api.client() as anonymous:
        assert (await anonymous.get("/api/v2/role_login/x")).status_code == 401


async def test_federation_tls_is_verified(
    access_api_factory: Any, tls_federation_endpoint: TlsFederationEndpoint, org_roles: OrgRoles
) -> None:
    arn = org_roles.arn("dev", "engineering-admin")
    untrusted = await _api(access_api_factory, tls_federation_endpoint)
    refused = await _login(untrusted, ALICE, f"/api/v2/role_login/{arn}")
    assert refused.status_code == 502
    assert "CERTIFICATE_VERIFY_FAILED" in refused.json()["message"]
    assert tls_federation_endpoint.sessions == []
    trusted = await _api(
        access_api_factory,
        tls_federation_endpoint,
        federation_ca_bundle=str(tls_federation_endpoint.ca_bundle),
    )
    answer = await _login(trusted, ALICE, f"/api/v2/role_login/{arn}")
    assert answer.status_code == 200, answer.text
    assert answer.json()["redirect_url"].startswith(tls_federation_endpoint.url + "?Action=login")
    assert len(tls_federation_endpoint.sessions) == 1
