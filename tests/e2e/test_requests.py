"""A person asks for a permission change from a role's page and edits it while it is pending; an
admin finds it among the requests waiting for them, reviews it and approves it.

``consoleme serve`` and ``consoleme worker`` run as their own processes on the demo organization
(moto), the ``prod`` inventory refreshed first. Alice (a developer) and Carol (an administrator)
each have their own browser context. The worker applies the approved change to the role in moto
and refreshes the inventory, so the role's page shows the new inline policy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from consoleme.aws.demo_org import DemoOrg
from consoleme.config.models import AwsSettings
from tests.e2e.support import process_logs, refresh_account, serve_and_work
from tests.integration.change_requests.support import MemberAws

pytestmark = pytest.mark.e2e

ALICE = "alice@example.com"
CAROL = "carol@example.com"
ACCOUNT = "prod"
APPLY_TIMEOUT = 60_000  # ms, for Playwright waits
POLICY_NAME = "e2e-reports-read"
SID = "E2eReadReportsBucket"
BUCKET_ARN = "arn:aws:s3:::e2e-reports"


# A role of this module's own, so the seeded roles other tests compare stay as seeded.
E2E_ROLE = "e2e-requests-reporting"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
}  # fmt: skip


@dataclass
class RequestsServer:
    url: str
    org: DemoOrg
    log_dir: Path


@dataclass(frozen=True)
class TargetRole:
    name: str


@contextmanager
def _target_role(org: DemoOrg) -> Iterator[None]:
    """Create the module's role in prod (owned by a team); remove it and all it gained after."""
    aws = MemberAws(org.endpoint_url, org.accounts[ACCOUNT])
    iam = aws.iam
    try:
        iam.create_role(
            RoleName=E2E_ROLE,
            AssumeRolePolicyDocument=json.dumps(TRUST),
            Tags=[{"Key": "owner", "Value": "analytics"}],
        )
        yield
    finally:
        for name in iam.list_role_policies(RoleName=E2E_ROLE)["PolicyNames"]:
            iam.delete_role_policy(RoleName=E2E_ROLE, PolicyName=name)
        for policy in iam.list_attached_role_policies(RoleName=E2E_ROLE)["AttachedPolicies"]:
            iam.detach_role_policy(RoleName=E2E_ROLE, PolicyArn=policy["PolicyArn"])
        iam.delete_role(RoleName=E2E_ROLE)
        aws.close()


@pytest.fixture(scope="module")
def requests_server(
    tmp_path_factory: pytest.TempPathFactory,
    redis_url: str,
    aws_settings: AwsSettings,
    aws_org: DemoOrg,
) -> Iterator[RequestsServer]:
    """``consoleme serve`` and a worker on the demo organization; ``prod`` refreshed."""
    data_dir = tmp_path_factory.mktemp("requests-e2e")
    with (
        serve_and_work(data_dir, "requests", redis_url, aws_settings) as url,
        _target_role(aws_org),
    ):
        refresh_account(url, aws_org.accounts[ACCOUNT], data_dir)
        yield RequestsServer(url=url, org=aws_org, log_dir=data_dir)


def _role(org: DemoOrg) -> TargetRole:
    """The module's own role (see E2E_ROLE)."""
    return TargetRole(E2E_ROLE)


def _shot(page: Any, path: Path) -> None:
    """The whole page, from the top (mid-page, the sticky top bar lands mid-picture).

    Not ``full_page=True``: to capture beyond the viewport Chromium briefly reports a 1x1
    viewport; Cloudscape takes that for a phone and closes the side navigation, sometimes just
    before the picture. Instead the viewport grows to the page's height for the picture (so the
    side navigation spans all of it too) and shrinks back after.
    """
    page.evaluate("window.scrollTo(0, 0)")
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # Every picture has the side navigation open.
    assert page.get_by_role("link", name="Audit log", exact=True).is_visible(), path.name
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def _signed_in_context(chromium: Any, url: str, user: str) -> Any:
    """A browser context with a development session for ``user`` (cookies set by the server)."""
    context = chromium.new_context(
        viewport={"width": 1440, "height": 1000},
        permissions=["clipboard-read", "clipboard-write"],
    )
    answer = context.request.post(url + "/api/v2/auth/dev_login", data={"user": user})
    assert answer.status == 200, answer.text()
    return context


