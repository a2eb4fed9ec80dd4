"""Everything the inventory use-cases need, built once per process and passed to them.

The web process and each worker process build one :class:`InventoryContext`; the AWS side
(:class:`~consoleme.core.inventory_source.InventorySource`) is created on first use, because
most web requests never read AWS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pluggy

from consoleme.config.models import Settings
from consoleme.core.inventory_source import InventorySource
from consoleme.core.task_client import TaskClient
from consoleme.errors import ConsoleMeError
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.inventory_snapshot import InventorySnapshots
from consoleme.store.refresh_jobs import RefreshJobs
from consoleme.store.task_records import TaskRecords


@dataclass
class InventoryContext:
    """Dependencies of the inventory use-cases. :meth:`close` releases the AWS source."""

    settings: Settings
    plugins: pluggy.PluginManager
    cache: InventoryCache
    snapshots: InventorySnapshots
    tasks: TaskRecords
    jobs: RefreshJobs
    task_client: TaskClient
    source_factory: Callable[[], InventorySource]
    _source: InventorySource | None = field(default=None, init=False)

    @property
    def source(self) -> InventorySource:
        """The AWS source, created on first use."""
        if self._source is None:
            self._source = self.source_factory()
        return self._source

    async def close(self) -> None:
        """Release the AWS source, if one was created."""
        source, self._source = self._source, None
        if source is not None:
            await source.close()


def failure_text(exc: BaseException) -> str:
    """A one-line reason for the accounts page (never a traceback)."""
    if isinstance(exc, ConsoleMeError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"[:500]
