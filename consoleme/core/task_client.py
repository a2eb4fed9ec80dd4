"""How use-cases start background work without importing Celery: the :class:`TaskClient`.

The web process gets a Celery-backed client from the service container
(:class:`consoleme.tasks.client.CeleryTaskClient`); tests may pass any object with ``enqueue``.
Task names live here so that use-cases and task shims agree on them.
"""

from __future__ import annotations

from typing import Any, Protocol

REFRESH_ACCOUNTS = "consoleme.inventory.refresh_accounts"
REFRESH_ACCOUNT_TYPE = "consoleme.inventory.refresh_account_type"
REFRESH_RESOURCE = "consoleme.inventory.refresh_resource"
REFRESH_ORGANIZATION = "consoleme.inventory.refresh_organization"
REFRESH_ACCESS_DENIED = "consoleme.inventory.refresh_access_denied"
REFRESH_ACCESS_DENIED_ACCOUNT = "consoleme.inventory.refresh_access_denied_account"
APPLY_CHANGE = "consoleme.change_requests.apply_change"
SWEEP_CHANGE_REQUESTS = "consoleme.change_requests.sweep"
NOTIFY_CHANGE_REQUEST = "consoleme.change_requests.notify"


class TaskClient(Protocol):
    """Puts a task on the queue; a worker runs it later."""

    async def enqueue(self, task: str, kwargs: dict[str, Any]) -> str:
        """Queue ``task`` with JSON-serialisable ``kwargs``; returns the queue's message id."""
        ...

    async def close(self) -> None:
        """Release connections to the queue."""
        ...
