"""Cold start: refill a flushed Redis from the inventory snapshots in the store.

Every writer calls :func:`ensure_loaded` before writing, and readers call it when Redis looks
empty. One process restores (under a lock key); the others wait for it to finish.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from typing import Any, cast

from consoleme.core.inventory_context import InventoryContext
from consoleme.domain.inventory import RESOURCE_TYPES, Account, Resource
from consoleme.store.inventory_cache import part_name

log = logging.getLogger("consoleme.inventory")

ACCOUNTS_SNAPSHOT = "accounts"
ORGANIZATION_SNAPSHOT = "organization"
_LOCK_SECONDS = 600
_WAIT_SECONDS = 60.0


async def ensure_loaded(ctx: InventoryContext) -> None:
    """Make sure Redis holds the inventory: restore it from the store once after a flush."""
    if await ctx.cache.is_loaded():
        return
    owner = f"{os.getpid()}-{secrets.token_hex(4)}"
    if await ctx.cache.try_restore_lock(owner, _LOCK_SECONDS):
        try:
            if not await ctx.cache.is_loaded():
                await restore_from_store(ctx)
                await ctx.cache.mark_loaded()
        finally:
            await ctx.cache.release_restore_lock(owner)
        return
    deadline = time.monotonic() + _WAIT_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        if await ctx.cache.is_loaded():
            return
    log.warning("waited for another process to restore the inventory; going on without it")


async def restore_from_store(ctx: InventoryContext) -> int:
    """Write every stored snapshot back into Redis; returns the number of snapshots."""
    started = time.monotonic()
    names = await ctx.snapshots.names()
    for name in names:
        items = await ctx.snapshots.load(name)
        if items is None:
            continue
        await _restore_one(ctx, name, items)
    log.info(
        "inventory restored from the store",
        extra={"snapshots": len(names), "seconds": round(time.monotonic() - started, 3)},
    )
    return len(names)


async def _restore_one(ctx: InventoryContext, name: str, items: list[Any]) -> None:
    if name == ACCOUNTS_SNAPSHOT:
        await ctx.cache.set_accounts(cast(list[Account], items))
        return
    if name == ORGANIZATION_SNAPSHOT:
        if items:
            org = items[0]
            await ctx.cache.set_organization(org["scps"], org["tree"], float(org.get("at", 0)))
        return
    account_id, _, kind = name.partition(":")
    if kind not in RESOURCE_TYPES:
        return
    docs = cast(list[Resource], items)
    await ctx.cache.replace_part(account_id, kind, docs)
    if docs:
        fetched = max(float(d.get("fetched_at", 0)) for d in docs)
        await ctx.cache.record_refresh(part_name(account_id, kind), fetched, 0.0, len(docs))
