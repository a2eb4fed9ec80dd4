"""The built UI: files, client-route fallback, cache headers, JSON 404s under /api/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from consoleme.testing import RunningApi, make_test_settings, start_api

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture
async def ui_api(tmp_path: Path, redis_url: str) -> AsyncIterator[RunningApi]:
    build = tmp_path / "ui"
    (build / "assets").mkdir(parents=True)
    (build / "index.html").write_text("<!doctype html><div id=root></div>")
    (build / "assets" / "app-1234.js").write_text("console.log(1)")
    (build / "favicon.svg").write_text("<svg/>")
    settings = make_test_settings(tmp_path, redis_url, server={"static_dir": str(build)})
    running, server = await start_api(settings)
    yield running
    server.stop()
    await running.services.close()


async def test_client_routes_get_index_html_without_caching(ui_api: RunningApi) -> None:
    async with ui_api.client() as client:
        for path in ("/", "/sign-in", "/role/prod-admin", "/deep/link?x=1"):
            answer = await client.get(path)
            assert answer.status_code == 200, path
            assert answer.text == "<!doctype html><div id=root></div>"
            assert answer.headers["Cache-Control"] == "no-cache"
            assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


async def test_hashed_assets_are_cached_and_missing_ones_are_404(ui_api: RunningApi) -> None:
    async with ui_api.client() as client:
        asset = await client.get("/assets/app-1234.js")
        missing = await client.get("/assets/app-old.js")
        icon = await client.get("/favicon.svg")
        escape = await client.get("/..%2f..%2fetc/passwd")
    assert asset.status_code == 200
    assert "max-age=31536000" in asset.headers["Cache-Control"]
    assert missing.status_code == 404
    assert icon.text == "<svg/>"
    assert escape.status_code == 200
    assert escape.text.startswith("<!doctype html>")


async def test_api_paths_never_fall_back_to_the_ui(ui_api: RunningApi) -> None:
    async with ui_api.client() as client:
        answer = await client.get("/api/v2/does-not-exist")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


async def test_access_log_has_no_tokens(
    ui_api: RunningApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="consoleme.access")
    async with ui_api.client() as client:
        await ui_api.sign_in(client, "alice@example.com")
        token = client.cookies.get("consoleme_session") or ""
        await client.get("/api/v2/user_profile?secret=hunter2")
    records = [r for r in caplog.records if r.name == "consoleme.access"]
    assert any(getattr(r, "user", None) == "alice@example.com" for r in records)
    dumped = " ".join(str(vars(r)) for r in records)
    assert token[:20] not in dumped
    assert "hunter2" not in dumped
