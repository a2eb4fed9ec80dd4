"""Permission requests: submit, list, read and act on them (comment, approve, reject, ...).

Who may send which command is decided by :mod:`consoleme.domain.approval_rules`; transitions by
:mod:`consoleme.domain.change_request_state`. Every stored change queues a notification event;
an approval that completes queues one apply task per change (a worker applies it, see
:mod:`consoleme.core.change_worker`). Writes use the request's ``version`` (optimistic
concurrency): two approvals racing leave one approved request and one apply per change.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pluggy

from consoleme.config.models import Settings
from consoleme.core.change_events import build_event, queue_event
from consoleme.core.change_submit import (
    ChangeInput,
    normalize_expiry,
    prepare_change,
    prepare_changes,
)
from consoleme.core.change_targets import TargetResolver
from consoleme.core.change_views import ChangePreview, change_previews
from consoleme.core.policy_check import PolicyChecker
from consoleme.core.task_client import APPLY_CHANGE, TaskClient
from consoleme.domain import change_request_state as state
from consoleme.domain.approval_rules import (
    Actor,
    Command,
    allowed_commands,
    auto_approval,
    may_approve,
    owner_groups,
    required_approvals,
)
from consoleme.domain.change_request import (
    Change,
    ChangeRequest,
    Comment,
    RequestFilter,
    RequestRow,
    TimelineEvent,
    new_request_id,
    now_iso,
)
from consoleme.domain.change_types import target_arn
from consoleme.errors import BadRequest, Conflict, Forbidden, NotFound
from consoleme.store.change_requests import ChangeRequestRepository, RequestPage
from consoleme.store.inventory_cache import InventoryCache

log = logging.getLogger("consoleme.change_requests")

ADMIN_SUBMIT_RULE = "admin-submit-and-apply"


@dataclass(frozen=True, slots=True)
class _Update:
    change: Change
    resources: dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class CommandInput:
    """A command as the API parsed it."""

    command: Command
    version: int | None = None
    text: str | None = None  # comment text, or the reason of reject/cancel/move back
    change_id: str | None = None
    change: ChangeInput | None = None  # update_change


class ChangeRequests:
    """The permission request use-cases of one process."""

    def __init__(
        self,
        settings: Settings,
        plugins: pluggy.PluginManager,
        repository: ChangeRequestRepository,
        inventory: InventoryCache,
        checker: PolicyChecker,
        access_level: Callable[[str], set[str]],
        tasks: TaskClient,
    ) -> None:
        self.settings = settings
        self.rules = settings.change_requests
        self.plugins = plugins
        self.repository = repository
        self.inventory = inventory
        self.checker = checker
        self.access_level = access_level
        self.tasks = tasks

    @property
    def base_url(self) -> str:
        server = self.settings.server
        return server.public_url or f"http://{server.host}:{server.port}"

    def can_see_all(self, actor: Actor) -> bool:
        """Admins and global approvers see every request; others see their own and those they
        may approve."""
        return actor.is_admin or bool(set(self.rules.approver_groups).intersection(actor.groups))

    async def submit(
        self, actor: Actor, justification: str, inputs: list[ChangeInput], *, apply_now: bool
    ) -> ChangeRequest:
        """Validate and store a new request; auto-approve or (admins) approve at once."""
        if apply_now and not actor.is_admin:
            raise Forbidden("only administrators may submit and apply", code="not_allowed")
        request_id = new_request_id()
        resolver = TargetResolver(self.inventory)
        changes, resources = await prepare_changes(
            inputs, request_id, resolver, self.rules, self.checker
        )
        at = now_iso()
        request = ChangeRequest(
            id=request_id,
            requester=actor.user,
            requester_groups=sorted(actor.groups),
            justification=justification.strip(),
            created_at=at,
            updated_at=at,
            changes=changes,
            timeline=[
                TimelineEvent(at=at, actor=actor.user, type="submitted", to_status="pending")
            ],
        )
        request = self._with_approvers(request, resources)
        request = self._approve_at_submit(request, actor, resources, at, apply_now)
        stored = await self.repository.create(request)
        log.info("request submitted", extra={"request": stored.id, "user": actor.user})
        await self._after_write(stored, stored, actor.user)
        return stored

    def _with_approvers(
        self, request: ChangeRequest, resources: dict[str, dict[str, Any]]
    ) -> ChangeRequest:
        approvers = set(self.rules.approver_groups)
        for resource in resources.values():
            approvers |= owner_groups(resource.get("tags", {}), self.rules.owner_tag_keys)
        as_dict = request.model_dump(mode="json")
        for change in as_dict["changes"]:
            for result in self.plugins.hook.approvers_for(change=change, request=as_dict):
                approvers.update(str(name) for name in result or [])
        needed, matched = required_approvals(request, self.rules.sensitive)
        return request.model_copy(
            update={
                "approver_groups": sorted(approvers),
                "required_approvals": needed,
                "sensitive_rules": matched,
            }
        )

    def _approve_at_submit(
        self,
        request: ChangeRequest,
        actor: Actor,
        resources: dict[str, dict[str, Any]],
        at: str,
        apply_now: bool,
    ) -> ChangeRequest:
        owners = {
            arn: owner_groups(doc.get("tags", {}), self.rules.owner_tag_keys)
            for arn, doc in resources.items()
        }
        rule = auto_approval(
            request,
            self.rules.auto_approve,
            owners_by_arn=owners,
            access_level=self.access_level,
            now=time.time(),
        )
        if rule is not None:
            return state.approve(request, "auto", at, rule=rule)
        if apply_now:
            # An administrator's explicit "submit and apply": recorded under its own rule name.
            request = request.model_copy(update={"required_approvals": 1})
            return state.approve(request, actor.user, at, rule=ADMIN_SUBMIT_RULE)
        return request

    async def get(self, request_id: str, actor: Actor) -> ChangeRequest:
        """The request, if ``actor`` may see it (NotFound otherwise, so ids do not leak)."""
        request = await self.repository.get(request_id)
        if not self.may_see(request, actor):
            raise NotFound(f"no request {request_id!r}", code="request_not_found")
        return request

    async def previews(self, request: ChangeRequest) -> dict[str, ChangePreview]:
        """Before/after documents and Terraform of each change, by change id."""
        return await change_previews(request, TargetResolver(self.inventory))

    def may_see(self, request: ChangeRequest, actor: Actor) -> bool:
        if self.can_see_all(actor) or actor.user == request.requester:
            return True
        if "approve" in allowed_commands(request, actor) or actor.user in request.approver_groups:
            return True
        allowed = set(request.approver_groups)
        return bool(allowed.intersection(actor.groups))

    async def page(
        self,
        actor: Actor,
        flt: RequestFilter,
        *,
        limit: int,
        cursor: str | None,
        descending: bool,
        awaiting_me: bool = False,
    ) -> RequestPage:
        """One page of requests; people who may not see all get only their own. With
        ``awaiting_me``: pending requests the actor may approve (one page, no cursor, for
        owners; admins and global approvers page through every pending request)."""
        if awaiting_me:
            return await self._awaiting(actor, limit=limit, cursor=cursor, descending=descending)
        if not self.can_see_all(actor):
            if flt.requester not in (None, actor.user):
                raise Forbidden("you may list only your own requests", code="not_allowed")
            flt = RequestFilter(flt.status, actor.user, flt.account, flt.arn)
        return await self.repository.page(flt, limit=limit, cursor=cursor, descending=descending)

    async def _awaiting(
        self, actor: Actor, *, limit: int, cursor: str | None, descending: bool
    ) -> RequestPage:
        if self.can_see_all(actor):
            return await self.repository.page(
                RequestFilter(status="pending"), limit=limit, cursor=cursor, descending=descending
            )
        waiting = await self.repository.awaiting([actor.user, *actor.groups], limit=limit)
        mine = [RequestRow.of(r) for r in waiting if may_approve(r, actor)]
        return RequestPage(mine if descending else list(reversed(mine)), None)

    async def command(self, request_id: str, actor: Actor, cmd: CommandInput) -> ChangeRequest:
        """Run one command; 403 when ``actor`` may not, 409 when the request moved on."""
        current = await self.get(request_id, actor)
        if cmd.version is not None and cmd.version != current.version:
            raise Conflict(
                f"the request changed (version {current.version}, you sent {cmd.version}); "
                "reload it",
                code="version_conflict",
            )
        self._authorize(current, actor, cmd.command)
        prepared = None
        if cmd.command == "update_change":
            prepared = await self._prepared_update(current, cmd)

        def transition(request: ChangeRequest) -> ChangeRequest:
            if cmd.version is not None and request.version != cmd.version:
                raise Conflict("the request changed; reload it", code="version_conflict")
            return self._transition(request, actor, cmd, prepared)

        before, after = await self.repository.update(request_id, transition)
        await self._after_write(before, after, actor.user, comment=cmd.text, cmd=cmd)
        return after

    def _authorize(self, request: ChangeRequest, actor: Actor, command: Command) -> None:
        """403 when ``actor`` may never send ``command`` for this request; 409 when they may,
        but not in its current state."""
        if command in allowed_commands(request, actor):
            return
        if command in ("approve", "reject") and actor.user == request.requester:
            raise Forbidden("nobody approves or rejects their own request", code="not_allowed")
        if not _may_ever(request, actor, command):
            raise Forbidden(
                f"you may not {command.replace('_', ' ')} this request", code="not_allowed"
            )
        raise Conflict(
            f"cannot {command.replace('_', ' ')} a request that is {request.status}",
            code="invalid_transition",
        )

    async def _prepared_update(self, request: ChangeRequest, cmd: CommandInput) -> _Update:
        """The checked replacement change, and the targets of the request once it is made (its
        approvers and required approvals are worked out again from them)."""
        if cmd.change is None or cmd.change_id is None:
            raise BadRequest("update_change needs change_id and spec", code="validation_error")
        try:
            old = request.change(cmd.change_id)
        except KeyError:
            raise NotFound(f"no change {cmd.change_id!r} in this request") from None
        expires = normalize_expiry(cmd.change.spec, cmd.change.expires_at, self.rules, time.time())
        resolver = TargetResolver(self.inventory)
        change = await prepare_change(
            cmd.change.spec, expires, request.id, old.id, resolver, self.rules, self.checker
        )
        resources: dict[str, dict[str, Any]] = {}
        for spec in [c.spec if c.id != old.id else change.spec for c in request.changes]:
            found = await resolver.resource(spec)
            if found is not None:
                resources[target_arn(spec)] = found
        return _Update(change, resources)

    def _transition(
        self, request: ChangeRequest, actor: Actor, cmd: CommandInput, prepared: _Update | None
    ) -> ChangeRequest:
        at = now_iso()
        self._authorize(request, actor, cmd.command)
        if cmd.command == "comment":
            result = request.model_copy(deep=True)
            number = len(result.comments) + 1
            text = cmd.text or ""
            result.comments.append(Comment(id=f"m{number}", author=actor.user, text=text, at=at))
            result.timeline.append(
                TimelineEvent(at=at, actor=actor.user, type="commented", why=text[:200])
            )
            result.updated_at = at
            return result
        if cmd.command == "approve":
            return state.approve(request, actor.user, at)
        if cmd.command == "reject":
            return state.reject(request, actor.user, at, cmd.text)
        if cmd.command == "cancel":
            return state.cancel(request, actor.user, at, cmd.text)
        if cmd.command == "move_back_to_pending":
            return state.move_back_to_pending(request, actor.user, at, cmd.text)
        if cmd.command == "update_change":
            if prepared is None:
                raise BadRequest("update_change needs change_id and spec", code="validation_error")
            updated = state.update_change(request, prepared.change, actor.user, at)
            return self._with_approvers(updated, prepared.resources)
        return self._queue_apply_mark(request, actor, cmd, at)

    def _queue_apply_mark(
        self, request: ChangeRequest, actor: Actor, cmd: CommandInput, at: str
    ) -> ChangeRequest:
        """apply_change: a failed change goes back to approved so the worker applies it again."""
        try:
            change = request.change(cmd.change_id or "")
        except KeyError:
            raise NotFound(f"no change {cmd.change_id!r} in this request") from None
        if change.status not in {"approved", "failed"}:
            raise Conflict(
                f"change {change.id} is {change.status}; only approved or failed changes are "
                "applied",
                code="invalid_transition",
            )
        result = request.model_copy(deep=True)
        target = result.change(change.id)
        target.status = "approved"
        target.error = None
        if result.status == "failed":
            result.status = "approved"
        result.timeline.append(
            TimelineEvent(
                at=at,
                actor=actor.user,
                type="status_changed",
                from_status=change.status,
                to_status="approved",
                change_id=change.id,
                why="apply requested",
            )
        )
        result.updated_at = at
        return result

    async def _after_write(
        self,
        before: ChangeRequest,
        after: ChangeRequest,
        actor: str,
        *,
        comment: str | None = None,
        cmd: CommandInput | None = None,
    ) -> None:
        """Queue notifications for new timeline events, and applies for newly approved changes."""
        new_events = (
            after.timeline[len(before.timeline) :] if before is not after else after.timeline
        )
        for event in new_events:
            payload = build_event(
                after,
                event.type,
                actor if event.actor != "auto" else "auto",
                self.base_url,
                change_id=event.change_id,
                comment=comment if event.type == "commented" else None,
            )
            await queue_event(self.tasks, payload)
        to_apply = {c.id for c in after.changes if c.status == "approved"}
        if before is not after:
            to_apply -= {c.id for c in before.changes if c.status == "approved"}
        if cmd is not None and cmd.command == "apply_change" and cmd.change_id:
            to_apply.add(cmd.change_id)
        for change_id in sorted(to_apply):
            await self.tasks.enqueue(APPLY_CHANGE, {"request_id": after.id, "change_id": change_id})


def _may_ever(request: ChangeRequest, actor: Actor, command: Command) -> bool:
    """Whether ``actor``'s role allows ``command`` on ``request`` in some state."""
    if command in ("approve", "reject"):
        return may_approve(request, actor)
    if command in ("cancel", "update_change"):
        return actor.is_admin or actor.user == request.requester
    if command in ("apply_change", "move_back_to_pending"):
        return actor.is_admin
    return True
