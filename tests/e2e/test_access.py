"""People use their roles from the browser: "My roles", console sign-in, CLI sign-in approval.

``consoleme serve`` runs as its own process on the demo organization (moto), its inventory loaded
into Redis first, with the AWS federation endpoint pointed at a local stand-in: "Sign in" ends on
that stand-in's login URL instead of the real AWS console.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import yaml

from consoleme.aws.demo_org import DemoOrg
from consoleme.config.models import AwsSettings, Settings
from consoleme.store.redis_server import free_port
from consoleme.testing import consoleme_process

pytestmark = pytest.mark.e2e

ALICE = "alice@example.com"
CAROL = "carol@example.com"


# --- a stand-in for https://signin.aws.amazon.com/federation ---------------------------------


@dataclass
class FederationStandIn:
    """Answers getSigninToken (checking the Session JSON) and shows a page for Action=login."""

    url: str = ""
    sessions: list[dict[str, str]] = field(default_factory=list)


def _federation_handler(stand_in: FederationStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            if query.get("Action") == "getSigninToken":
                session = json.loads(query.get("Session", "{}"))
                if set(session) != {"sessionId", "sessionKey", "sessionToken"}:
                    self._answer(400, "text/plain", "bad Session JSON")
                    return
                stand_in.sessions.append(session)
                token = f"token-{len(stand_in.sessions)}"
                self._answer(200, "application/json", json.dumps({"SigninToken": token}))
            elif query.get("Action") == "login":
                page = (
                    "<!doctype html><title>AWS console (test federation)</title>"
                    "<h1>Signed in to the AWS console</h1>"
                    f"<p id=destination>{query.get('Destination', '')}</p>"
                )
                self._answer(200, "text/html; charset=utf-8", page)
            else:
                self._answer(400, "text/plain", "unknown Action")

        def _answer(self, status: int, content_type: str, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def federation_stand_in() -> Iterator[FederationStandIn]:
    stand_in = FederationStandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _federation_handler(stand_in))
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}/federation"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()


# --- the server -----------------------------------------------------------------------------


@dataclass
class AccessServer:
    url: str
    federation: FederationStandIn
    org: DemoOrg

    def arn(self, account: str, role: str) -> str:
        return f"arn:aws:iam::{self.org.accounts[account]}:role/{role}"


async def _load_inventory(settings: Settings, org: DemoOrg) -> None:
    """The organization's accounts and roles into the inventory cache the server will read."""
    from consoleme.aws.iam_read import read_roles
    from consoleme.services import start_services
    from consoleme.store.inventory_cache import InventoryCache

    services = await start_services(settings)
    try:
        inventory = InventoryCache(services.cache)
        await inventory.set_accounts(
            [
                {
                    "id": account_id,
                    "name": name,
                    "environment": name,
                    "status": "ACTIVE",
                    "ou_path": "",
                    "tags": {},
                    "source": "config",
                }
                for name, account_id in org.accounts.items()
            ]
        )
        for account_id in org.accounts.values():
            roles = await read_roles(services.aws, account_id)
            await inventory.replace_part(account_id, "iam_role", list(roles))  # type: ignore[arg-type]
    finally:
        await services.close()