READ_STATEMENT = {
    "Sid": SID,
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:ListBucket"],
    "Resource": [BUCKET_ARN, f"{BUCKET_ARN}/*"],
}
STATEMENTS = {"Version": "2012-10-17", "Statement": [READ_STATEMENT]}
# Alice's edit of her pending request: one more action.
EDITED_STATEMENTS = {
    "Version": "2012-10-17",
    "Statement": [
        {**READ_STATEMENT, "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]}
    ],
}


def _submit_inline_policy(page: Any, server: RequestsServer, role: TargetRole, shots: Path) -> str:
    """Alice, on the role's page: Request changes, write the statement, submit. The request id."""
    account_id = server.org.accounts[ACCOUNT]
    page.goto(f"{server.url}/resources/roles/{account_id}/{role.name}")
    page.get_by_role("heading", name=role.name, level=1).wait_for()
    page.get_by_role("link", name="Request changes").click()
    page.wait_for_url("**/requests/new?arn=*")
    page.get_by_role("heading", name=f"Request changes to {role.name}", level=1).wait_for()

    page.get_by_label("New policy name").fill(POLICY_NAME)
    # The statement is pasted into the Monaco editor, replacing the template, as people do
    # (typed text would get Monaco's auto-closed brackets and auto-indent on top).
    editor = page.get_by_role("textbox", name="Statements to add to the inline policy")
    editor.wait_for(timeout=30_000)
    page.evaluate("text => navigator.clipboard.writeText(text)", json.dumps(STATEMENTS, indent=2))
    editor.focus()
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+v")
    # Checked by the server once typing pauses.
    page.get_by_text(re.compile(r"^Valid policy")).wait_for(timeout=15_000)
    page.get_by_label("Justification").fill("Read the e2e reports bucket for the monthly numbers")
    changes = page.get_by_role("list", name="Changes in this request")
    changes.get_by_text(f"Add 1 statement to inline policy {POLICY_NAME}").wait_for()
    _shot(page, shots / "requests-editor.png")

    page.get_by_role("button", name="Submit request").click()
    page.wait_for_url(re.compile(r".*/requests/[0-9a-f]{20}$"))
    title = f"Add 1 statement to inline policy {POLICY_NAME}"
    page.get_by_role("heading", name=title, level=1).wait_for()
    page.get_by_text("Pending review").first.wait_for()
    # Nobody approves their own request.
    assert page.get_by_role("button", name="Approve").count() == 0
    assert page.get_by_role("button", name="Cancel request").is_visible()
    _edit_change(page, title, shots)
    return page.url.rsplit("/", 1)[-1]


def _edit_change(page: Any, title: str, shots: Path) -> None:
    """Alice edits her pending change in the review page's modal (Monaco, checked as typed)."""
    page.get_by_role("button", name=f"Edit: {title}").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(f"Edit: {title}").wait_for()
    _paste(page, "Edited policy document", EDITED_STATEMENTS)
    dialog.get_by_text(re.compile(r"^Valid policy")).wait_for(timeout=15_000)
    page.wait_for_timeout(300)
    _shot(page, shots / "requests-edit-change.png")
    dialog.get_by_role("button", name="Save change").click()
    page.get_by_text("The change was updated", exact=False).wait_for()
    dialog.wait_for(state="hidden")
    page.get_by_text("alice@example.com edited a change (change c1)").wait_for()


def _review_and_approve(page: Any, server: RequestsServer, request_id: str, shots: Path) -> None:
    """Carol: the list, what waits for her, the request, its diff, Approve; then wait for the
    worker to apply it."""
    page.goto(server.url + "/requests")
    page.get_by_role("heading", name="Requests", level=1).wait_for()
    link = page.locator(f'a[href="/requests/{request_id}"]')
    link.wait_for()
    _shot(page, shots / "requests-list.png")
    page.get_by_role("button", name=re.compile(r"^Waiting for my approval")).click()
    page.wait_for_url("**/requests?view=awaiting")
    page.get_by_text("Pending requests you may approve or reject.").wait_for()
    link.wait_for()
    page.get_by_role("link", name=re.compile(r"^\d+\+? waiting for your approval$")).wait_for()
    _shot(page, shots / "requests-waiting.png")
    link.click()
    page.wait_for_url(f"**/requests/{request_id}")

    # The before/after diff, in Monaco (from our own bundle), shows the new statement.
    diff = page.locator(".monaco-diff-editor").first
    diff.wait_for(timeout=30_000)
    modified = diff.locator(".editor.modified")
    modified.get_by_text(SID).first.wait_for(timeout=30_000)
    modified.get_by_text("s3:GetObjectVersion").first.wait_for()
    page.wait_for_timeout(500)  # let the diff decorations settle before the picture
    _shot(page, shots / "requests-review.png")

    page.get_by_role("button", name="Approve").click()
    page.get_by_text("You approved this request.").wait_for()
    # The page follows the worker until the change is applied.
    page.get_by_text("Applied", exact=True).first.wait_for(timeout=APPLY_TIMEOUT)
    page.get_by_text("Change applied (change c1)").wait_for(timeout=APPLY_TIMEOUT)
    _shot(page, shots / "requests-applied.png")


def test_request_an_inline_policy_review_approve_and_see_it_applied(
    requests_server: RequestsServer, chromium: Any, screenshots_dir: Path
) -> None:
    server = requests_server
    role = _role(server.org)
    alice = _signed_in_context(chromium, server.url, ALICE)
    carol = _signed_in_context(chromium, server.url, CAROL)
    try:
        alice_page = alice.new_page()
        request_id = _submit_inline_policy(alice_page, server, role, screenshots_dir)

        _review_and_approve(carol.new_page(), server, request_id, screenshots_dir)

        # Back on the role's page, after a refresh: the new inline policy is there.
        account_id = server.org.accounts[ACCOUNT]
        alice_page.goto(f"{server.url}/resources/roles/{account_id}/{role.name}")
        alice_page.reload()
        alice_page.get_by_role("heading", name=role.name, level=1).wait_for()
        section = alice_page.get_by_role("button", name=POLICY_NAME, exact=True)
        section.wait_for()
        if section.get_attribute("aria-expanded") == "false":
            section.click()
        viewer = alice_page.get_by_role("textbox", name=f"Inline policy {POLICY_NAME}")
        viewer.wait_for(timeout=30_000)
        editor = alice_page.locator(".monaco-editor", has=viewer)
        editor.get_by_text(SID).first.wait_for()
        _shot(alice_page, screenshots_dir / "requests-role-after.png")
    except Exception:
        # What each person saw when it went wrong, and what the server and worker said.
        for context, who in ((alice, "alice"), (carol, "carol")):
            for index, page in enumerate(context.pages):
                page.screenshot(path=str(screenshots_dir / f"requests-failed-{who}-{index}.png"))
        print(process_logs(server.log_dir))
        raise
    finally:
        alice.close()
        carol.close()


def _paste(page: Any, editor_name: str, document: dict[str, Any]) -> None:
    editor = page.get_by_role("textbox", name=editor_name)
    editor.wait_for(timeout=30_000)
    page.evaluate("text => navigator.clipboard.writeText(text)", json.dumps(document, indent=2))
    editor.focus()
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+v")


def test_admin_sees_lint_markers_and_submits_and_applies_a_time_bound_grant(
    requests_server: RequestsServer, chromium: Any, screenshots_dir: Path
) -> None:
    server = requests_server
    role = _role(server.org)
    arn = f"arn:aws:iam::{server.org.accounts[ACCOUNT]}:role/{role.name}"
    editor_url = f"{server.url}/requests/new?arn={arn}"
    carol = _signed_in_context(chromium, server.url, CAROL)
    page = carol.new_page()
    try:
        # A risky statement: the check's findings are listed and marked in the editor.
        page.goto(editor_url)
        wildcard = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        }
        _paste(page, "Statements to add to the inline policy", wildcard)
        page.get_by_text(re.compile(r"^Valid policy, \d+ findings?$")).wait_for(timeout=15_000)
        page.get_by_role("list", name="Policy check findings").wait_for()
        squiggles = page.locator(
            ".monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, "
            ".monaco-editor .squiggly-info"
        )
        squiggles.first.wait_for(state="attached", timeout=10_000)
        page.wait_for_timeout(300)
        _shot(page, screenshots_dir / "requests-editor-findings.png")

        # A fresh draft: a tag for one day, submitted and applied at once by an administrator.
        page.goto(editor_url)
        page.get_by_role("heading", name=f"Request changes to {role.name}", level=1).wait_for()
        # A moment at phone size (as during Chromium's full-page capture) closes the side
        # navigation; back at full size it is open again.
        size = page.viewport_size
        page.set_viewport_size({"width": 1, "height": 1})
        page.wait_for_timeout(300)
        page.set_viewport_size(size)
        page.get_by_role("tab", name="Tags").click()
        page.get_by_label("Tag key").fill("e2e-grant")
        page.get_by_label("Tag value").fill("temporary")
        page.get_by_role("button", name="Add tag").click()
        page.get_by_label("Justification").fill("One day of the e2e grant tag")
        page.get_by_role("button", name=re.compile("^Access ends")).click()
        page.get_by_role("option", name="1 day").click()
        page.get_by_role("list", name="Changes in this request").get_by_text(
            "Set tag e2e-grant = temporary"
        ).wait_for()
        _shot(page, screenshots_dir / "requests-editor-tags.png")
        page.get_by_role("button", name="Submit and apply").click()
        page.wait_for_url(re.compile(r".*/requests/[0-9a-f]{20}$"))
        page.get_by_role("heading", name="Set tag e2e-grant = temporary", level=1).wait_for()
        page.get_by_text("Applied", exact=True).first.wait_for(timeout=APPLY_TIMEOUT)
        # The time left of the grant (a day, less the moments the test took).
        page.get_by_text(re.compile(r"^(23 hours( \d+ minutes?)?|1 day) left$")).wait_for()
        _shot(page, screenshots_dir / "requests-grant-applied.png")
    except Exception:
        for index, open_page in enumerate(carol.pages):
            open_page.screenshot(path=str(screenshots_dir / f"requests-failed-grant-{index}.png"))
        print(process_logs(server.log_dir))
        raise
    finally:
        carol.close()
