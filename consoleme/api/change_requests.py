"""Permission requests: submit, list, read, and act on one (comment, approve, apply...)."""

from __future__ import annotations

import time

from consoleme.api.base import ApiHandler
from consoleme.api.change_request_models import (
    ApplyChangeCommand,
    ChangeDetail,
    CommandBody,
    CommentCommand,
    RequestDetail,
    RequestList,
    RequestSummary,
    SubmitRequest,
    UpdateChangeCommand,
)
from consoleme.api.openapi_meta import Operation
from consoleme.core.change_requests import ChangeRequests, CommandInput
from consoleme.core.change_submit import ChangeInput
from consoleme.core.change_views import ChangePreview
from consoleme.domain.approval_rules import Actor, allowed_commands
from consoleme.domain.change_request import Change, ChangeRequest, RequestFilter, RequestRow
from consoleme.domain.change_types import target_account, target_arn
from consoleme.errors import BadRequest

_TAGS = ("requests",)
_LIST_QUERY = {
    "status": "pending, approved, applied, rejected, cancelled or failed.",
    "requester": "Requests of this user (admins and approvers; others see only their own).",
    "account": "12-digit account id of the primary target.",
    "arn": "Exact ARN of the primary target.",
    "order": "newest (default) or oldest first.",
    "awaiting_me": "true: only pending requests you may approve (owners get one page of up to "
    "limit, without a cursor).",
    "limit": "1 to 200 (default 50).",
    "cursor": "From the previous page.",
}
_STATUSES = {"pending", "approved", "applied", "rejected", "cancelled", "failed"}


class RequestsBase(ApiHandler):
    auth = "user"

    @property
    def requests(self) -> ChangeRequests:
        return self.services.change_requests

    @property
    def actor(self) -> Actor:
        return Actor(self.user.user, tuple(self.user.groups), self.is_admin)

    async def detail(self, request: ChangeRequest) -> RequestDetail:
        previews = await self.requests.previews(request)
        return RequestDetail(
            **request.model_dump(exclude={"changes", "requester_groups"}),
            changes=[_change(c, previews[c.id]) for c in request.changes],
            allowed_commands=sorted(allowed_commands(request, self.actor)),
            url=f"{self.requests.base_url}/requests/{request.id}",
        )


def _change(change: Change, preview: ChangePreview) -> ChangeDetail:
    return ChangeDetail(
        **change.model_dump(exclude={"applied_state", "before", "after"}),
        target_arn=target_arn(change.spec),
        account_id=target_account(change.spec),
        before=preview.before,
        after=preview.after,
        terraform=preview.terraform,
    )


class SubmitHandler(RequestsBase):
    openapi = {
        "post": Operation(
            "Submit a permission request: every change is checked (target, policy grammar, "
            "size, expiry) and gets policy findings.",
            RequestDetail,
            SubmitRequest,
            tags=_TAGS,
            status=201,
        )
    }

    async def post(self) -> None:
        body = self.parse_body(SubmitRequest)
        inputs = [ChangeInput(c.spec, c.expires_at) for c in body.changes]
        request = await self.requests.submit(
            self.actor, body.justification, inputs, apply_now=body.submit_and_apply
        )
        self.respond(await self.detail(request), status=201)


class RequestListHandler(RequestsBase):
    openapi = {
        "get": Operation(
            "Requests, newest first, filtered in the store.",
            RequestList,
            tags=_TAGS,
            query=_LIST_QUERY,
        )
    }

    async def get(self) -> None:
        flt, limit, cursor, descending = self._query()
        awaiting = self.get_query_argument("awaiting_me", "false")
        if awaiting not in ("true", "false"):
            raise BadRequest("awaiting_me is true or false", code="validation_error")
        page = await self.requests.page(
            self.actor,
            flt,
            limit=limit,
            cursor=cursor,
            descending=descending,
            awaiting_me=awaiting == "true",
        )
        body = RequestList(requests=[_summary(r) for r in page.requests], cursor=page.cursor)
        # Time spent in this process (auth, store, response), for benchmarks and dashboards.
        spent = (time.perf_counter() - self._started) * 1000
        self.set_header("Server-Timing", f"app;dur={spent:.3f}")
        self.respond(body)

    def _query(self) -> tuple[RequestFilter, int, str | None, bool]:
        arg = self.get_query_argument
        status = arg("status", None) or None
        if status is not None and status not in _STATUSES:
            raise BadRequest(f"status must be one of {sorted(_STATUSES)}", code="validation_error")
        account = arg("account", None) or None
        if account is not None and not (len(account) == 12 and account.isdigit()):
            raise BadRequest("account is a 12-digit id", code="validation_error")
        order = arg("order", "newest")
        if order not in ("newest", "oldest"):
            raise BadRequest("order is newest or oldest", code="validation_error")
        limit_text = arg("limit", "50") or "50"
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 200:
            raise BadRequest("limit is 1 to 200", code="validation_error")
        flt = RequestFilter(
            status, arg("requester", None) or None, account, arg("arn", None) or None
        )
        return flt, int(limit_text), arg("cursor", None) or None, order == "newest"


def _summary(row: RequestRow) -> RequestSummary:
    return RequestSummary(
        id=row.id,
        requester=row.requester,
        justification=row.justification,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        arn=row.arn,
        account_id=row.account,
        change_types=list(row.change_types),
        change_count=row.change_count,
        next_expiry=row.next_expiry,
    )


class RequestHandler(RequestsBase):
    openapi = {
        "get": Operation(
            "One request with previews, findings and Terraform.", RequestDetail, tags=_TAGS
        ),
        "put": Operation(
            "Act on a request: comment, update_change, approve, reject, cancel, apply_change or "
            "move_back_to_pending. 403 when you may not, 409 when it changed meanwhile.",
            RequestDetail,
            CommandBody,
            tags=_TAGS,
        ),
    }

    async def get(self, request_id: str) -> None:
        request = await self.requests.get(request_id, self.actor)
        self.respond(await self.detail(request))

    async def put(self, request_id: str) -> None:
        cmd = self.parse_body(CommandBody).root
        change = None
        if isinstance(cmd, UpdateChangeCommand):
            change = ChangeInput(cmd.spec, cmd.expires_at)
        text = getattr(cmd, "reason", None)
        if isinstance(cmd, CommentCommand):
            text = cmd.text
        change_id = (
            cmd.change_id if isinstance(cmd, ApplyChangeCommand | UpdateChangeCommand) else None
        )
        command = CommandInput(cmd.command, cmd.version, text, change_id, change)
        request = await self.requests.command(request_id, self.actor, command)
        self.respond(await self.detail(request))


routes = [
    (r"/api/v2/request", SubmitHandler),
    (r"/api/v2/requests", RequestListHandler),
    (r"/api/v2/requests/(?P<request_id>[0-9a-f]{20})", RequestHandler),
]
