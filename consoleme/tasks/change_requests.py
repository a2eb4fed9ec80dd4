"""Permission request task shims: apply one change, sweep, notify. Each runs one use-case of
:mod:`consoleme.core.change_worker` on the worker process's runtime."""

from __future__ import annotations

from typing import Any

from celery import Celery, Task

from consoleme.core import change_worker
from consoleme.core.task_client import APPLY_CHANGE, NOTIFY_CHANGE_REQUEST, SWEEP_CHANGE_REQUESTS
from consoleme.errors import Conflict, Throttled
from consoleme.tasks.runtime import WorkerRuntime

RETRY_BACKOFF_MAX_SECONDS = 300


def register_change_request_tasks(app: Celery, runtime: WorkerRuntime) -> None:
    """Attach the permission request tasks to ``app``; they run on ``runtime``."""
    task = app.task
    retries = runtime.settings.change_requests.apply_max_retries

    @task(  # type: ignore[untyped-decorator]
        name=APPLY_CHANGE,
        bind=True,
        ignore_result=True,
        acks_late=True,  # a worker that dies mid-apply leaves the task to another worker
        reject_on_worker_lost=True,
        # Throttled: AWS said "later"; Conflict: the request record kept changing under us.
        autoretry_for=(Throttled, Conflict),
        retry_backoff=True,
        retry_backoff_max=RETRY_BACKOFF_MAX_SECONDS,
        max_retries=retries,
    )
    def apply_change(self: Task, request_id: str, change_id: str) -> str:
        last_try = self.request.retries >= retries
        return runtime.run_changes(
            lambda c: change_worker.apply_change(c, request_id, change_id, last_try=last_try)
        )

    @task(name=SWEEP_CHANGE_REQUESTS, ignore_result=True)  # type: ignore[untyped-decorator]
    def sweep() -> int:
        result = runtime.run_changes(change_worker.sweep)
        return result.expired + result.requeued

    @task(name=NOTIFY_CHANGE_REQUEST, ignore_result=True)  # type: ignore[untyped-decorator]
    def notify(event: dict[str, Any]) -> int:
        return runtime.run_changes(lambda c: change_worker.notify(c, event))
