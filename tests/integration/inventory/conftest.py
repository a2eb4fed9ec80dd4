"""Fixtures of the inventory tests: a running API whose Redis holds a small synthetic
inventory, with a task client that records what would be queued."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from consoleme.testing import make_test_settings, start_api
from tests.integration.inventory.support import (
    DEV,
    PROD,
    InventoryApi,
    RecordingTaskClient,
    account,
    synthetic_docs,
)


@pytest_asyncio.fixture
async def inventory_api(tmp_path: Path, redis_url: str) -> AsyncIterator[InventoryApi]:
    """The API on a synthetic inventory (two accounts, every resource type, 48 documents)."""
    running, server = await start_api(make_test_settings(tmp_path, redis_url))
    tasks = RecordingTaskClient()
    running.services.inventory.ctx.task_client = tasks
    served = InventoryApi(running, tasks, synthetic_docs())
    try:
        await served.ctx.cache.set_accounts([account(PROD, "prod"), account(DEV, "dev")])
        await served.write(served.docs)
        yield served
    finally:
        server.stop()
        await server.close_all_connections()
        await running.services.close()