@contextmanager
def access_server(
    data_dir: Path, redis_url: str, aws_settings: AwsSettings, org: DemoOrg
) -> Iterator[AccessServer]:
    """``consoleme serve`` on the demo organization, inventory loaded, federation stand-in."""
    with federation_stand_in() as federation:
        port = free_port()
        data = {
            "server": {"host": "127.0.0.1", "port": port, "data_dir": str(data_dir)},
            "auth": {"dev_mode": True, "session": {"signing_keys": ["e2e-" + "k" * 40]}},
            "cache": {"redis_url": redis_url, "key_prefix": f"e2e-access{time.monotonic_ns()}:"},
            "logging": {"json_format": True, "level": "WARNING"},
            "aws": aws_settings.model_dump(mode="json", exclude_none=True),
            "access": {"console": {"federation_url": federation.url}},
        }
        settings = Settings.model_validate(data)
        # Its own thread and event loop: Playwright's sync API may own this thread's loop.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, _load_inventory(settings, org)).result()
        config = data_dir / "settings.yaml"
        config.write_text(yaml.safe_dump(data))
        url = f"http://127.0.0.1:{port}"
        args = ["-c", str(config), "serve"]
        with consoleme_process(args, dict(os.environ), data_dir / "server.log", url):
            yield AccessServer(url=url, federation=federation, org=org)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    redis_url: str,
    aws_settings: AwsSettings,
    aws_org: DemoOrg,
) -> Iterator[AccessServer]:
    data_dir = tmp_path_factory.mktemp("access-e2e")
    with access_server(data_dir, redis_url, aws_settings, aws_org) as running:
        yield running


def _signed_in_context(chromium: Any, server: AccessServer, user: str) -> Any:
    """A browser context with a development session for ``user`` (cookies set by the server)."""
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    answer = context.request.post(server.url + "/api/v2/auth/dev_login", data={"user": user})
    assert answer.status == 200, answer.text()
    return context


# --- the journeys ---------------------------------------------------------------------------


