"""A permission request as stored: its changes, comments, approvals and timeline.

Request states: ``pending -> approved -> applied``, or ``rejected``, ``cancelled``, ``failed``.
Each change carries its own status (``pending``, ``approved``, ``applying``, ``applied``,
``failed``, ``rejected``, ``cancelled``, ``expired``) and error. The transitions live in
:mod:`consoleme.domain.change_request_state`; who may make them in
:mod:`consoleme.domain.approval_rules`.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consoleme.domain.change_types import ChangeSpec, target_account, target_arn

RequestStatus = Literal["pending", "approved", "applied", "rejected", "cancelled", "failed"]
ChangeStatus = Literal[
    "pending", "approved", "applying", "applied", "failed", "rejected", "cancelled", "expired"
]
EventType = Literal[
    "submitted",
    "commented",
    "change_updated",
    "approved",
    "auto_approved",
    "rejected",
    "cancelled",
    "moved_back_to_pending",
    "apply_started",
    "change_applied",
    "change_failed",
    "grant_expired",
    "status_changed",
]
OPEN_STATUSES: frozenset[str] = frozenset({"pending", "approved"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(_Model):
    """One change of a request and what happened to it."""

    id: str = Field(description="Stable id inside the request (c1, c2, ...).")
    spec: ChangeSpec
    status: ChangeStatus = "pending"
    error: str | None = Field(None, description="Why the last apply (or expiry) failed.")
    expires_at: str | None = Field(
        None, description="UTC ISO time when a time-bound grant is taken back."
    )
    started_at: str | None = Field(None, description="When the last apply attempt started.")
    applied_at: str | None = None
    expired_at: str | None = None
    attempts: int = Field(0, description="Apply attempts so far.")
    applied_state: dict[str, Any] = Field(
        default_factory=dict,
        description="What applying added (Sids, whether it attached, the previous tag value), "
        "so expiry removes exactly that.",
    )
    findings: list[dict[str, Any]] = Field(
        default_factory=list, description="Policy check findings when submitted or edited."
    )
    before: dict[str, Any] | None = Field(
        None, description="The target document just before apply (recorded by the worker)."
    )
    after: dict[str, Any] | None = Field(None, description="The document after apply.")


class Comment(_Model):
    id: str
    author: str
    text: str
    at: str


class Approval(_Model):
    user: str = Field(description='Who approved; "auto" for an auto-approve rule.')
    at: str
    rule: str | None = Field(None, description="The auto-approve or approval rule that applied.")


class TimelineEvent(_Model):
    at: str
    actor: str
    type: EventType
    from_status: str | None = None
    to_status: str | None = None
    change_id: str | None = None
    why: str | None = None


class ChangeRequest(_Model):
    """A request as stored (``version`` comes from the store record)."""

    id: str
    requester: str
    requester_groups: list[str] = Field(default_factory=list)
    justification: str
    created_at: str
    updated_at: str
    status: RequestStatus = "pending"
    changes: list[Change]
    comments: list[Comment] = Field(default_factory=list)
    approvals: list[Approval] = Field(default_factory=list)
    required_approvals: int = Field(1, ge=1)
    approver_groups: list[str] = Field(
        default_factory=list,
        description="Groups and users (besides admins) allowed to approve, from owner tags, "
        "rules and the approvers_for hook, computed at submit.",
    )
    sensitive_rules: list[str] = Field(
        default_factory=list,
        description="Sensitive rules that matched, which set required_approvals.",
    )
    auto_approved_by: str | None = None
    timeline: list[TimelineEvent] = Field(default_factory=list)
    version: int = 0

    def change(self, change_id: str) -> Change:
        """The change with ``change_id``; KeyError when there is none."""
        for change in self.changes:
            if change.id == change_id:
                return change
        raise KeyError(change_id)

    @property
    def primary_arn(self) -> str:
        """The ARN the request is filed under (its first change's target)."""
        return target_arn(self.changes[0].spec)

    @property
    def primary_account(self) -> str:
        """The account of :attr:`primary_arn`."""
        return target_account(self.changes[0].spec)


@dataclass(frozen=True, slots=True)
class RequestFilter:
    """What a list of requests asks for; every field optional."""

    status: str | None = None
    requester: str | None = None
    account: str | None = None
    arn: str | None = None


@dataclass(frozen=True, slots=True)
class RequestRow:
    """What a list shows of a request (built without validating the whole stored request)."""

    id: str
    requester: str
    justification: str
    status: RequestStatus
    created_at: str
    updated_at: str
    arn: str
    account: str
    change_types: tuple[str, ...]
    change_count: int
    next_expiry: str | None

    @classmethod
    def of(cls, request: ChangeRequest) -> RequestRow:
        return cls.from_data(
            request.model_dump(mode="json"), request.primary_arn, request.primary_account
        )

    @classmethod
    def from_data(cls, data: dict[str, Any], arn: str, account: str) -> RequestRow:
        """From a stored request's JSON (validated when it was written)."""
        changes = data["changes"]
        expiries = [c["expires_at"] for c in changes if c.get("expires_at")
                    and c.get("status") == "applied"]  # fmt: skip
        return cls(
            id=data["id"],
            requester=data["requester"],
            justification=data["justification"][:300],
            status=data["status"],
            created_at=data["created_at"],
            updated_at=data["updated_at"],
            arn=arn,
            account=account,
            change_types=tuple(sorted({c["spec"]["type"] for c in changes})),
            change_count=len(changes),
            next_expiry=min(expiries) if expiries else None,
        )


def now_iso(now: float | None = None) -> str:
    """UTC time as ISO 8601 with milliseconds and Z."""
    moment = datetime.fromtimestamp(time.time() if now is None else now, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(value: str) -> float:
    """Epoch seconds of an ISO 8601 time (``Z`` or an offset)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def new_request_id(now: float | None = None) -> str:
    """A time-ordered, unguessable id: 12 hex digits of milliseconds and 8 random hex digits."""
    millis = int((time.time() if now is None else now) * 1000)
    return f"{millis:012x}{secrets.token_hex(4)}"
