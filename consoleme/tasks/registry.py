"""Task shims: a few lines each, calling core. Registered on an app by :func:`register_tasks`."""

from __future__ import annotations

import time

import redis
from celery import Celery

from consoleme.tasks.celery_app import HEARTBEAT_TASK

HEARTBEAT_KEY = "worker:heartbeat"


def register_tasks(app: Celery, cache_url: str, key_prefix: str) -> None:
    """Attach every task to ``app``. Tasks get their dependencies from here, not from globals."""

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
