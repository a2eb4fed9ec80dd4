"""The permission request task shims: retry options, the last try, and the beat entry."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from consoleme.config.models import Settings
from consoleme.core import change_worker
from consoleme.core.task_client import APPLY_CHANGE, SWEEP_CHANGE_REQUESTS
from consoleme.errors import Conflict, Throttled
from consoleme.plugins.manager import build_plugin_manager
from consoleme.tasks.celery_app import beat_schedule, make_celery
from consoleme.tasks.change_requests import register_change_request_tasks
from consoleme.tasks.runtime import WorkerRuntime

pytestmark = pytest.mark.unit


def settings(tmp_path: Path) -> Settings:
    return Settings.model_validate(
        {
            "server": {"data_dir": str(tmp_path)},
            "change_requests": {"apply_max_retries": 2, "expiry_sweep_seconds": 17},
        }
    )


class InlineRuntime(WorkerRuntime):
    """Runs the use-case on a fresh loop with no context: the fake use-cases need none."""

    def run_changes(self, work: Callable[[Any], Awaitable[Any]]) -> Any:
        return asyncio.run(work(None))  # type: ignore[arg-type]


def test_apply_retries_throttling_and_tells_the_last_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = settings(tmp_path)
    plugins = build_plugin_manager(config)
    app = make_celery(config, "redis://127.0.0.1:9/0", plugins)
    register_change_request_tasks(app, InlineRuntime(config, "redis://127.0.0.1:9/0", plugins, app))
    calls: list[bool] = []

    async def apply_change(ctx: Any, request_id: str, change_id: str, *, last_try: bool) -> str:
        calls.append(last_try)
        if not last_try:
            raise Throttled("iam:put_role_policy failed: Throttling", details={})
        return "failed"

    monkeypatch.setattr(change_worker, "apply_change", apply_change)
    task = app.tasks[APPLY_CHANGE]
    assert (task.acks_late, task.reject_on_worker_lost, task.max_retries) == (True, True, 2)
    assert set(task.autoretry_for) == {Throttled, Conflict}
    result = task.apply(kwargs={"request_id": "r1", "change_id": "c1"})
    assert calls == [False, False, True]
    assert result.get() == "failed"
    assert beat_schedule(config, plugins)["change-requests-sweep"] == {
        "task": SWEEP_CHANGE_REQUESTS,
        "schedule": 17.0,
    }
    app.close()
