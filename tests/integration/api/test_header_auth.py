"""Identity from a trusted proxy's headers, believed only from trusted networks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from consoleme.testing import RunningApi, make_test_settings, start_api

pytestmark = pytest.mark.integration

HEADERS = {"X-Auth-Request-Email": "Alice@Example.com", "X-Auth-Request-Groups": "eng, ops"}


async def _running(tmp_path: Path, redis_url: str, cidrs: list[str]) -> tuple[RunningApi, object]:
    settings = make_test_settings(
        tmp_path,
        redis_url,
        auth={"dev_mode": False, "header": {"enabled": True, "trusted_cidrs": cidrs}},
    )
    return await start_api(settings)


@pytest_asyncio.fixture
async def trusted(tmp_path: Path, redis_url: str) -> AsyncIterator[RunningApi]:
    api, server = await _running(tmp_path, redis_url, ["127.0.0.0/8"])
    yield api
    server.stop()  # type: ignore[attr-defined]
    await api.services.close()


async def test_trusted_proxy_headers_identify(trusted: RunningApi) -> None:
    async with trusted.client() as client:
        answer = await client.get("/api/v2/user_profile", headers=HEADERS)
    assert answer.status_code == 200
    assert answer.json()["user"] == "alice@example.com"
    assert answer.json()["groups"] == ["eng", "ops"]
    assert answer.json()["auth_method"] == "header"


async def test_header_identity_needs_xsrf_for_changes(trusted: RunningApi) -> None:
    async with trusted.client() as client:
        answer = await client.post("/api/v2/auth/sign_out", headers=HEADERS)
    assert answer.status_code == 403
    assert answer.json()["code"] == "xsrf_failed"


async def test_dev_login_route_absent_without_dev_mode(trusted: RunningApi) -> None:
    async with trusted.client() as client:
        answer = await client.post("/api/v2/auth/dev_login", json={"user": "x@example.com"})
    assert answer.status_code == 404


async def test_untrusted_peer_cannot_assert_identity(tmp_path: Path, redis_url: str) -> None:
    api, server = await _running(tmp_path, redis_url, ["10.99.0.0/16"])
    try:
        async with api.client() as client:
            answer = await client.get("/api/v2/user_profile", headers=HEADERS)
    finally:
        server.stop()  # type: ignore[attr-defined]
        await api.services.close()
    assert answer.status_code == 401
