"""Inventory refresh use-cases, run by the Celery task shims in :mod:`consoleme.tasks.inventory`.

Work fans out per (account, resource type): :func:`refresh_accounts` merges the account list and
queues one :func:`refresh_account_type` per active account and type; SCPs and the OU tree, and
the access-denied counts, have their own tasks. Each part writes Redis (replacing the part
atomically), then a snapshot in the store, then records its outcome. A part that fails is
recorded for its account (its last good documents stay cached) and never stops the others.
Every task records its last success, duration and failures for ``/metrics``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from consoleme.core.access_denied import access_denied_counts
from consoleme.core.accounts import refresh_account_list
from consoleme.core.inventory_context import InventoryContext, failure_text
from consoleme.core.inventory_restore import ORGANIZATION_SNAPSHOT, ensure_loaded
from consoleme.core.task_client import (
    REFRESH_ACCESS_DENIED_ACCOUNT,
    REFRESH_ACCOUNT_TYPE,
)
from consoleme.domain.inventory import RESOURCE_TYPES, ReadFailure, ResourceType
from consoleme.errors import ConsoleMeError
from consoleme.store.inventory_cache import part_name

log = logging.getLogger("consoleme.inventory")

STARTUP_CLAIM_SECONDS = 120


@asynccontextmanager
async def recorded(ctx: InventoryContext, task: str) -> AsyncIterator[None]:
    """Record ``task``'s success (time, duration) or failure around the block."""
    started, at = time.monotonic(), time.time()
    try:
        yield
    except BaseException:
        await ctx.tasks.failure(task)
        raise
    await ctx.tasks.success(task, at, time.monotonic() - started)


async def refresh_accounts(ctx: InventoryContext) -> int:
    """Refresh the account list, then queue every (active account, type); returns parts queued."""
    await ensure_loaded(ctx)
    async with recorded(ctx, "refresh_accounts"):
        accounts = await refresh_account_list(ctx)
    active = [a["id"] for a in accounts if a["status"] == "ACTIVE"]
    for account_id in active:
        for kind in RESOURCE_TYPES:
            await ctx.task_client.enqueue(
                REFRESH_ACCOUNT_TYPE, {"account_id": account_id, "resource_type": kind}
            )
    log.info("inventory refresh queued", extra={"accounts": len(active)})
    return len(active) * len(RESOURCE_TYPES)


async def refresh_if_stale(ctx: InventoryContext) -> bool:
    """At worker start: refresh everything now unless a refresh succeeded recently.

    Only one worker of many starting together does it (a short claim in Redis).
    """
    stats = {s.task: s for s in await ctx.tasks.all()}
    last = stats.get("refresh_accounts")
    last_success = last.last_success if last is not None else None
    if last_success and time.time() - last_success < ctx.settings.inventory.refresh_seconds:
        return False
    if not await ctx.cache.claim("startup_refresh", STARTUP_CLAIM_SECONDS):
        return False
    await refresh_organization(ctx)
    await refresh_accounts(ctx)
    await refresh_access_denied(ctx)
    return True


async def refresh_account_type(
    ctx: InventoryContext, account_id: str, kind: ResourceType, job_id: str | None = None
) -> bool:
    """Read one (account, type) from AWS into Redis and the store; False when it failed."""
    await ensure_loaded(ctx)
    if job_id:
        await ctx.jobs.start_part(job_id)
    part, at, started = part_name(account_id, kind), time.time(), time.monotonic()
    try:
        docs = await ctx.source.resources(account_id, kind)
    except Exception as exc:  # any failure of one account is recorded, never raised
        await _record_part_failure(ctx, account_id, kind, exc, job_id, at)
        return False
    await ctx.cache.replace_part(account_id, kind, docs)
    await save_snapshot(ctx, part, list(docs))
    duration = time.monotonic() - started
    await ctx.cache.record_refresh(part, at, duration, len(docs))
    await ctx.tasks.success(f"refresh_{kind}", at, duration)
    if job_id:
        await ctx.jobs.finish_part(job_id, True)
    return True


async def _record_part_failure(
    ctx: InventoryContext,
    account_id: str,
    kind: str,
    exc: Exception,
    job_id: str | None,
    at: float,
) -> None:
    reason = failure_text(exc)
    log.warning(
        "inventory part failed",
        extra={"account_id": account_id, "type": kind, "error": reason},
        exc_info=not isinstance(exc, ConsoleMeError),
    )
    failure = ReadFailure(account_id=account_id, type=kind, error=reason, at=at)
    await ctx.cache.record_failure(failure)
    await ctx.tasks.failure(f"refresh_{kind}")
    if job_id:
        await ctx.jobs.finish_part(job_id, False, f"{account_id} {kind}: {reason}")


async def save_snapshot(ctx: InventoryContext, name: str, items: list[object]) -> None:
    """Store a snapshot; a store failure is logged, it does not undo the refresh."""
    try:
        await ctx.snapshots.save(name, items)
    except Exception as exc:
        log.warning("inventory snapshot not saved", extra={"snapshot": name, "error": str(exc)})


async def refresh_organization(ctx: InventoryContext) -> bool:
    """Read SCPs and the OU tree from AWS Organizations into Redis and the store."""
    if not ctx.settings.aws.use_organizations:
        return False
    await ensure_loaded(ctx)
    at, started = time.time(), time.monotonic()
    try:
        _, scps, tree = await ctx.source.organization()
    except Exception as exc:
        await _record_part_failure(ctx, "organization", "organization", exc, None, at)
        return False
    await ctx.cache.set_organization(scps, tree, at)
    await save_snapshot(ctx, ORGANIZATION_SNAPSHOT, [{"scps": scps, "tree": tree, "at": at}])
    duration = time.monotonic() - started
    await ctx.cache.record_refresh("organization:organization", at, duration, len(scps))
    await ctx.tasks.success("refresh_organization", at, duration)
    return True


async def refresh_access_denied(ctx: InventoryContext) -> int:
    """Queue one access-denied count per active account; returns how many were queued."""
    active = [a["id"] for a in await ctx.cache.accounts() if a["status"] == "ACTIVE"]
    for account_id in active:
        await ctx.task_client.enqueue(REFRESH_ACCESS_DENIED_ACCOUNT, {"account_id": account_id})
    return len(active)


async def refresh_access_denied_account(ctx: InventoryContext, account_id: str) -> bool:
    """Count recent AccessDenied errors by principal through the ``access_denied_counts`` hook."""
    at, started = time.time(), time.monotonic()
    since = at - ctx.settings.inventory.access_denied_lookback_hours * 3600
    try:
        counts = await access_denied_counts(ctx, account_id, since)
    except Exception as exc:
        await _record_part_failure(ctx, account_id, "access_denied", exc, None, at)
        return False
    await ctx.cache.set_access_denied(account_id, counts)
    duration = time.monotonic() - started
    await ctx.cache.record_refresh(
        part_name(account_id, "access_denied"), at, duration, len(counts)
    )
    await ctx.tasks.success("refresh_access_denied", at, duration)
    return True
