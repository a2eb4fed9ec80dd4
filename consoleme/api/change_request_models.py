"""Bodies of the permission request endpoints (the UI's types come from these)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, RootModel

from consoleme.api.models import Answer, Strict
from consoleme.domain.approval_rules import Command
from consoleme.domain.change_request import (
    Approval,
    ChangeStatus,
    Comment,
    RequestStatus,
    TimelineEvent,
)
from consoleme.domain.change_types import ChangeSpec
from consoleme.domain.policy_rules import Finding

_ISO = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"


class ChangeInput(Strict):
    spec: ChangeSpec
    expires_at: str | None = Field(
        None,
        pattern=_ISO,
        description="When a grant (add or attach) is taken back again: ISO 8601 with a zone.",
    )


class SubmitRequest(Strict):
    justification: str = Field(min_length=1, max_length=4000)
    changes: list[ChangeInput] = Field(min_length=1, max_length=100)
    submit_and_apply: bool = Field(
        False, description="Admins only: approve at once and apply (recorded as such)."
    )


class _Command(Strict):
    version: int | None = Field(
        None, description="The version you read; 409 when the request changed since."
    )


class CommentCommand(_Command):
    command: Literal["comment"]
    text: str = Field(min_length=1, max_length=4000)


class UpdateChangeCommand(_Command):
    command: Literal["update_change"]
    change_id: str = Field(max_length=16)
    spec: ChangeSpec
    expires_at: str | None = Field(None, pattern=_ISO)


class ApproveCommand(_Command):
    command: Literal["approve"]


class RejectCommand(_Command):
    command: Literal["reject"]
    reason: str | None = Field(None, max_length=4000)


class CancelCommand(_Command):
    command: Literal["cancel"]
    reason: str | None = Field(None, max_length=4000)


class ApplyChangeCommand(_Command):
    command: Literal["apply_change"]
    change_id: str = Field(max_length=16)


class MoveBackCommand(_Command):
    command: Literal["move_back_to_pending"]
    reason: str | None = Field(None, max_length=4000)


RequestCommand = Annotated[
    CommentCommand
    | UpdateChangeCommand
    | ApproveCommand
    | RejectCommand
    | CancelCommand
    | ApplyChangeCommand
    | MoveBackCommand,
    Field(discriminator="command"),
]


class CommandBody(RootModel[RequestCommand]):
    """``PUT /api/v2/requests/{id}``: one command, chosen by its ``command`` field."""


class ChangeDetail(Answer):
    id: str
    spec: ChangeSpec
    status: ChangeStatus
    error: str | None
    expires_at: str | None
    applied_at: str | None
    expired_at: str | None
    attempts: int
    target_arn: str
    account_id: str
    before: dict[str, Any] | None = Field(description="Target document now (or before apply).")
    after: dict[str, Any] | None = Field(description="Target document with the change made.")
    findings: list[Finding]
    terraform: str = Field(description="The same change as a Terraform snippet.")


class RequestDetail(Answer):
    id: str
    version: int
    requester: str
    justification: str
    created_at: str
    updated_at: str
    status: RequestStatus
    changes: list[ChangeDetail]
    comments: list[Comment]
    approvals: list[Approval]
    required_approvals: int
    sensitive_rules: list[str] = Field(description="Rules that raised required_approvals.")
    approver_groups: list[str]
    auto_approved_by: str | None
    timeline: list[TimelineEvent]
    allowed_commands: list[Command] = Field(description="Commands the caller may send now.")
    url: str


class RequestSummary(Answer):
    id: str
    requester: str
    justification: str
    status: RequestStatus
    created_at: str
    updated_at: str
    arn: str = Field(description="The primary target.")
    account_id: str
    change_types: list[str]
    change_count: int
    next_expiry: str | None = Field(description="Earliest expiry of an applied grant.")


class RequestList(Answer):
    requests: list[RequestSummary]
    cursor: str | None = Field(description="Pass as ?cursor= for the next page; null at the end.")
