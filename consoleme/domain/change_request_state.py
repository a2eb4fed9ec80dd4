"""Transitions of a permission request and its changes (pure: each returns a new request).

Who may make a transition is decided before these run (:mod:`consoleme.domain.approval_rules`);
these check only that the transition makes sense from the current state, raising Conflict when it
does not (someone else moved the request first), and append a timeline event for each.
"""

from __future__ import annotations

from consoleme.domain.change_request import (
    Approval,
    Change,
    ChangeRequest,
    ChangeStatus,
    EventType,
    RequestStatus,
    TimelineEvent,
)
from consoleme.errors import Conflict

# Change states that count as "done" for the request.
_SETTLED: frozenset[str] = frozenset({"applied", "expired", "failed", "rejected", "cancelled"})


def _event(
    request: ChangeRequest,
    at: str,
    actor: str,
    type_: EventType,
    *,
    to_status: str | None = None,
    change_id: str | None = None,
    why: str | None = None,
    from_status: str | None = None,
) -> None:
    request.timeline.append(
        TimelineEvent(
            at=at,
            actor=actor,
            type=type_,
            from_status=from_status if from_status is not None else request.status,
            to_status=to_status,
            change_id=change_id,
            why=why,
        )
    )


def _require(request: ChangeRequest, allowed: set[str], doing: str) -> None:
    if request.status not in allowed:
        raise Conflict(
            f"cannot {doing} a request that is {request.status}", code="invalid_transition"
        )


def _set_all(request: ChangeRequest, status: ChangeStatus, only: set[str]) -> None:
    for change in request.changes:
        if change.status in only:
            change.status = status


def approve(
    request: ChangeRequest, actor: str, at: str, *, rule: str | None = None
) -> ChangeRequest:
    """Record an approval; with enough approvals the request and its changes become approved."""
    _require(request, {"pending"}, "approve")
    result = request.model_copy(deep=True)
    result.approvals.append(Approval(user=actor, at=at, rule=rule))
    kind: EventType = "auto_approved" if actor == "auto" else "approved"
    humans = {a.user for a in result.approvals if a.user != "auto"}
    if actor == "auto" or len(humans) >= result.required_approvals:
        if actor == "auto":
            result.auto_approved_by = rule
        _event(result, at, actor, kind, to_status="approved", why=rule)
        result.status = "approved"
        _set_all(result, "approved", {"pending"})
    else:
        _event(result, at, actor, kind, to_status="pending", why=rule)
    result.updated_at = at
    return result


def reject(request: ChangeRequest, actor: str, at: str, why: str | None) -> ChangeRequest:
    """Pending or approved (not yet applying) to rejected."""
    _require(request, {"pending", "approved"}, "reject")
    _no_change_in_flight(request, "reject")
    result = request.model_copy(deep=True)
    _event(result, at, actor, "rejected", to_status="rejected", why=why)
    result.status = "rejected"
    _set_all(result, "rejected", {"pending", "approved"})
    result.updated_at = at
    return result


def cancel(request: ChangeRequest, actor: str, at: str, why: str | None) -> ChangeRequest:
    """Pending or approved (nothing applied yet) to cancelled."""
    _require(request, {"pending", "approved"}, "cancel")
    _no_change_in_flight(request, "cancel")
    result = request.model_copy(deep=True)
    _event(result, at, actor, "cancelled", to_status="cancelled", why=why)
    result.status = "cancelled"
    _set_all(result, "cancelled", {"pending", "approved"})
    result.updated_at = at
    return result


def move_back_to_pending(
    request: ChangeRequest, actor: str, at: str, why: str | None
) -> ChangeRequest:
    """Rejected, failed or approved (nothing applying) back to pending; approvals are cleared."""
    _require(request, {"rejected", "failed", "approved"}, "move back to pending")
    _no_change_in_flight(request, "move back")
    result = request.model_copy(deep=True)
    _event(result, at, actor, "moved_back_to_pending", to_status="pending", why=why)
    result.status = "pending"
    result.approvals = []
    result.auto_approved_by = None
    _set_all(result, "pending", {"approved", "rejected", "failed", "cancelled"})
    for change in result.changes:
        if change.status == "pending":
            change.error = None
    result.updated_at = at
    return result


