"""Celery app factory: broker and backend from settings, the beat schedule as data plus hooks."""

from __future__ import annotations

from typing import Any

import pluggy
from celery import Celery

from consoleme.config.models import Settings
from consoleme.core.task_client import (
    REFRESH_ACCESS_DENIED,
    REFRESH_ACCOUNTS,
    REFRESH_ORGANIZATION,
    SWEEP_CHANGE_REQUESTS,
)

HEARTBEAT_TASK = "consoleme.heartbeat"


def redis_db_url(url: str, db: int) -> str:
    """``redis://h:p/0`` -> ``redis://h:p/<db>`` (query string kept)."""
    base, _, query = url.partition("?")
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{db}" + (f"?{query}" if query else "")


def beat_schedule(settings: Settings, plugins: pluggy.PluginManager) -> dict[str, dict[str, Any]]:
    """Built-in entries, then every ``beat_schedule`` hook result (later ones override)."""
    schedule: dict[str, dict[str, Any]] = {
        "heartbeat": {"task": HEARTBEAT_TASK, "schedule": float(settings.celery.heartbeat_seconds)},
        "inventory-refresh": {
            "task": REFRESH_ACCOUNTS,
            "schedule": float(settings.inventory.refresh_seconds),
        },
        "inventory-organization": {
            "task": REFRESH_ORGANIZATION,
            "schedule": float(settings.inventory.organization_seconds),
        },
        "inventory-access-denied": {
            "task": REFRESH_ACCESS_DENIED,
            "schedule": float(settings.inventory.access_denied_seconds),
        },
        "change-requests-sweep": {
            "task": SWEEP_CHANGE_REQUESTS,
            "schedule": float(settings.change_requests.expiry_sweep_seconds),
        },
    }
    for extra in reversed(plugins.hook.beat_schedule()):
        schedule.update(extra)
    return schedule


def make_celery(settings: Settings, cache_url: str, plugins: pluggy.PluginManager) -> Celery:
    """A configured Celery app; tasks are registered by :mod:`consoleme.tasks.registry`."""
    app = Celery("consoleme", set_as_current=False)
    app.conf.update(
        broker_url=settings.celery.broker_url or redis_db_url(cache_url, 1),
        result_backend=settings.celery.result_backend or redis_db_url(cache_url, 2),
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_concurrency=settings.celery.worker_concurrency,
        broker_connection_retry_on_startup=True,
        result_expires=3600,
        beat_schedule=beat_schedule(settings, plugins),
        timezone="UTC",
    )
    return app
