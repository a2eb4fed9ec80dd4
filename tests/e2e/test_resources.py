"""A person searches the inventory for a role, opens it and reads its inline policy.

``consoleme serve`` and ``consoleme worker`` run as their own processes on the demo organization
(moto). The inventory is filled the way an administrator would: ``POST /api/v2/inventory/refresh``
for an account, carried out by the Celery worker, followed until done.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.demo_plan import RoleSpec
from consoleme.config.models import AwsSettings
from tests.e2e.support import READY_TIMEOUT, process_logs, refresh_account, serve_and_work

pytestmark = pytest.mark.e2e

ALICE = "alice@example.com"
ACCOUNT = "prod"


@dataclass
class InventoryServer:
    url: str
    org: DemoOrg
    log_dir: Path


def _wait_searchable(url: str, arn: str, log_dir: Path) -> None:
    """Wait until the server's search index has caught up with the refreshed cache."""
    name = arn.rsplit("/", 1)[-1]
    with httpx.Client(base_url=url, timeout=10) as client:
        client.post("/api/v2/auth/dev_login", json={"user": ALICE})
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            page = client.get("/api/v2/resources", params={"q": name, "type": "iam_role"})
            if page.status_code == 200 and any(i["arn"] == arn for i in page.json()["items"]):
                return
            time.sleep(0.5)
    raise RuntimeError(f"{arn} not searchable in {READY_TIMEOUT}s:\n{process_logs(log_dir)}")


@pytest.fixture(scope="module")
def inventory_server(
    tmp_path_factory: pytest.TempPathFactory,
    redis_url: str,
    aws_settings: AwsSettings,
    aws_org: DemoOrg,
) -> Iterator[InventoryServer]:
    """``consoleme serve`` and a worker on the demo organization; ``prod`` refreshed."""
    data_dir = tmp_path_factory.mktemp("resources-e2e")
    with serve_and_work(data_dir, "resources", redis_url, aws_settings) as url:
        refresh_account(url, aws_org.accounts[ACCOUNT], data_dir)
        yield InventoryServer(url=url, org=aws_org, log_dir=data_dir)


def _role_with_inline_policy(org: DemoOrg) -> RoleSpec:
    return next(r for r in org.plan(ACCOUNT).roles if r.name.startswith("app-") and r.inline)


def test_search_for_a_role_open_it_and_read_its_inline_policy(
    inventory_server: InventoryServer, chromium: Any, screenshots_dir: Path
) -> None:
    org = inventory_server.org
    role = _role_with_inline_policy(org)
    account_id = org.accounts[ACCOUNT]
    arn = f"arn:aws:iam::{account_id}:role/{role.name}"
    policy_name, policy = next(iter(role.inline.items()))
    actions = policy["Statement"][0]["Action"]
    action = actions if isinstance(actions, str) else actions[0]
    _wait_searchable(inventory_server.url, arn, inventory_server.log_dir)

    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    signed_in = context.request.post(
        inventory_server.url + "/api/v2/auth/dev_login", data={"user": ALICE}
    )
    assert signed_in.status == 200, signed_in.text()
    page = context.new_page()
    try:
        page.goto(inventory_server.url + "/")
        page.get_by_role("link", name="Resources", exact=True).click()
        page.get_by_role("heading", name="Resources", level=1).wait_for()

        search = page.get_by_role("combobox", name="Search resources")
        search.fill(role.name)
        search.press("Enter")
        page.wait_for_url(f"**/resources?q={role.name}")
        table = page.get_by_role("table", name="Resources")
        row = table.get_by_role("row").filter(has_text=arn)
        row.wait_for()
        page.screenshot(path=str(screenshots_dir / "resources-search.png"))

        row.get_by_role("link", name=role.name).click()
        page.wait_for_url(f"**/resources/roles/{account_id}/{role.name}")
        page.get_by_role("heading", name=role.name, level=1).wait_for()
        page.get_by_text(arn).first.wait_for()

        # The inline policy, in the read-only JSON viewer (Monaco, loaded from our own bundle).
        page.get_by_role("button", name=policy_name, exact=True).wait_for()
        editor = page.locator(".monaco-editor").first
        editor.wait_for(timeout=30_000)
        editor.get_by_text(action).first.wait_for()
        assert "Version" in editor.inner_text()
        page.screenshot(path=str(screenshots_dir / "role-inline-policy.png"), full_page=True)

        # The trust policy is on its own tab.
        page.get_by_role("tab", name="Trust relationships").click()
        page.locator(".monaco-editor").get_by_text("sts:AssumeRole").first.wait_for()

        # weep's `open` links (and the original ConsoleMe's) lead to the same page.
        page.goto(f"{inventory_server.url}/policies/edit/{account_id}/iamrole/{role.name}")
        page.wait_for_url(f"**/resources/roles/{account_id}/{role.name}")
        page.get_by_role("heading", name=role.name, level=1).wait_for()
    finally:
        context.close()
