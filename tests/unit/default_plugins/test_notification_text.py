"""Words of request notifications: every notifying type names the request and links to it."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from consoleme.domain.change_request import (
    Approval,
    Change,
    ChangeRequest,
    Comment,
    EventType,
    TimelineEvent,
)
from consoleme.domain.change_types import (
    CloneRoleChange,
    CreateRoleChange,
    InlinePolicyChange,
    ManagedPolicyChange,
    TagChange,
)
from consoleme_default_plugins.notification_text import (
    JUSTIFICATION_LIMIT,
    SILENT_TYPES,
    change_line,
    clip,
    notification_for,
)

pytestmark = pytest.mark.unit

ROLE = "arn:aws:iam::111122223333:role/app-reader"
URL = "https://consoleme.example.com/requests/r1"
NOTIFYING = sorted(set(get_args(EventType)) - SILENT_TYPES)
AT = "2026-11-26T10:00:00.000Z"


def request(**changes: Any) -> ChangeRequest:
    spec = InlinePolicyChange(
        principal_arn=ROLE,
        policy_name="reports-read",
        policy_document={
            "Statement": [
                {"Sid": "S1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
            ]
        },
    )
    values: dict[str, Any] = {
        "id": "r1",
        "requester": "bob@example.com",
        "justification": "Quarterly reports.",
        "created_at": AT,
        "updated_at": AT,
        "changes": [Change(id="c1", spec=spec, expires_at="2026-12-26T10:00:00.000Z")],
        "approver_groups": ["security-team"],
    }
    return ChangeRequest(**{**values, **changes})


def event(kind: str, req: ChangeRequest | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "request": (req or request()).model_dump(mode="json"),
        "actor": "alice@example.com",
        "change_id": None,
        "comment": None,
        "url": URL,
        "recipients": ["bob@example.com"],
        **extra,
    }


def test_the_documented_types_notify_and_apply_started_does_not() -> None:
    assert set(SILENT_TYPES) == {"apply_started"}
    assert notification_for(event("apply_started", change_id="c1")) is None
    assert len(NOTIFYING) == 12


@pytest.mark.parametrize("kind", NOTIFYING)
def test_every_notifying_type_names_the_request_and_links_to_it(kind: str) -> None:
    note = notification_for(event(kind, change_id="c1", comment="ok"))
    assert note is not None
    assert note.subject.startswith("[ConsoleMe] ")
    assert "r1" in note.subject
    assert "\n" not in note.subject
    assert URL in note.body
    assert f"<{URL}|Open request r1>" in note.slack_text
    for text in ("Request:       r1", "Requester:     bob@example.com", "Quarterly reports."):
        assert text in note.body
    assert f"c1 [pending] inline_policy add {ROLE}" in note.body
    assert "expires 2026-12-26T10:00:00.000Z" in note.body
    assert "s3:GetObject" not in note.body + note.slack_detail  # never the policy document


@pytest.mark.parametrize(
    ("kind", "headline"),
    [
        ("submitted", "Request r1 from bob@example.com awaits review"),
        ("commented", "alice@example.com commented on request r1"),
        (
            "change_updated",
            "alice@example.com edited change c1 of request r1; approvals start over",
        ),
        ("rejected", "Request r1 was rejected by alice@example.com"),
        ("cancelled", "Request r1 was cancelled by alice@example.com"),
        ("moved_back_to_pending", "Request r1 was moved back to pending by alice@example.com"),
        ("change_applied", "Change c1 of request r1 was applied"),
        ("change_failed", "Change c1 of request r1 failed"),
        ("grant_expired", "The grant of change c1 of request r1 expired and was removed"),
        ("status_changed", "Request r1 is now pending"),
    ],
)
def test_headline_says_what_happened_and_who_did_it(kind: str, headline: str) -> None:
    note = notification_for(event(kind, change_id="c1"), site_name="Cloud Access")
    assert note is not None
    assert note.subject == f"[Cloud Access] {headline}"
    assert note.body.startswith(headline + "\n")


def test_approval_short_of_the_required_count_says_how_many() -> None:
    partial = request(required_approvals=2, approvals=[Approval(user="alice@example.com", at=AT)])
    note = notification_for(event("approved", partial))
    assert note is not None
    assert "alice@example.com approved request r1 (1 of 2 approvals)" in note.subject
    full = notification_for(event("approved", request(status="approved")))
    assert full is not None
    assert "Request r1 was approved by alice@example.com" in full.subject


def test_auto_approval_names_the_rule() -> None:
    auto = request(status="approved", auto_approved_by="read-only-own-team")
    note = notification_for(event("auto_approved", auto, actor="auto"))
    assert note is not None
    assert "approved automatically (rule read-only-own-team)" in note.subject


def test_comment_text_is_in_the_message() -> None:
    commented = request(comments=[Comment(id="m1", author="alice@example.com", text="x", at=AT)])
    note = notification_for(event("commented", commented, comment="Scope it\nto reports/*"))
    assert note is not None
    assert "Comment by alice@example.com:\nScope it\nto reports/*" in note.body
    assert "Scope it\nto reports/*" in note.slack_detail


def test_failed_change_carries_its_error() -> None:
    failed = request()
    failed.changes[0].status = "failed"
    failed.changes[0].error = "AccessDenied: iam:PutRolePolicy " + "x" * 1000
    note = notification_for(event("change_failed", failed, actor="worker", change_id="c1"))
    assert note is not None
    error_line = next(line for line in note.body.splitlines() if line.startswith("Error: "))
    assert error_line.startswith("Error: AccessDenied: iam:PutRolePolicy xxx")
    assert error_line.endswith("…")
    assert len(error_line) == len("Error: ") + 500


def test_rejection_carries_the_reason_from_the_timeline() -> None:
    rejected = request(
        status="rejected",
        timeline=[
            TimelineEvent(
                at=AT, actor="alice@example.com", type="rejected", why="Use the reports role."
            )
        ],
    )
    note = notification_for(event("rejected", rejected))
    assert note is not None
    assert "Reason: Use the reports role." in note.body


def test_long_justification_is_truncated_and_single_lined() -> None:
    note = notification_for(event("submitted", request(justification="word\n" * 500)))
    assert note is not None
    line = next(line for line in note.body.splitlines() if line.startswith("Justification: "))
    value = line.removeprefix("Justification: ")
    assert len(value) <= JUSTIFICATION_LIMIT
    assert value.endswith("…")
    assert value.startswith("word word word")


def test_long_subject_is_clipped() -> None:
    long_actor = "a" * 300 + "@example.com"
    note = notification_for(event("commented", actor=long_actor))
    assert note is not None
    assert len(note.subject) == 160
    assert note.subject.endswith("…")


def test_slack_text_escapes_user_text() -> None:
    note = notification_for(
        event("rejected", request(justification="<https://evil.example|click> & <!here>"))
    )
    assert note is not None
    assert "&lt;https://evil.example|click&gt; &amp; &lt;!here&gt;" in note.slack_detail
    assert "<https://evil" not in note.slack_detail


def test_slack_lists_five_changes_and_counts_the_rest() -> None:
    spec = TagChange(principal_arn=ROLE, key="team", value="data")
    many = request(changes=[Change(id=f"c{i}", spec=spec) for i in range(1, 9)])
    note = notification_for(event("submitted", many))
    assert note is not None
    assert note.slack_detail.count("• ") == 5
    assert "… and 3 more changes" in note.slack_detail
    assert note.body.count("  - c") == 8


def test_change_lines_of_other_types() -> None:
    managed = ManagedPolicyChange(
        principal_arn=ROLE, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    )
    assert change_line(Change(id="c1", spec=managed)) == (
        f"c1 [pending] managed_policy attach {ROLE}, arn:aws:iam::aws:policy/ReadOnlyAccess"
    )
    create = CreateRoleChange(
        account_id="111122223333", role_name="new-role", assume_role_policy_document={}
    )
    assert change_line(Change(id="c2", spec=create)) == (
        "c2 [pending] create_role create arn:aws:iam::111122223333:role/new-role"
    )
    clone = CloneRoleChange(source_role_arn=ROLE, account_id="111122223333", role_name="copy")
    assert change_line(Change(id="c3", spec=clone, status="applied")) == (
        f"c3 [applied] clone_role clone arn:aws:iam::111122223333:role/copy, from {ROLE}"
    )


def test_clip() -> None:
    assert clip("  short  ", 10) == "short"
    assert clip("abcdefghij", 5) == "abcd…"
