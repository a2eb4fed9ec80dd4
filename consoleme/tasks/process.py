"""Run a Celery worker or beat process for the configured cache/broker."""

from __future__ import annotations

import asyncio
from typing import Literal

from celery import Celery

from consoleme.config.models import Settings
from consoleme.logs import configure_logging
from consoleme.plugins.manager import build_plugin_manager
from consoleme.store.cache import connect_cache
from consoleme.tasks.celery_app import make_celery
from consoleme.tasks.registry import register_tasks


def celery_for(settings: Settings) -> Celery:
    """The Celery app of these settings, with every task registered."""

    async def resolve() -> str:
        # Workers never own a private Redis: they join the one the web process started.
        cache, _ = await connect_cache(settings.cache, settings.server.data_dir, may_start=False)
        await cache.close()
        return cache.url

    settings.server.data_dir.mkdir(parents=True, exist_ok=True)
    cache_url = asyncio.run(resolve())
    plugins = build_plugin_manager(settings)
    app = make_celery(settings, cache_url, plugins)
    register_tasks(app, cache_url, settings.cache.key_prefix, settings, plugins)
    return app


def run_celery(settings: Settings, role: Literal["worker", "beat"]) -> int:
    configure_logging(settings.logging)
    app = celery_for(settings)
    if role == "worker":
        app.worker_main(["worker", "--loglevel=INFO", "--without-gossip", "--without-mingle"])
    else:
        schedule = settings.server.data_dir / "celerybeat-schedule"
        app.Beat(schedule=str(schedule), loglevel="INFO").run()
    return 0