def update_change(request: ChangeRequest, change: Change, actor: str, at: str) -> ChangeRequest:
    """Replace a pending change (same id). Earlier approvals no longer count."""
    _require(request, {"pending"}, "edit")
    result = request.model_copy(deep=True)
    index = next((i for i, c in enumerate(result.changes) if c.id == change.id), None)
    if index is None:
        raise KeyError(change.id)
    result.changes[index] = change.model_copy(update={"status": "pending", "error": None})
    result.approvals = []
    _event(result, at, actor, "change_updated", to_status="pending", change_id=change.id)
    result.updated_at = at
    return result


def start_apply(request: ChangeRequest, change_id: str, actor: str, at: str) -> ChangeRequest:
    """An approved (or failed, retried) change becomes applying; its attempt count grows."""
    result = request.model_copy(deep=True)
    change = result.change(change_id)
    if change.status == "applying":
        change.attempts += 1  # a retry after a worker died: still applying
        change.started_at = at
        return result
    if result.status not in {"approved", "failed", "applied"} or change.status not in {
        "approved",
        "failed",
    }:
        raise Conflict(
            f"change {change_id} is {change.status} in a {result.status} request; only approved "
            "or failed changes are applied",
            code="invalid_transition",
        )
    change.status = "applying"
    change.attempts += 1
    change.started_at = at
    change.error = None
    _event(result, at, actor, "apply_started", to_status="applying", change_id=change_id)
    result.updated_at = at
    return result


def finish_apply(
    request: ChangeRequest,
    change_id: str,
    at: str,
    *,
    error: str | None,
    applied_state: dict[str, object] | None = None,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> ChangeRequest:
    """Record the outcome of applying one change, and settle the request when all are done."""
    if request.change(change_id).status != "applying":
        return request  # already recorded (a duplicate delivery of the same task): no write
    result = request.model_copy(deep=True)
    change = result.change(change_id)
    if error is None:
        change.status = "applied"
        change.applied_at = at
        change.applied_state = dict(applied_state or {})
        change.before, change.after = before, after
        _event(result, at, "worker", "change_applied", to_status="applied", change_id=change_id)
    else:
        change.status = "failed"
        change.error = error
        _event(
            result,
            at,
            "worker",
            "change_failed",
            to_status="failed",
            change_id=change_id,
            why=error,
        )
    _settle(result, at)
    return result


def expire_change(
    request: ChangeRequest, change_id: str, at: str, *, error: str | None
) -> ChangeRequest:
    """Record that an expired grant was taken back (or why it could not be)."""
    current = request.change(change_id)
    if current.status != "applied" or (error is not None and error == current.error):
        return request  # nothing new to record (no write, no repeated event)
    result = request.model_copy(deep=True)
    change = result.change(change_id)
    if error is None:
        change.status = "expired"
        change.expired_at = at
        change.error = None
        _event(result, at, "worker", "grant_expired", to_status="expired", change_id=change_id)
    else:
        change.error = error
        _event(
            result,
            at,
            "worker",
            "change_failed",
            change_id=change_id,
            why=error,
            to_status="applied",
        )
    result.updated_at = at
    return result


def _settle(request: ChangeRequest, at: str) -> None:
    if any(c.status not in _SETTLED for c in request.changes):
        request.updated_at = at
        return
    status: RequestStatus = (
        "failed" if any(c.status == "failed" for c in request.changes) else "applied"
    )
    if status != request.status:
        _event(request, at, "worker", "status_changed", to_status=status)
        request.status = status
    request.updated_at = at


def _no_change_in_flight(request: ChangeRequest, doing: str) -> None:
    if any(c.status in {"applying", "applied"} for c in request.changes):
        raise Conflict(
            f"cannot {doing}: a change of this request is already applying or applied",
            code="invalid_transition",
        )


def applicable_changes(request: ChangeRequest) -> list[str]:
    """Ids of changes a worker should apply now (approved, or stuck applying)."""
    if request.status not in {"approved", "failed", "applied"}:
        return []
    return [c.id for c in request.changes if c.status in {"approved", "applying"}]
