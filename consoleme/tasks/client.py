"""The Celery implementation of :class:`consoleme.core.task_client.TaskClient`.

``send_task`` is a blocking call (kombu), so it runs on one thread of its own: the event loop
never waits on the broker. Given a factory, the Celery app is built on first use, so a web
process that never queues anything never imports Celery.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from celery import Celery


class CeleryTaskClient:
    """Queues tasks by name on the Celery broker."""

    def __init__(
        self, app: Celery | None = None, factory: Callable[[], Celery] | None = None
    ) -> None:
        if (app is None) == (factory is None):
            raise ValueError("give a Celery app or a factory of one")
        self._app = app
        self._factory = factory
        self._owns_app = app is None
        self._executor: ThreadPoolExecutor | None = None

    def _celery(self) -> Celery:
        if self._app is None:
            assert self._factory is not None
            self._app = self._factory()
        return self._app

    async def enqueue(self, task: str, kwargs: dict[str, Any]) -> str:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, "celery-send")

        def send() -> str:
            return str(self._celery().send_task(task, kwargs=kwargs).id)

        return await asyncio.get_running_loop().run_in_executor(self._executor, send)

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown)
        if self._owns_app and self._app is not None:
            self._app.close()
            self._app = None
