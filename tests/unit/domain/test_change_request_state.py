"""Transitions of a permission request: approvals, reject, cancel, apply outcomes, expiry."""

from __future__ import annotations

import pytest

from consoleme.domain import change_request_state as state
from consoleme.domain.change_request import Change, ChangeRequest, new_request_id, parse_iso
from consoleme.domain.change_types import InlinePolicyChange, TagChange
from consoleme.errors import Conflict

pytestmark = pytest.mark.unit

ROLE = "arn:aws:iam::111111111111:role/app"
AT = "2026-11-26T10:00:00.000Z"


def _request(required: int = 1, changes: int = 1) -> ChangeRequest:
    spec = InlinePolicyChange(
        principal_arn=ROLE,
        policy_name="extra",
        policy_document={
            "Version": "2012-10-17",
            "Statement": [{"Sid": "A1", "Effect": "Allow", "Action": "s3:GetObject",
                           "Resource": "*"}],
        },
    )  # fmt: skip
    tag = TagChange(principal_arn=ROLE, key="team", value="a")
    return ChangeRequest(
        id=new_request_id(),
        requester="alice@example.com",
        justification="need it",
        created_at=AT,
        updated_at=AT,
        changes=[Change(id=f"c{i + 1}", spec=spec if i == 0 else tag) for i in range(changes)],
        required_approvals=required,
    )


def test_one_approval_approves_request_and_changes() -> None:
    approved = state.approve(_request(), "bob@example.com", AT)
    assert approved.status == "approved"
    assert [c.status for c in approved.changes] == ["approved"]
    assert approved.timeline[-1].type == "approved"
    assert approved.timeline[-1].to_status == "approved"


def test_two_approvals_needed_from_distinct_people() -> None:
    once = state.approve(_request(required=2), "bob@example.com", AT)
    assert once.status == "pending"
    twice_same = state.approve(once, "bob@example.com", AT)
    assert twice_same.status == "pending"
    done = state.approve(twice_same, "carol@example.com", AT)
    assert done.status == "approved"
    assert {a.user for a in done.approvals} == {"bob@example.com", "carol@example.com"}


def test_auto_rule_approves_and_is_recorded() -> None:
    approved = state.approve(_request(required=2), "auto", AT, rule="read-only-own-team")
    assert approved.status == "approved"
    assert approved.auto_approved_by == "read-only-own-team"
    assert approved.timeline[-1].type == "auto_approved"


def test_approving_an_approved_request_conflicts() -> None:
    approved = state.approve(_request(), "bob@example.com", AT)
    with pytest.raises(Conflict):
        state.approve(approved, "carol@example.com", AT)


def test_reject_and_cancel_mark_every_change() -> None:
    rejected = state.reject(_request(changes=2), "bob@example.com", AT, "too broad")
    assert rejected.status == "rejected"
    assert {c.status for c in rejected.changes} == {"rejected"}
    assert rejected.timeline[-1].why == "too broad"
    cancelled = state.cancel(_request(), "alice@example.com", AT, None)
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict):
        state.cancel(cancelled, "alice@example.com", AT, None)


def test_apply_lifecycle_settles_request() -> None:
    request = state.approve(_request(changes=2), "bob@example.com", AT)
    request = state.start_apply(request, "c1", "worker", AT)
    assert request.change("c1").status == "applying"
    assert request.change("c1").attempts == 1
    request = state.finish_apply(request, "c1", AT, error=None, applied_state={"sids": ["A1"]})
    assert request.status == "approved"  # c2 still to go
    request = state.start_apply(request, "c2", "worker", AT)
    request = state.finish_apply(request, "c2", AT, error="AccessDenied")
    assert request.status == "failed"
    assert request.change("c2").error == "AccessDenied"
    assert request.change("c1").applied_state == {"sids": ["A1"]}


def test_duplicate_finish_is_ignored_and_restart_counts_attempts() -> None:
    request = state.approve(_request(), "bob@example.com", AT)
    request = state.start_apply(request, "c1", "worker", AT)
    again = state.start_apply(request, "c1", "worker", AT)  # redelivered task
    assert again.change("c1").attempts == 2
    done = state.finish_apply(again, "c1", AT, error=None)
    assert done.status == "applied"
    assert state.finish_apply(done, "c1", AT, error="late duplicate") is done


def test_pending_change_cannot_start_applying() -> None:
    with pytest.raises(Conflict):
        state.start_apply(_request(), "c1", "worker", AT)


def test_no_cancel_or_reject_once_something_applied() -> None:
    request = state.approve(_request(changes=2), "bob@example.com", AT)
    request = state.start_apply(request, "c1", "worker", AT)
    with pytest.raises(Conflict):
        state.cancel(request, "alice@example.com", AT, None)
    with pytest.raises(Conflict):
        state.reject(request, "bob@example.com", AT, None)


def test_expire_records_only_applied_changes() -> None:
    request = state.approve(_request(), "bob@example.com", AT)
    request = state.finish_apply(state.start_apply(request, "c1", "w", AT), "c1", AT, error=None)
    failed = state.expire_change(request, "c1", AT, error="throttled")
    assert failed.change("c1").status == "applied"
    assert failed.change("c1").error == "throttled"
    expired = state.expire_change(request, "c1", AT, error=None)
    assert expired.change("c1").status == "expired"
    assert expired.timeline[-1].type == "grant_expired"
    assert state.expire_change(expired, "c1", AT, error=None) is expired
    assert state.expire_change(failed, "c1", AT, error="throttled") is failed  # no repeat event


def test_move_back_clears_approvals() -> None:
    rejected = state.reject(_request(), "bob@example.com", AT, None)
    pending = state.move_back_to_pending(rejected, "admin@example.com", AT, "try again")
    assert pending.status == "pending"
    assert pending.approvals == []
    assert [c.status for c in pending.changes] == ["pending"]


def test_update_change_resets_approvals() -> None:
    request = state.approve(_request(required=2), "bob@example.com", AT)
    replacement = request.change("c1").model_copy(update={"status": "approved"})
    updated = state.update_change(request, replacement, "alice@example.com", AT)
    assert updated.approvals == []
    assert updated.change("c1").status == "pending"


def test_ids_sort_by_time() -> None:
    assert new_request_id(1000.0) < new_request_id(2000.0)
    assert len(new_request_id()) == 20
    assert parse_iso("2026-11-26T10:00:00.000Z") == parse_iso("2026-11-26T11:00:00+01:00")
