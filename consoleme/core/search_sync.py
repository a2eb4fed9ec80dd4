"""Keeps a web process's search index equal to the Redis inventory.

A background task polls ``inventory:generation`` every ``inventory.search_poll_seconds`` (one
GET). When it moved, the task reads the per-part write counters and re-reads only the parts
whose counter changed, applying the difference to the local index; parts that disappeared are
dropped. The poll interval doubles as the debounce: a burst of writes costs one pass. A flushed
Redis (no ``inventory:loaded``) is first refilled from the store snapshots.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from consoleme.core.inventory_context import InventoryContext
from consoleme.core.inventory_restore import ensure_loaded
from consoleme.errors import Unavailable
from consoleme.store.inventory_cache import parts_of
from consoleme.store.search_index import SearchIndex

log = logging.getLogger("consoleme.search")


class SearchSync:
    """Owns a :class:`SearchIndex` and the task that feeds it. :meth:`start`, :meth:`stop`."""

    def __init__(self, ctx: InventoryContext, index: SearchIndex) -> None:
        self.ctx = ctx
        self.index = index
        self.ready = asyncio.Event()
        self.generation: int | None = None
        self.epoch: str | None = None
        self.synced_at: float | None = None
        self.account_names: dict[str, str] = {}  # account id -> name, as of the last pass
        self._versions: dict[str, int] = {}  # part -> write counter last applied
        self._indexed: set[str] = set()  # parts the index holds entries of
        self._task: asyncio.Task[None] | None = None
        self._start_lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._analyzed_at = 0

    async def start(self) -> None:
        """Open the index and start following Redis (idempotent)."""
        async with self._start_lock:
            if self._task is not None:
                return
            await self.index.open()
            self._task = asyncio.create_task(self._follow(), name="search-sync")

    async def stop(self) -> None:
        """Stop following Redis and delete the index file."""
        task, self._task = self._task, None
        if task is not None:
            # Also signalled by an event: a Redis call interrupted by cancel() may turn the
            # cancellation into a connection error, which the loop would otherwise survive.
            self._stopping.set()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await self.index.close()

    async def wait_ready(self, seconds: float) -> None:
        """Start if needed and wait for the first full pass; Unavailable after ``seconds``."""
        await self.start()
        if self.ready.is_set():
            return
        try:
            await asyncio.wait_for(self.ready.wait(), seconds)
        except TimeoutError:
            raise Unavailable(
                "the search index is still being built; try again in a moment",
                code="search_index_warming",
            ) from None

    async def _follow(self) -> None:
        poll = self.ctx.settings.inventory.search_poll_seconds
        while not self._stopping.is_set():
            try:
                await self.sync_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                if self._stopping.is_set():
                    return
                log.exception("search index sync failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), poll)

    async def sync_once(self) -> int:
        """One pass: apply every changed part; returns the number of parts re-read."""
        generation, epoch = await self.ctx.cache.sync_state()
        if (generation, epoch) == (self.generation, self.epoch) and self.ready.is_set():
            return 0
        if epoch is None:
            await ensure_loaded(self.ctx)
        generation, epoch = await self.ctx.cache.sync_state()
        if epoch != self.epoch:  # Redis was flushed and refilled: compare every part again
            self._versions = {}
        versions = await self.ctx.cache.part_versions()
        changed = [p for p, v in versions.items() if self._versions.get(p) != v]
        started, touched = time.monotonic(), 0
        # Filling an empty index: build its secondary indexes once at the end.
        bulk = self.index.entries == 0 and len(changed) > 1
        if bulk:
            await self.index.begin_bulk()
        try:
            for account_id, kind in parts_of(changed):
                rows = await self.ctx.cache.part_search_rows(account_id, kind)
                touched += await self.index.apply_part(account_id, kind, rows)
        finally:
            if bulk:
                await self.index.end_bulk()
        for account_id, kind in parts_of(p for p in self._indexed if p not in versions):
            touched += await self.index.drop_part(account_id, kind)
        self._versions, self._indexed = versions, set(versions)
        self.account_names = await self.ctx.cache.account_names()
        self.generation, self.epoch, self.synced_at = generation, epoch, time.time()
        await self._maybe_analyze()
        self.ready.set()
        if changed:
            log.info(
                "search index updated",
                extra={
                    "parts": len(changed),
                    "changes": touched,
                    "entries": self.index.entries,
                    "seconds": round(time.monotonic() - started, 3),
                },
            )
        return len(changed)

    async def _maybe_analyze(self) -> None:
        # Planner statistics matter once the index is large; refresh them when it doubled.
        if self.index.entries >= max(10_000, 2 * self._analyzed_at):
            await self.index.analyze()
            self._analyzed_at = self.index.entries
