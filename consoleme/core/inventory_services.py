"""The inventory side of a web process: the use-case context, the search index and its sync,
and the ``/metrics`` figures of the workers. Built by :func:`build_inventory`."""

from __future__ import annotations

from dataclasses import dataclass

import pluggy

from consoleme.aws.hub import AwsHub
from consoleme.config.models import Settings
from consoleme.core.inventory_context import InventoryContext
from consoleme.core.inventory_source import AwsInventorySource
from consoleme.core.metrics import Metrics
from consoleme.core.search_sync import SearchSync
from consoleme.core.task_client import TaskClient
from consoleme.core.task_metrics import register_task_metrics
from consoleme.store.cache import Cache
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.inventory_snapshot import InventorySnapshots
from consoleme.store.protocol import Store
from consoleme.store.refresh_jobs import RefreshJobs
from consoleme.store.search_index import SearchIndex
from consoleme.store.task_records import TaskRecords


@dataclass
class InventoryServices:
    """What the inventory API handlers use. :meth:`start` begins indexing; :meth:`close`."""

    ctx: InventoryContext
    search: SearchSync

    async def start(self) -> None:
        """Open the search index and start following Redis (returns at once)."""
        await self.search.start()

    async def close(self) -> None:
        """Stop the search sync, release the AWS source and the task client."""
        await self.search.stop()
        await self.ctx.close()
        await self.ctx.task_client.close()


def build_inventory(
    settings: Settings,
    plugins: pluggy.PluginManager,
    store: Store,
    cache: Cache,
    metrics: Metrics,
    hub: AwsHub,
    task_client: TaskClient,
) -> InventoryServices:
    """Wire the inventory of a web process. Performs no I/O."""
    inventory = InventoryCache(cache)
    records = TaskRecords(cache)
    regions = settings.aws.read_regions
    ctx = InventoryContext(
        settings=settings,
        plugins=plugins,
        cache=inventory,
        snapshots=InventorySnapshots(store, settings.inventory.snapshot_chunk_bytes),
        tasks=records,
        jobs=RefreshJobs(cache, settings.inventory.refresh_job_ttl_seconds),
        task_client=task_client,
        source_factory=lambda: AwsInventorySource(hub, regions, owns_hub=False),
    )
    index = SearchIndex(settings.server.data_dir / "search", settings.inventory.search_threads)
    search = SearchSync(ctx, index)
    register_task_metrics(metrics, records, inventory, lambda: index.entries)
    return InventoryServices(ctx, search)
