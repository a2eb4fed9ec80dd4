"""Prometheus figures of the background work, read from Redis at scrape time by the web process.

    consoleme_task_last_success_timestamp_seconds{task}   epoch of the task's last success
    consoleme_task_last_duration_seconds{task}            how long that success took
    consoleme_task_successes_total{task}                  successful runs (resets with Redis)
    consoleme_task_failures_total{task}                   failed runs (resets with Redis)
    consoleme_inventory_failing_parts                     (account, type) parts failing now
    consoleme_search_index_entries                        entries in this process's index

Task names: ``refresh_accounts``, ``refresh_organization``, ``refresh_access_denied``, and
``refresh_<type>`` for each resource type (``refresh_iam_role``...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from consoleme.core.metrics import Metrics
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.task_records import TaskRecords, TaskStats


class TaskMetrics:
    """A custom collector over the last figures read by :meth:`refresh`."""

    def __init__(
        self, records: TaskRecords, inventory: InventoryCache, index_entries: Callable[[], int]
    ) -> None:
        self.records = records
        self.inventory = inventory
        self.index_entries = index_entries
        self.stats: list[TaskStats] = []
        self.failing_parts = 0

    async def refresh(self) -> None:
        """Read the figures from Redis (called before each scrape)."""
        self.stats = await self.records.all()
        _, failures = await self.inventory.refresh_outcomes()
        self.failing_parts = len(failures)

    def describe(self) -> Iterator[Metric]:
        """The metric families, without samples (read at registration)."""
        return self._families(with_samples=False)

    def collect(self) -> Iterator[Metric]:
        """The metric families with the figures of the last :meth:`refresh`."""
        return self._families(with_samples=True)

    def _families(self, *, with_samples: bool) -> Iterator[Metric]:
        stats = self.stats if with_samples else []
        last = GaugeMetricFamily(
            "consoleme_task_last_success_timestamp_seconds",
            "Unix time of the task's last success.",
            labels=["task"],
        )
        duration = GaugeMetricFamily(
            "consoleme_task_last_duration_seconds",
            "Duration of the task's last success.",
            labels=["task"],
        )
        ok = CounterMetricFamily("consoleme_task_successes", "Successful runs.", labels=["task"])
        failed = CounterMetricFamily("consoleme_task_failures", "Failed runs.", labels=["task"])
        for item in stats:
            if item.last_success is not None:
                last.add_metric([item.task], item.last_success)
            if item.last_duration is not None:
                duration.add_metric([item.task], item.last_duration)
            ok.add_metric([item.task], item.successes)
            failed.add_metric([item.task], item.failures)
        failing = GaugeMetricFamily(
            "consoleme_inventory_failing_parts", "(account, type) parts whose refresh fails."
        )
        entries = GaugeMetricFamily(
            "consoleme_search_index_entries", "Entries in this process's search index."
        )
        if with_samples:
            failing.add_metric([], self.failing_parts)
            entries.add_metric([], self.index_entries())
        yield from (last, duration, ok, failed, failing, entries)


def register_task_metrics(
    metrics: Metrics,
    records: TaskRecords,
    inventory: InventoryCache,
    index_entries: Callable[[], int],
) -> TaskMetrics:
    """Add the collector to ``metrics`` and refresh it before every scrape."""
    collector = TaskMetrics(records, inventory, index_entries)
    metrics.registry.register(collector)
    metrics.add_scrape_hook(collector.refresh)
    return collector
