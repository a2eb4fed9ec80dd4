"""What tasks run with inside a worker process: one event loop, one
:class:`~consoleme.core.inventory_context.InventoryContext` (inventory tasks) and one
:class:`~consoleme.core.change_worker.ChangeWorkerContext` (permission request tasks), created on
the first task that needs them and sharing one store, cache, AWS hub and task client.

Celery's prefork pool forks child processes from the parent that registered the tasks; nothing
here is created before a task runs, and a process that finds state from another pid (it was
forked after creating it) starts afresh. The loop stays open between tasks, so Redis and store
connections, AWS clients and cached spoke credentials are reused by the next task.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pluggy
from celery import Celery

from consoleme.aws.hub import AwsHub
from consoleme.config.models import Settings
from consoleme.core.change_worker import ChangeWorkerContext
from consoleme.core.inventory_context import InventoryContext
from consoleme.core.inventory_refresh import read_live
from consoleme.core.inventory_source import AwsInventorySource
from consoleme.store.cache import Cache
from consoleme.store.change_requests import ChangeRequestRepository
from consoleme.store.factory import store_from_settings
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.inventory_snapshot import InventorySnapshots
from consoleme.store.protocol import Store
from consoleme.store.refresh_jobs import RefreshJobs
from consoleme.store.task_records import TaskRecords
from consoleme.tasks.client import CeleryTaskClient

T = TypeVar("T")


class WorkerRuntime:
    """Runs coroutines of the inventory and change request use-cases for one worker process."""

    def __init__(
        self, settings: Settings, cache_url: str, plugins: pluggy.PluginManager, app: Celery
    ) -> None:
        self.settings = settings
        self.cache_url = cache_url
        self.plugins = plugins
        self.app = app
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ctx: InventoryContext | None = None
        self._changes: ChangeWorkerContext | None = None
        self._closers: list[Callable[[], Awaitable[None]]] = []

    def run(self, work: Callable[[InventoryContext], Awaitable[T]]) -> T:
        """Run ``work(context)`` to completion on this process's loop."""
        return self._on_loop(lambda: self._run(work))

    def run_changes(self, work: Callable[[ChangeWorkerContext], Awaitable[T]]) -> T:
        """Run ``work(change request context)`` to completion on this process's loop."""
        return self._on_loop(lambda: self._run_changes(work))

    def _on_loop(self, make: Callable[[], Awaitable[T]]) -> T:
        with self._lock:
            if self._pid != os.getpid():
                self._pid, self._loop, self._ctx, self._closers = os.getpid(), None, None, []
                self._changes = None
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
            return self._loop.run_until_complete(make())

    async def _run(self, work: Callable[[InventoryContext], Awaitable[T]]) -> T:
        if self._ctx is None:
            self._ctx = await self._build()
        return await work(self._ctx)

    async def _run_changes(self, work: Callable[[ChangeWorkerContext], Awaitable[T]]) -> T:
        if self._ctx is None:
            self._ctx = await self._build()
        assert self._changes is not None
        return await work(self._changes)

    async def _build(self) -> InventoryContext:
        settings = self.settings
        cache = Cache(self.cache_url, settings.cache.key_prefix)
        store: Store = store_from_settings(settings.store, settings.server.data_dir)
        await store.open()
        regions = settings.aws.read_regions
        hub = AwsHub(settings.aws)
        ctx = InventoryContext(
            settings=settings,
            plugins=self.plugins,
            cache=InventoryCache(cache),
            snapshots=InventorySnapshots(store, settings.inventory.snapshot_chunk_bytes),
            tasks=TaskRecords(cache),
            jobs=RefreshJobs(cache, settings.inventory.refresh_job_ttl_seconds),
            task_client=CeleryTaskClient(self.app),
            source_factory=lambda: AwsInventorySource(hub, regions, owns_hub=False),
        )
        self._changes = ChangeWorkerContext(
            settings=settings,
            plugins=self.plugins,
            repository=ChangeRequestRepository(store),
            hub=hub,
            task_client=ctx.task_client,
            cache=cache,
            refresh=lambda arn, account_id: read_live(ctx, arn, account_id),
        )
        self._closers = [ctx.close, ctx.task_client.close, hub.close, store.close, cache.close]
        return ctx

    def close(self) -> None:
        """Close what this process opened (called when the worker process shuts down)."""
        with self._lock:
            if self._pid != os.getpid() or self._loop is None:
                return
            loop, closers = self._loop, self._closers
            self._loop, self._ctx, self._changes, self._closers = None, None, None, []
            for close in closers:
                try:
                    loop.run_until_complete(close())
                except Exception:  # noqa: S112 - best effort at shutdown
                    continue
            loop.close()
