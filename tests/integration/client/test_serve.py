"""``cme serve`` with botocore's container and instance-metadata providers, and what it refuses.

Each provider test ends with ``sts:GetCallerIdentity`` on moto made by a fresh Python process
whose only source of credentials is the local server.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import stat
from typing import Any

import pytest
from botocore.credentials import ContainerProvider
from botocore.exceptions import CredentialRetrievalError

from consoleme.client.paths import CmePaths
from tests.integration.access.conftest import OrgRoles
from tests.integration.access.weep import ALICE
from tests.integration.client.conftest import (
    Served,
    SignedIn,
    approve,
    botocore_environment,
    caller_identity,
    run,
    start_serve,
    stop_serve,
)

pytestmark = pytest.mark.integration

TTL = "X-aws-ec2-metadata-token-ttl-seconds"
TOKEN = "X-aws-ec2-metadata-token"


async def request(
    served: Served, method: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """One raw request (in a thread: the server may call the API in this event loop)."""

    def send() -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            answer = connection.getresponse()
            body = answer.read().decode()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body
        finally:
            connection.close()

    return await asyncio.to_thread(send)


def _assumed(org_roles: OrgRoles, account: str, role: str) -> str:
    return f"arn:aws:sts::{org_roles.org.accounts[account]}:assumed-role/{role}/{ALICE}"


async def test_container_provider(serving: Any, org_roles: OrgRoles) -> None:
    served: Served = await serving()
    assert served.exports["AWS_CONTAINER_CREDENTIALS_FULL_URI"].endswith("/ecs/<role>")
    staging = org_roles.org.accounts["staging"]
    env = botocore_environment(
        {
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": f"{served.base}/ecs/{staging}:role/"
            "engineering-admin",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": served.exports[
                "AWS_CONTAINER_AUTHORIZATION_TOKEN"
            ],
        }
    )
    shown = await caller_identity(env, org_roles.org.endpoint_url)
    assert shown.code == 0, shown.stderr
    identity = json.loads(shown.stdout)
    assert identity["Arn"] == _assumed(org_roles, "staging", "engineering-admin")
    assert identity["method"] == "container-role"

    status, headers, body = await request(
        served,
        "GET",
        f"/ecs/{staging}:role/engineering-admin",
        {"Authorization": served.exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"]},
    )
    assert (status, headers["content-type"]) == (200, "application/json")
    answer = json.loads(body)
    assert set(answer) == {"AccessKeyId", "SecretAccessKey", "Token", "Expiration", "RoleArn"}
    assert answer["Expiration"].endswith("Z")
    assert answer["RoleArn"] == org_roles.arn("staging", "engineering-admin")


async def test_container_provider_refused_without_the_token(
    serving: Any, org_roles: OrgRoles
) -> None:
    served: Served = await serving()
    uri = f"{served.base}/ecs/{org_roles.arn('prod', 'engineering-admin')}"

    def load(environ: dict[str, str]) -> Any:
        return ContainerProvider(environ=environ).load()

    for environ in (
        {"AWS_CONTAINER_CREDENTIALS_FULL_URI": uri},
        {"AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "guess"},
    ):
        with pytest.raises(CredentialRetrievalError, match="missing or wrong Authorization"):
            await asyncio.to_thread(load, environ)
    status, _, body = await request(served, "GET", uri.removeprefix(served.base))
    assert (status, body) == (
        401,
        "missing or wrong Authorization (AWS_CONTAINER_AUTHORIZATION_TOKEN)",
    )


async def test_host_header_and_browsers_are_refused(serving: Any, org_roles: OrgRoles) -> None:
    served: Served = await serving()
    token = {"Authorization": served.exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"]}
    path = f"/ecs/{org_roles.arn('prod', 'engineering-admin')}"
    assert (await request(served, "GET", path, token))[0] == 200
    refused = [
        ({"Host": "evil.example.com"}, "host not allowed"),
        ({"Host": f"evil.example.com:{served.port}"}, "host not allowed"),
        ({"Host": f"127.0.0.1:{served.port + 1}"}, "host not allowed"),
        ({"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126"}, "browsers are not served"),
        ({"Origin": "https://evil.example.com"}, "browsers are not served"),
        ({"Referer": "https://evil.example.com/page"}, "browsers are not served"),
        ({"Sec-Fetch-Mode": "cors"}, "browsers are not served"),
        ({"X-Forwarded-For": "198.51.100.7"}, "browsers are not served"),
    ]
    for extra, reason in refused:
        status, _, body = await request(served, "GET", path, {**token, **extra})
        assert (status, body) == (403, reason), extra
    healthy = await request(served, "GET", "/healthcheck", {"User-Agent": "Mozilla/5.0"})
    assert (healthy[0], json.loads(healthy[2])) == (200, {"status": 200, "message": "healthy"})
    rebinding = await request(served, "GET", "/healthcheck", {"Host": "evil.example.com"})
    assert rebinding[0] == 403
    localhost = await request(served, "GET", path, {**token, "Host": f"localhost:{served.port}"})
    assert localhost[0] == 200


async def test_role_errors_reach_the_sdk_as_text(serving: Any) -> None:
    served: Served = await serving()
    token = {"Authorization": served.exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"]}
    ambiguous = await request(served, "GET", "/ecs/engineering-admin", token)
    assert ambiguous[0] == 400
    assert ambiguous[2].startswith("more than one role matches 'engineering-admin'")
    missing = await request(served, "GET", "/ecs/no-such-role", token)
    assert missing[0] == 403
    assert "none of your eligible roles matches 'no-such-role'" in missing[2]


async def test_imds_v2(serving: Any, org_roles: OrgRoles) -> None:
    arn = org_roles.arn("prod", "engineering-admin")
    served: Served = await serving(arn)
    endpoint = served.exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
    assert endpoint == f"{served.base}/"
    env = botocore_environment(
        {"AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint, "AWS_EC2_METADATA_DISABLED": "false"}
    )
    shown = await caller_identity(env, org_roles.org.endpoint_url)
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["Arn"] == _assumed(org_roles, "prod", "engineering-admin")
    assert json.loads(shown.stdout)["method"] == "iam-role"

    for bad in ({}, {TTL: "0"}, {TTL: "21601"}, {TTL: "abc"}, {TTL: "-5"}):
        status, _, _ = await request(served, "PUT", "/latest/api/token", bad)
        assert status == 400, bad
    status, headers, token = await request(served, "PUT", "/latest/api/token", {TTL: "21600"})
    assert (status, headers[TTL.lower()]) == (200, "21600")
    listing = "/latest/meta-data/iam/security-credentials/"
    assert (await request(served, "GET", listing))[0] == 401  # IMDSv2 required by default
    assert (await request(served, "GET", listing, {TOKEN: "forged"}))[0] == 401
    status, headers, name = await request(served, "GET", listing, {TOKEN: token})
    assert (status, name) == (200, "engineering-admin")  # no trailing newline
    assert 21590 <= int(headers[TTL.lower()]) <= 21600
    status, _, body = await request(served, "GET", listing + name, {TOKEN: token})
    answer = json.loads(body)
    assert answer["Code"] == "Success"
    assert {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"} <= set(answer)
    assert len(answer["Expiration"]) == 20
    assert answer["Expiration"].endswith("Z")
    assert (await request(served, "GET", listing + "other-role", {TOKEN: token}))[0] == 404
    _, _, info = await request(served, "GET", "/latest/meta-data/iam/info", {TOKEN: token})
    prod = org_roles.org.accounts["prod"]
    assert json.loads(info)["InstanceProfileArn"] == (
        f"arn:aws:iam::{prod}:instance-profile/engineering-admin"
    )


async def test_imds_v1_fallback(serving: Any, org_roles: OrgRoles) -> None:
    served: Served = await serving(
        org_roles.arn("dev", "engineering-readonly"), "--imds-tokens", "off"
    )
    status, _, _ = await request(served, "PUT", "/latest/api/token", {TTL: "60"})
    assert status == 403  # botocore then falls back to IMDSv1
    env = botocore_environment(
        {
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": served.exports[
                "AWS_EC2_METADATA_SERVICE_ENDPOINT"
            ],
            "AWS_EC2_METADATA_DISABLED": "false",
        }
    )
    shown = await caller_identity(env, org_roles.org.endpoint_url)
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["Arn"] == _assumed(org_roles, "dev", "engineering-readonly")


async def test_token_file_is_private_and_kept(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    token_file = signed_in.home / "ecs-token"
    first = await start_serve(signed_in, "--token-file", str(token_file))
    try:
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        assert first.exports["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] == str(token_file)
        env = botocore_environment(
            {
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": f"{first.base}/ecs/"
                + org_roles.arn("prod", "engineering-readonly"),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": str(token_file),
            }
        )
        shown = await caller_identity(env, org_roles.org.endpoint_url)
        assert shown.code == 0, shown.stderr
    finally:
        await stop_serve(first)
    token = token_file.read_text()
    second = await start_serve(signed_in, "--token-file", str(token_file))
    await stop_serve(second)
    assert token_file.read_text() == token


async def test_serve_needs_a_session(signed_in: SignedIn) -> None:
    await signed_in.cme("logout")
    result = await run(signed_in.env, "serve", "--port", "0")
    assert result.code == 3
    assert result.stderr == f"cme: not signed in to {signed_in.api.url}: run `cme login`\n"


async def test_serve_fails_fast_for_a_role_it_cannot_get(signed_in: SignedIn) -> None:
    ambiguous = await run(signed_in.env, "serve", "--port", "0", "engineering-admin")
    assert ambiguous.code == 5
    assert ambiguous.stdout == ""
    missing = await run(signed_in.env, "serve", "--port", "0", "no-such-role")
    assert missing.code == 4


async def test_serve_renews_the_session_through_the_person(
    signed_in: SignedIn, org_roles: OrgRoles
) -> None:
    """With the session inside the renewal margin, serve asks for one approval, once."""
    signed_in.env["CME_SESSION_RENEW_MINUTES"] = str(13 * 60)  # longer than the token lives
    session_file = CmePaths.from_environ(signed_in.env).session_file(signed_in.api.url)
    before = json.loads(session_file.read_text())
    # A session file without "obtained_at" (its lifetime unknown): the full margin applies, so
    # this one is due at once; the renewed one carries the time and is not due again.
    session_file.write_text(json.dumps({k: v for k, v in before.items() if k != "obtained_at"}))
    served = await start_serve(signed_in)
    try:
        url = await _wait_for_log(served, r"approve the request by opening this page: (\S+)")
        await approve(signed_in.api, ALICE, url)
        await _wait_for_log(served, r"signed in again as alice@example\.com until")
        after = json.loads(session_file.read_text())
        assert after["token"] != before["token"]
        token = {"Authorization": served.exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"]}
        path = f"/ecs/{org_roles.arn('prod', 'engineering-admin')}"
        assert (await request(served, "GET", path, token))[0] == 200
        assert served.log.read_text().count("approve the request") == 1  # asked once
    finally:
        await stop_serve(served)


async def _wait_for_log(served: Served, pattern: str) -> str:
    for _ in range(200):
        found = re.search(pattern, served.log.read_text())
        if found:
            return found.group(1) if found.groups() else found.group(0)
        await asyncio.sleep(0.05)
    raise AssertionError(f"{pattern!r} not in {served.log.read_text()!r}")
