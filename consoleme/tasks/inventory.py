"""Inventory task shims: each runs one use-case of :mod:`consoleme.core.inventory` (or
:mod:`consoleme.core.inventory_refresh`) on the worker process's runtime."""

from __future__ import annotations

from typing import Any, cast

from celery import Celery
from celery.signals import worker_process_shutdown, worker_ready

from consoleme.core import inventory, inventory_refresh
from consoleme.core.task_client import (
    REFRESH_ACCESS_DENIED,
    REFRESH_ACCESS_DENIED_ACCOUNT,
    REFRESH_ACCOUNT_TYPE,
    REFRESH_ACCOUNTS,
    REFRESH_ORGANIZATION,
    REFRESH_RESOURCE,
)
from consoleme.domain.inventory import ResourceType
from consoleme.tasks.runtime import WorkerRuntime

REFRESH_IF_STALE = "consoleme.inventory.refresh_if_stale"


def register_inventory_tasks(app: Celery, runtime: WorkerRuntime) -> None:
    """Attach the inventory tasks to ``app``; they run on ``runtime``."""
    task = app.task

    @task(name=REFRESH_ACCOUNTS, ignore_result=True)  # type: ignore[untyped-decorator]
    def refresh_accounts() -> int:
        return runtime.run(inventory.refresh_accounts)

    @task(name=REFRESH_ACCOUNT_TYPE, ignore_result=True)  # type: ignore[untyped-decorator]
    def refresh_account_type(
        account_id: str, resource_type: str, job_id: str | None = None
    ) -> bool:
        kind = cast(ResourceType, resource_type)
        return runtime.run(lambda c: inventory.refresh_account_type(c, account_id, kind, job_id))

    @task(name=REFRESH_RESOURCE, ignore_result=True)  # type: ignore[untyped-decorator]
    def refresh_resource(arn: str, account_id: str, job_id: str) -> bool:
        return runtime.run(lambda c: inventory_refresh.refresh_resource(c, arn, account_id, job_id))

    @task(name=REFRESH_ORGANIZATION, ignore_result=True)  # type: ignore[untyped-decorator]
    def refresh_organization() -> bool:
        return runtime.run(inventory.refresh_organization)

    @task(name=REFRESH_ACCESS_DENIED, ignore_result=True)  # type: ignore[untyped-decorator]
    def refresh_access_denied() -> int:
        return runtime.run(inventory.refresh_access_denied)

    @task(name=REFRESH_ACCESS_DENIED_ACCOUNT, ignore_result=True)  # type: ignore[untyped-decorator]
    def refresh_access_denied_account(account_id: str) -> bool:
        return runtime.run(lambda c: inventory.refresh_access_denied_account(c, account_id))

    @task(name=REFRESH_IF_STALE, ignore_result=True)  # type: ignore[untyped-decorator]
    def refresh_if_stale() -> bool:
        return runtime.run(inventory.refresh_if_stale)

    def on_ready(sender: Any = None, **_: Any) -> None:
        if runtime.settings.inventory.refresh_on_worker_start:
            app.send_task(REFRESH_IF_STALE)

    def on_process_shutdown(**_: Any) -> None:
        runtime.close()

    worker_ready.connect(on_ready, weak=False)
    worker_process_shutdown.connect(on_process_shutdown, weak=False)