def test_sign_in_to_the_console_from_my_roles(
    server: AccessServer, chromium: Any, screenshots_dir: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        page.wait_for_url("**/sign-in**")
        page.get_by_role("row", name=ALICE).get_by_role("button").click()
        page.wait_for_url(server.url + "/")
        page.get_by_role("heading", name="My roles", level=1).wait_for()
        admin = server.arn("prod", "engineering-admin")
        row = page.get_by_role("row").filter(has_text=admin)
        row.wait_for()
        ci_row = page.get_by_role("row").filter(has_text=server.arn("prod", "ci-deployer"))
        assert ci_row.get_by_text("CLI only").is_visible()
        assert ci_row.get_by_role("link", name="Sign in").count() == 0
        page.screenshot(path=str(screenshots_dir / "access-my-roles.png"), full_page=True)

        ci_row.get_by_role("button", name="Copy CLI command").click()
        page.get_by_text(f"weep credential_process {server.arn('prod', 'ci-deployer')}").wait_for()
        page.screenshot(path=str(screenshots_dir / "access-cli-commands.png"))
        page.keyboard.press("Escape")

        # "Sign in" opens the console in a new tab, through /role/<arn> and the federation URL.
        with context.expect_page() as opened:
            row.get_by_role("link", name="Sign in").click()
        console = opened.value
        console.wait_for_url(f"{server.federation.url}?Action=login*")
        console.get_by_role("heading", name="Signed in to the AWS console").wait_for()
        query = parse_qs(urlsplit(console.url).query)
        assert query["SigninToken"] == [f"token-{len(server.federation.sessions)}"]
        assert query["Destination"][0].startswith("https://us-east-1.console.aws.amazon.com")
        console.close()

        # A star moves the role to the Favorites group at the top.
        row.get_by_role("button", name="Add to favorites: engineering-admin").click()
        favorites = page.get_by_role("row").filter(has_text="Favorites")
        favorites.wait_for()
        page.get_by_role("button", name="Remove from favorites: engineering-admin").wait_for()
        page.screenshot(path=str(screenshots_dir / "access-my-roles-favorite.png"), full_page=True)
    finally:
        context.close()


def test_console_route_chooses_among_several_matches(
    server: AccessServer, chromium: Any, screenshots_dir: Path
) -> None:
    context = _signed_in_context(chromium, server, ALICE)
    page = context.new_page()
    try:
        # weep's `console engineering-admin` opens /role/engineering-admin: one per account.
        page.goto(server.url + "/role/engineering-admin?r=eu-west-1")
        page.get_by_role("heading", name="Choose a role").wait_for()
        page.screenshot(path=str(screenshots_dir / "access-role-chooser.png"), full_page=True)
        staging = server.org.accounts["staging"]
        page.get_by_role("button", name=f"Sign in as engineering-admin in {staging}").click()
        page.wait_for_url(f"{server.federation.url}?Action=login*")
        destination = parse_qs(urlsplit(page.url).query)["Destination"][0]
        assert destination.startswith("https://eu-west-1.console.aws.amazon.com")

        page.goto(server.url + "/role/no-such-role")
        page.get_by_text("No console role of yours matches").wait_for()
        page.screenshot(path=str(screenshots_dir / "access-role-no-match.png"), full_page=True)
        page.get_by_role("link", name="Back to My roles").click()
        page.get_by_role("heading", name="My roles", level=1).wait_for()
    finally:
        context.close()


def test_approve_a_cli_sign_in_in_the_browser(
    server: AccessServer, chromium: Any, screenshots_dir: Path
) -> None:
    urls = httpx.get(f"{server.url}/noauth/v1/challenge_generator/{ALICE}").json()
    context = _signed_in_context(chromium, server, ALICE)
    page = context.new_page()
    try:
        page.goto(urls["challenge_url"])
        page.get_by_role("heading", name="Approve a command line sign-in").wait_for()
        page.locator("strong", has_text=ALICE).wait_for()  # the request names the user
        assert httpx.get(urls["polling_url"]).json() == {"status": "pending"}
        page.screenshot(path=str(screenshots_dir / "access-challenge.png"), full_page=True)

        page.get_by_role("button", name="Approve").click()
        page.get_by_text("You can return to your terminal").wait_for()
        page.wait_for_timeout(500)  # let the alert finish fading in
        page.screenshot(path=str(screenshots_dir / "access-challenge-approved.png"), full_page=True)

        # The link works once.
        page.reload()
        page.get_by_text("This sign-in request was already used").wait_for()
        page.screenshot(path=str(screenshots_dir / "access-challenge-used.png"), full_page=True)

        answer: dict[str, Any] = {}
        for _ in range(20):
            answer = httpx.get(urls["polling_url"]).json()
            if answer["status"] == "success":
                break
            time.sleep(0.25)
        assert answer["status"] == "success"
        assert answer["user"] == ALICE
        assert isinstance(answer["expiration"], int)
        assert answer["encoded_jwt"]
        assert answer["cookie_name"]
    finally:
        context.close()


def test_admin_sees_the_audit_log_and_role_mappings(
    server: AccessServer, chromium: Any, screenshots_dir: Path
) -> None:
    # Something to audit: alice signs in to the console once.
    alice = _signed_in_context(chromium, server, ALICE)
    role = server.arn("dev", "engineering-admin")
    answer = alice.request.get(f"{server.url}/api/v2/role_login/{role}")
    assert answer.status == 200, answer.text()
    alice.close()

    context = _signed_in_context(chromium, server, CAROL)
    page = context.new_page()
    try:
        page.goto(server.url + "/audit")
        page.get_by_role("heading", name="Audit log", level=1).wait_for()
        event = page.get_by_role("row").filter(has_text=server.org.accounts["dev"])
        event.filter(has_text="Console sign-in").first.wait_for()
        page.screenshot(path=str(screenshots_dir / "access-audit-log.png"), full_page=True)

        page.get_by_role("link", name="Role mappings").click()
        page.get_by_role("heading", name="Role mappings", level=1).wait_for()
        page.get_by_role("button", name="Add mapping").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Group").fill("data-science")
        dialog.get_by_label("Roles", exact=False).first.fill("arn:aws:iam::*:role/app-*")
        page.screenshot(path=str(screenshots_dir / "access-role-mapping-form.png"))
        dialog.get_by_role("button", name="Add mapping").click()
        page.get_by_role("row").filter(has_text="data-science").wait_for()
        page.screenshot(path=str(screenshots_dir / "access-role-mappings.png"), full_page=True)
    finally:
        context.close()
