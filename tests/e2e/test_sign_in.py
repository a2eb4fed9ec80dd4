"""A person signs in through the development sign-in page and sees who they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from consoleme.testing import LiveServer

pytestmark = pytest.mark.e2e


def test_dev_sign_in_shows_name_and_groups(
    live_server: LiveServer, chromium: Any, screenshots_dir: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.wait_for_url("**/sign-in**")
        page.get_by_role("row", name="alice@example.com").get_by_role("button").click()
        page.wait_for_url(live_server.url + "/")
        page.get_by_role("heading", name="My roles", level=1).wait_for()
        assert page.get_by_text("engineering", exact=True).first.is_visible()
        page.screenshot(path=str(screenshots_dir / "home-signed-in.png"), full_page=True)

        # Reloading keeps the session; signing out ends it.
        page.reload()
        page.get_by_role("heading", name="My roles", level=1).wait_for()
        page.get_by_role("button", name="alice@example.com").click()
        page.get_by_role("menuitem", name="Sign out").click()
        page.wait_for_url("**/sign-in**")
        profile = context.request.get(live_server.url + "/api/v2/user_profile")
        assert profile.status == 401
    finally:
        context.close()


def test_deep_link_returns_after_sign_in(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(live_server.url + "/no-such-page")
        page.wait_for_url("**/sign-in?next=%2Fno-such-page**")
        page.get_by_role("row", name="carol@example.com").get_by_role("button").click()
        page.wait_for_url(live_server.url + "/no-such-page")
        page.get_by_text("not found", exact=False).first.wait_for()
    finally:
        context.close()
