"""The worker's use-cases for permission requests: apply one change, sweep, notify.

:func:`apply_change` is the APPLY_CHANGE task. It may run more than once for the same change
(Celery redelivers a task whose worker died, the sweep queues a change again, two approvals
race) and stays correct because every step is idempotent:

1. ``start_apply`` in the store (optimistic concurrency): an approved change becomes
   ``applying``; one already applied or not applicable is skipped quietly;
2. before the first AWS write, the target's current state is recorded on the change
   (``before``), so a retry after a crash still knows what was there before our write;
3. :func:`consoleme.core.change_apply.apply` re-reads AWS and writes only what is missing;
4. ``finish_apply`` records the outcome once (a duplicate finds the change no longer applying).

On :class:`~consoleme.errors.Throttled` the change stays ``applying`` and the error is raised
for Celery to retry with backoff; on the last try, and for every other error, the failure is
recorded on the change. A short Redis lock keeps two copies from working on one change at the
same moment (an optimisation only). :func:`sweep` takes back expired grants and queues again
approved changes whose task was lost.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pluggy

from consoleme.aws.hub import AwsHub
from consoleme.config.models import Settings
from consoleme.core import change_apply
from consoleme.core.change_events import build_event, deliver_event, queue_event
from consoleme.core.change_outcome import ApplyOutcome
from consoleme.core.inventory_context import failure_text
from consoleme.core.task_client import APPLY_CHANGE, TaskClient
from consoleme.domain.change_request import ChangeRequest, now_iso, parse_iso
from consoleme.domain.change_request_state import (
    applicable_changes,
    expire_change,
    finish_apply,
    start_apply,
)
from consoleme.domain.change_types import ChangeSpec, target_account, target_arn
from consoleme.errors import NotFound, Throttled, Unavailable
from consoleme.store.cache import Cache
from consoleme.store.change_requests import ChangeRequestRepository, DueGrant

log = logging.getLogger("consoleme.change_requests")

T = TypeVar("T")
ACTOR = "worker"
LOCK_SECONDS = 120


@dataclass
class ChangeWorkerContext:
    """What the worker's change-request use-cases need; built once per worker process.

    ``refresh(arn, account_id)`` re-reads one inventory entry from AWS into the cache
    (:func:`consoleme.core.inventory_refresh.read_live` in the worker).
    """

    settings: Settings
    plugins: pluggy.PluginManager
    repository: ChangeRequestRepository
    hub: AwsHub
    task_client: TaskClient
    cache: Cache
    refresh: Callable[[str, str], Awaitable[object]]

    @property
    def base_url(self) -> str:
        """Where users open a request: ``server.public_url`` or ``http://host:port``."""
        server = self.settings.server
        return server.public_url or f"http://{server.host}:{server.port}"


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep did."""

    expired: int
    expiry_errors: int
    requeued: int


# --- pure steps (run inside repository.update, possibly more than once) -----------------------


def _start(request: ChangeRequest, change_id: str, at: str) -> ChangeRequest:
    if change_id not in applicable_changes(request):
        return request  # applied, failed, cancelled... or a request that is not approved
    return start_apply(request, change_id, ACTOR, at)


def _record_before(request: ChangeRequest, change_id: str, before: dict[str, Any]) -> ChangeRequest:
    change = request.change(change_id)
    if change.status != "applying" or change.before is not None:
        return request
    result = request.model_copy(deep=True)
    result.change(change_id).before = before
    return result


def _finish(
    request: ChangeRequest, change_id: str, at: str, error: str | None, outcome: ApplyOutcome | None
) -> ChangeRequest:
    if request.change(change_id).status != "applying":
        return request  # a duplicate finished first; nothing to record
    if outcome is None:
        return finish_apply(request, change_id, at, error=error)
    return finish_apply(
        request,
        change_id,
        at,
        error=None,
        applied_state=outcome.applied_state,
        before=outcome.before,
        after=outcome.after,
    )


def _expire(request: ChangeRequest, change_id: str, at: str, error: str | None) -> ChangeRequest:
    change = request.change(change_id)
    if change.status != "applied" or (error is not None and change.error == error):
        return request  # already expired, or the same failure is already recorded
    return expire_change(request, change_id, at, error=error)


# --- apply ------------------------------------------------------------------------------------


async def apply_change(
    ctx: ChangeWorkerContext, request_id: str, change_id: str, *, last_try: bool = False
) -> str:
    """Apply one change (the APPLY_CHANGE task); returns ``applied``, ``failed``, ``skipped``
    or ``busy`` (another copy holds the lock). Raises Throttled unless ``last_try``."""
    token = await _lock(ctx, request_id, change_id)
    if token is None:
        return "busy"
    try:
        return await _apply_locked(ctx, request_id, change_id, last_try)
    finally:
        await _unlock(ctx, request_id, change_id, token)


async def _apply_locked(
    ctx: ChangeWorkerContext, request_id: str, change_id: str, last_try: bool
) -> str:
    repository = ctx.repository
    current, started = await repository.update(
        request_id, lambda r: _start(r, change_id, now_iso())
    )
    if started is current:
        return "skipped"
    change = started.change(change_id)
    limit = ctx.settings.change_requests.apply_max_retries + 1
    error: str | None
    if change.attempts > limit:
        error = f"gave up after {change.attempts - 1} attempts that did not finish"
        return await _settle(ctx, request_id, change.spec, change_id, error, None)
    before = change.before
    if before is None:
        snapshot, error = await _aws_step(change_apply.read_before(ctx.hub, change.spec), last_try)
        if snapshot is None:
            return await _settle(ctx, request_id, change.spec, change_id, error, None)
        _, recorded = await repository.update(
            request_id, lambda r: _record_before(r, change_id, snapshot)
        )
        if recorded.change(change_id).status != "applying":
            return "skipped"
        before = recorded.change(change_id).before
    prefix = ctx.settings.change_requests.sid_prefix
    work = change_apply.apply(
        ctx.hub, change.spec, request_id, change_id, before=before, sid_prefix=prefix
    )
    outcome, error = await _aws_step(work, last_try)
    return await _settle(ctx, request_id, change.spec, change_id, error, outcome)


async def _aws_step(work: Awaitable[T], last_try: bool) -> tuple[T | None, str | None]:
    """Run one AWS step: (result, None), or (None, why it failed for good). Throttled is
    raised for a retry, except on the last try."""
    try:
        return await work, None
    except Throttled as exc:
        if not last_try:
            raise
        return None, f"AWS kept throttling; gave up: {exc.message}"
    except Exception as exc:
        return None, failure_text(exc)


async def _settle(
    ctx: ChangeWorkerContext,
    request_id: str,
    spec: ChangeSpec,
    change_id: str,
    error: str | None,
    outcome: ApplyOutcome | None,
) -> str:
    """Record the outcome; events and the inventory refresh only when this call recorded it."""
    at = now_iso()
    before, after = await ctx.repository.update(
        request_id, lambda r: _finish(r, change_id, at, error, outcome)
    )
    if after is before:
        return "skipped"
    status = after.change(change_id).status
    kind = "change_applied" if status == "applied" else "change_failed"
    await _queue(ctx, after, kind, change_id)
    if after.status != before.status:
        await _queue(ctx, after, "status_changed", None)
    if status == "applied":
        await _refresh(ctx, spec)
    return status


async def _queue(
    ctx: ChangeWorkerContext, request: ChangeRequest, kind: str, change_id: str | None
) -> None:
    event = build_event(request, kind, ACTOR, ctx.base_url, change_id=change_id)
    await queue_event(ctx.task_client, event)


async def _refresh(ctx: ChangeWorkerContext, spec: ChangeSpec) -> None:
    """Re-read the changed target into the inventory; a failure is logged, never raised."""
    arn = target_arn(spec)
    try:
        await ctx.refresh(arn, target_account(spec))
    except Exception:
        log.warning(
            "could not refresh the inventory after a change", extra={"arn": arn}, exc_info=True
        )


def _lock_name(request_id: str, change_id: str) -> str:
    return f"change_apply:{request_id}:{change_id}"


async def _lock(ctx: ChangeWorkerContext, request_id: str, change_id: str) -> str | None:
    """A token when this process may work on the change now; None when another copy is."""
    token = secrets.token_hex(8)
    seconds = min(LOCK_SECONDS, ctx.settings.change_requests.apply_stuck_seconds)
    try:
        taken = await ctx.cache.set_if_absent(_lock_name(request_id, change_id), token, seconds)
    except Unavailable:
        return ""  # the lock is only an optimisation: go on without it
    return token if taken else None


async def _unlock(ctx: ChangeWorkerContext, request_id: str, change_id: str, token: str) -> None:
    if not token:
        return
    name = _lock_name(request_id, change_id)
    try:
        if await ctx.cache.get(name) == token.encode():
            await ctx.cache.delete(name)
    except Unavailable:
        pass  # it expires by itself


# --- sweep and notify -------------------------------------------------------------------------


async def sweep(ctx: ChangeWorkerContext, now: float | None = None) -> SweepResult:
    """Take back the grants due at ``now`` and queue again approved changes whose task was lost
    (approved, the request untouched for ``apply_stuck_seconds``; or applying, started that long
    ago)."""
    moment = time.time() if now is None else now
    expired = errors = 0
    for grant in await ctx.repository.due_grants(now_iso(moment)):
        try:
            done = await _expire_grant(ctx, grant, now_iso(moment))
        except Exception:  # the store, say: this grant waits for the next sweep, others go on
            where = {"request_id": grant.request_id, "change_id": grant.change_id}
            log.warning("could not take back a grant", extra=where, exc_info=True)
            done = False
        expired += done is True
        errors += done is False
    requeued = await _requeue_stuck(ctx, moment)
    return SweepResult(expired=expired, expiry_errors=errors, requeued=requeued)


async def _expire_grant(ctx: ChangeWorkerContext, grant: DueGrant, at: str) -> bool | None:
    """True when taken back, False when it failed (recorded), None when there was nothing to do."""
    try:
        request = await ctx.repository.get(grant.request_id)
    except NotFound:
        return None
    change = request.change(grant.change_id)
    if change.status != "applied":
        return None
    error: str | None = None
    try:
        await change_apply.revert(ctx.hub, change)
    except Throttled:
        where = {"request_id": grant.request_id, "change_id": grant.change_id}
        log.info("throttled while taking back a grant; the next sweep retries", extra=where)
        return False
    except Exception as exc:
        error = failure_text(exc)
    before, after = await ctx.repository.update(
        request.id, lambda r: _expire(r, change.id, at, error)
    )
    if after is not before:  # recorded now: tell people (a grant still in place matters)
        await _queue(ctx, after, "grant_expired" if error is None else "change_failed", change.id)
    if error is None:
        await _refresh(ctx, change.spec)
    return error is None


async def _requeue_stuck(ctx: ChangeWorkerContext, now: float) -> int:
    stuck_before = now - ctx.settings.change_requests.apply_stuck_seconds
    queued = 0
    for request in await ctx.repository.in_status("approved"):
        for change_id in applicable_changes(request):
            change = request.change(change_id)
            # Applying: since its own start (a sibling finishing does not reset it); approved:
            # since the request last changed (when it was approved).
            since = change.started_at if change.status == "applying" else None
            if parse_iso(since or request.updated_at) > stuck_before:
                continue
            kwargs = {"request_id": request.id, "change_id": change_id}
            await ctx.task_client.enqueue(APPLY_CHANGE, kwargs)
            queued += 1
    return queued


async def notify(ctx: ChangeWorkerContext, event: dict[str, Any]) -> int:
    """Deliver one queued event to the ``on_change_request_event`` hooks (NOTIFY task)."""
    return await deliver_event(ctx.plugins, event)
