"""A third-party plugin changes behaviour; a default plugin can be disabled; auth decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from consoleme.errors import ConfigError
from consoleme.testing import make_test_settings, start_api
from tests.plugins.sample_plugin import CarelessPlugin, PartnerPlugin

pytestmark = pytest.mark.integration


async def test_sample_plugin_adds_groups_and_a_route(tmp_path: Path, redis_url: str) -> None:
    settings = make_test_settings(tmp_path, redis_url)
    api, server = await start_api(settings, [("partner", PartnerPlugin)])
    try:
        async with api.client() as client:
            await api.sign_in(client, "zoe@partner.example", ["contractors"])
            profile = (await client.get("/api/v2/user_profile")).json()
            hello = await client.get("/api/v2/sample/hello")
        async with api.client() as anonymous:
            refused = await anonymous.get("/api/v2/sample/hello")
    finally:
        server.stop()
        await api.services.close()
    assert profile["groups"] == ["contractors", "partners"]
    assert hello.status_code == 200
    assert hello.json() == {"greeting": "hello zoe@partner.example"}
    assert refused.status_code == 401


async def test_handler_without_auth_decision_stops_startup(tmp_path: Path, redis_url: str) -> None:
    settings = make_test_settings(tmp_path, redis_url)
    with pytest.raises(ConfigError, match="declares no auth decision"):
        await start_api(settings, [("careless", lambda _settings: CarelessPlugin())])


async def test_static_groups_default_plugin_and_disabling_it(
    tmp_path: Path, redis_url: str
) -> None:
    groups = {"static_groups": {"Frank@Example.com": ["finance"]}}
    enabled = make_test_settings(tmp_path / "a", redis_url, auth=groups)
    disabled = make_test_settings(
        tmp_path / "b", redis_url, auth=groups, plugins={"disabled": ["static_groups"]}
    )
    seen = []
    for settings in (enabled, disabled):
        api, server = await start_api(settings)
        try:
            async with api.client() as client:
                await api.sign_in(client, "frank@example.com", [])
                seen.append((await client.get("/api/v2/user_profile")).json()["groups"])
        finally:
            server.stop()
            await api.services.close()
    assert seen == [["finance"], []]
