"""Task shims: a few lines each, calling core. Registered on an app by :func:`register_tasks`."""

from __future__ import annotations

import time

import pluggy
import redis
from celery import Celery

from consoleme.config.models import Settings
from consoleme.tasks.celery_app import HEARTBEAT_TASK
from consoleme.tasks.change_requests import register_change_request_tasks
from consoleme.tasks.inventory import register_inventory_tasks
from consoleme.tasks.runtime import WorkerRuntime

HEARTBEAT_KEY = "worker:heartbeat"


def register_tasks(
    app: Celery,
    cache_url: str,
    key_prefix: str,
    settings: Settings | None = None,
    plugins: pluggy.PluginManager | None = None,
) -> None:
    """Attach every task to ``app``. Tasks get their dependencies from here, not from globals.

    With ``settings`` and ``plugins``, the inventory and permission request tasks are registered
    too; they build their services lazily inside each worker process, on one shared runtime
    (:class:`consoleme.tasks.runtime.WorkerRuntime`).
    """
    if settings is not None and plugins is not None:
        runtime = WorkerRuntime(settings, cache_url, plugins, app)
        register_inventory_tasks(app, runtime)
        register_change_request_tasks(app, runtime)

    @app.task(name=HEARTBEAT_TASK, ignore_result=True)  # type: ignore[untyped-decorator]
    def heartbeat() -> float:
        """Record that a worker ran a scheduled task; /readyz and /metrics read it."""
        now = time.time()
        client = redis.Redis.from_url(cache_url)
        try:
            client.set(key_prefix + HEARTBEAT_KEY, str(now), ex=3600)
        finally:
            client.close()
        return now
