"""The words of a request notification: e-mail subject and body, and Slack mrkdwn (pure, no I/O).

Every event type of :data:`consoleme.domain.change_request.EventType` notifies except those in
:data:`SILENT_TYPES` (``apply_started``: a worker picking up a change is noise; the outcome,
``change_applied`` or ``change_failed``, follows). So these notify: ``submitted``,
``commented``, ``change_updated``, ``approved``, ``auto_approved``, ``rejected``, ``cancelled``,
``moved_back_to_pending``, ``change_applied``, ``change_failed``, ``grant_expired`` and
``status_changed`` (the request as a whole became applied or failed).

A message names the request id, the requester, the justification (truncated), each change on one
line (id, status, type, action, target ARN, expiry), the actor, the comment for ``commented``,
the error for ``change_failed`` and the link. It never carries policy documents, the documents
recorded before and after applying, or anything from settings: only what a viewer of the request
page sees. Free text (justification, comment, reason, error) is truncated and single-lined where
it goes into a header; Slack text is escaped so user text cannot forge links or mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consoleme.core.change_events import QUIET_EVENTS
from consoleme.domain.change_request import Change, ChangeRequest
from consoleme.domain.change_types import (
    CloneRoleChange,
    CreateRoleChange,
    InlinePolicyChange,
    ManagedPolicyChange,
    PermissionsBoundaryChange,
    TagChange,
    target_arn,
)

SILENT_TYPES: frozenset[str] = QUIET_EVENTS  # the core does not even queue these

JUSTIFICATION_LIMIT = 300
COMMENT_LIMIT = 2000
ERROR_LIMIT = 500
REASON_LIMIT = 300
SUBJECT_LIMIT = 160
SLACK_CHANGE_LINES = 5
SLACK_DETAIL_LIMIT = 2900  # a Slack section holds at most 3000 characters


@dataclass(frozen=True)
class Notification:
    """One event in words, for every channel."""

    subject: str  # one line, for an e-mail Subject header
    body: str  # plain text e-mail body
    slack_text: str  # short mrkdwn: the headline and the link (the webhook's fallback text)
    slack_detail: str  # mrkdwn: requester, justification, changes, comment or error
    url: str  # the request page
    request_id: str
    event_type: str


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when it was cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def one_line(text: str) -> str:
    """``text`` with every run of whitespace and control characters made one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def slack_escape(text: str) -> str:
    """Escape the three characters Slack mrkdwn gives a meaning (links, mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notification_for(event: dict[str, Any], site_name: str = "ConsoleMe") -> Notification | None:
    """The words for ``event`` (the hook's dict), or None for a silent type.

    Raises pydantic's ValidationError when ``event["request"]`` is not a stored request.
    """
    kind = str(event["type"])
    if kind in SILENT_TYPES:
        return None
    request = ChangeRequest.model_validate(event["request"])
    actor = str(event.get("actor") or "someone")
    change_id = event.get("change_id")
    headline = one_line(_headline(kind, request, actor, change_id))
    extra = _extra_lines(kind, request, event, change_id)
    url = str(event["url"])
    return Notification(
        subject=clip(f"[{one_line(site_name)}] {headline}", SUBJECT_LIMIT),
        body=_body(headline, request, extra, url),
        slack_text=f"*{slack_escape(headline)}* <{url}|Open request {request.id}>",
        slack_detail=clip(_slack_detail(request, extra), SLACK_DETAIL_LIMIT),
        url=url,
        request_id=request.id,
        event_type=kind,
    )


def _headline(kind: str, request: ChangeRequest, actor: str, change_id: object) -> str:
    rid, change = request.id, f"change {change_id}" if change_id else "a change"
    if kind == "approved" and request.status == "pending":
        humans = len({a.user for a in request.approvals if a.user != "auto"})
        return (
            f"{actor} approved request {rid} ({humans} of {request.required_approvals} approvals)"
        )
    headlines = {
        "submitted": f"Request {rid} from {request.requester} awaits review",
        "commented": f"{actor} commented on request {rid}",
        "change_updated": f"{actor} edited {change} of request {rid}; approvals start over",
        "approved": f"Request {rid} was approved by {actor}",
        "auto_approved": f"Request {rid} was approved automatically "
        f"(rule {request.auto_approved_by or 'unnamed'})",
        "rejected": f"Request {rid} was rejected by {actor}",
        "cancelled": f"Request {rid} was cancelled by {actor}",
        "moved_back_to_pending": f"Request {rid} was moved back to pending by {actor}",
        "change_applied": f"{change.capitalize()} of request {rid} was applied",
        "change_failed": f"{change.capitalize()} of request {rid} failed",
        "grant_expired": f"The grant of {change} of request {rid} expired and was removed",
        "status_changed": f"Request {rid} is now {request.status}",
    }
    return headlines.get(kind, f"Request {rid}: {kind.replace('_', ' ')} by {actor}")


def _extra_lines(
    kind: str, request: ChangeRequest, event: dict[str, Any], change_id: object
) -> list[str]:
    """Comment, error or reason lines that only some event types carry."""
    if kind == "commented" and event.get("comment"):
        return [f"Comment by {event.get('actor')}:", clip(str(event["comment"]), COMMENT_LIMIT)]
    if kind == "change_failed":
        error = _change_error(request, change_id) or _reason(request, kind)
        return [f"Error: {clip(error, ERROR_LIMIT)}"] if error else []
    if kind in {"rejected", "cancelled", "moved_back_to_pending"}:
        reason = _reason(request, kind)
        return [f"Reason: {clip(reason, REASON_LIMIT)}"] if reason else []
    return []


def _change_error(request: ChangeRequest, change_id: object) -> str | None:
    for change in request.changes:
        if change.id == change_id:
            return change.error
    return None


def _reason(request: ChangeRequest, kind: str) -> str | None:
    """The ``why`` of the newest timeline event of this type."""
    for entry in reversed(request.timeline):
        if entry.type == kind:
            return entry.why
    return None


def change_line(change: Change) -> str:
    """One change on one line: id, status, type, action, target ARN, detail, expiry."""
    spec = change.spec
    action = getattr(spec, "action", None) or (
        "clone" if isinstance(spec, CloneRoleChange) else "create"
    )
    parts = [f"{change.id} [{change.status}] {spec.type} {action} {target_arn(spec)}"]
    if isinstance(spec, InlinePolicyChange):
        parts.append(f"policy {spec.policy_name}")
    elif isinstance(spec, ManagedPolicyChange | PermissionsBoundaryChange):
        parts.append(spec.policy_arn)
    elif isinstance(spec, TagChange):
        parts.append(f"tag {spec.key}")
    elif isinstance(spec, CloneRoleChange):
        parts.append(f"from {spec.source_role_arn}")
    elif isinstance(spec, CreateRoleChange) and spec.description:
        parts.append(clip(one_line(spec.description), 80))
    if change.expires_at:
        parts.append(f"expires {change.expires_at}")
    return ", ".join(parts)


def _body(headline: str, request: ChangeRequest, extra: list[str], url: str) -> str:
    lines = [
        headline,
        "",
        f"Request:       {request.id}",
        f"Requester:     {request.requester}",
        f"Status:        {request.status}",
        f"Justification: {clip(one_line(request.justification), JUSTIFICATION_LIMIT)}",
        "",
        "Changes:",
        *(f"  - {change_line(change)}" for change in request.changes),
    ]
    if extra:
        lines += ["", *extra]
    lines += ["", f"Open the request: {url}", ""]
    return "\n".join(lines)


def _slack_detail(request: ChangeRequest, extra: list[str]) -> str:
    justification = clip(one_line(request.justification), JUSTIFICATION_LIMIT)
    lines = [
        f"*Requester:* {slack_escape(request.requester)}",
        f"*Justification:* {slack_escape(justification)}",
    ]
    shown = request.changes[:SLACK_CHANGE_LINES]
    lines += [f"• {slack_escape(change_line(change))}" for change in shown]
    if len(request.changes) > len(shown):
        lines.append(f"… and {len(request.changes) - len(shown)} more changes")
    lines += [slack_escape(line) for line in extra]
    return "\n".join(lines)
