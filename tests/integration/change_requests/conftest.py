"""Fixtures of the apply tests: one real Celery worker for the package (its own broker
databases), its SQLite store, a task client on its broker, and an in-process worker context for
tests that drive the use-cases directly (to inject a failure at a chosen moment)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.hub import AwsHub
from consoleme.config.models import AwsSettings, Settings
from consoleme.core.change_worker import ChangeWorkerContext
from consoleme.plugins.manager import build_plugin_manager
from consoleme.store.cache import Cache
from consoleme.store.change_requests import ChangeRequestRepository
from consoleme.store.factory import store_from_settings
from consoleme.tasks.celery_app import make_celery, redis_db_url
from consoleme.tasks.client import CeleryTaskClient
from consoleme.testing import make_test_settings
from tests.integration.change_requests.support import (
    MakeTargets,
    MemberAws,
    RecordingTaskClient,
    Targets,
    make_targets,
)
from tests.integration.inventory.worker import running_worker

# Broker databases of their own: no other test's worker takes these tasks.
BROKER_DB, BACKEND_DB = 7, 8


@pytest.fixture(scope="package")
def change_settings(
    tmp_path_factory: pytest.TempPathFactory, redis_url: str, aws_settings: AwsSettings
) -> Settings:
    """Settings shared by the worker and the tests (the worker uses the default
    ``change_requests`` section; the in-process context's sweep treats 30 s as stuck)."""
    sections: dict[str, Any] = {
        "aws": aws_settings.model_dump(mode="json"),
        "celery": {
            "broker_url": redis_db_url(redis_url, BROKER_DB),
            "result_backend": redis_db_url(redis_url, BACKEND_DB),
            "worker_concurrency": 4,
        },
        "inventory": {"refresh_on_worker_start": False},
        "plugins": {"disabled": ["cloudtrail_access_denied"]},
        "change_requests": {"apply_stuck_seconds": 30},
    }
    settings: Settings = make_test_settings(
        Path(tmp_path_factory.mktemp("change-requests")), redis_url, **sections
    )
    return settings


@pytest.fixture(scope="package")
def worker(change_settings: Settings) -> Iterator[Path]:
    """``consoleme worker`` on ``change_settings`` for the whole package; yields its log."""
    data_dir = change_settings.server.data_dir
    with running_worker(change_settings, data_dir):
        yield data_dir / "worker.log"


@pytest_asyncio.fixture
async def repository(change_settings: Settings) -> AsyncIterator[ChangeRequestRepository]:
    """The requests in the store the worker uses."""
    store = store_from_settings(change_settings.store, change_settings.server.data_dir)
    await store.open()
    try:
        yield ChangeRequestRepository(store)
    finally:
        await store.close()


@pytest_asyncio.fixture
async def tasks(change_settings: Settings, redis_url: str) -> AsyncIterator[RecordingTaskClient]:
    """Queues on the worker's broker (notification events are only recorded)."""
    plugins = build_plugin_manager(change_settings)
    celery = CeleryTaskClient(factory=lambda: make_celery(change_settings, redis_url, plugins))
    try:
        yield RecordingTaskClient(forward=celery)
    finally:
        await celery.close()


@pytest.fixture
def refreshed() -> list[tuple[str, str]]:
    """(arn, account) pairs the in-process ``ctx`` was asked to refresh in the inventory."""
    return []


@pytest_asyncio.fixture
async def ctx(
    change_settings: Settings,
    repository: ChangeRequestRepository,
    hub: AwsHub,
    tasks: RecordingTaskClient,
    redis_url: str,
    refreshed: list[tuple[str, str]],
) -> AsyncIterator[ChangeWorkerContext]:
    """An in-process worker context on the same store, Redis and broker as the worker."""
    cache = Cache(redis_url, change_settings.cache.key_prefix)

    async def refresh(arn: str, account_id: str) -> None:
        refreshed.append((arn, account_id))

    context = ChangeWorkerContext(
        settings=change_settings,
        plugins=build_plugin_manager(change_settings),
        repository=repository,
        hub=hub,
        task_client=tasks,
        cache=cache,
        refresh=refresh,
    )
    try:
        yield context
    finally:
        await cache.close()


@pytest.fixture
def members(aws_org: DemoOrg) -> Iterator[dict[str, MemberAws]]:
    """boto3 into the ``prod`` and ``security`` member accounts (by name)."""
    found = {
        name: MemberAws(aws_org.endpoint_url, aws_org.accounts[name])
        for name in ("prod", "security")
    }
    try:
        yield found
    finally:
        for member in found.values():
            member.close()


@pytest.fixture
def fresh_targets(aws_org: DemoOrg, members: dict[str, MemberAws]) -> MakeTargets:
    """Makes fresh targets in a member account (by name); with boto3 into that account."""

    def make(account: str) -> tuple[MemberAws, Targets]:
        aws = members[account]
        return aws, make_targets(aws, aws_org.management_id)

    return make
