"""A real Celery worker and beat, as ``consoleme worker`` and ``consoleme beat`` run them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

pytestmark = pytest.mark.integration

PREFIX = "tasks-test:"


@contextmanager
def consoleme(
    command: str, data_dir: Path, redis_url: str, aws_endpoint: str
) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        # Only the local AWS, and nothing to read there: this test is about the schedule.
        "CONSOLEME__AWS__ENDPOINT_URL": aws_endpoint,
        "CONSOLEME__AWS__USE_ORGANIZATIONS": "false",
        "CONSOLEME__INVENTORY__REFRESH_ON_WORKER_START": "false",
        "CONSOLEME__SERVER__DATA_DIR": str(data_dir),
        "CONSOLEME__CACHE__REDIS_URL": redis_url,
        "CONSOLEME__CACHE__KEY_PREFIX": PREFIX,
        "CONSOLEME__CELERY__HEARTBEAT_SECONDS": "1",
        "CONSOLEME__CELERY__WORKER_CONCURRENCY": "1",
    }
    log = open(data_dir / f"{command}.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "consoleme", command], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for_new_heartbeat(client: redis.Redis, after: float, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        raw = client.get(PREFIX + "worker:heartbeat")
        if raw is not None and float(raw) > after:
            return float(raw)
        time.sleep(0.1)
    raise AssertionError(f"no heartbeat newer than {after} within {timeout}s")


def test_beat_schedules_and_worker_runs_heartbeat(
    tmp_path: Path, redis_url: str, moto_endpoint: str
) -> None:
    client = redis.Redis.from_url(redis_url)
    client.delete(PREFIX + "worker:heartbeat")
    try:
        with (
            consoleme("worker", tmp_path, redis_url, moto_endpoint),
            consoleme("beat", tmp_path, redis_url, moto_endpoint),
        ):
            first = wait_for_new_heartbeat(client, 0, timeout=40)
            second = wait_for_new_heartbeat(client, first, timeout=10)
        assert second > first
    finally:
        client.close()


def test_worker_without_redis_fails_with_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CONSOLEME__SERVER__DATA_DIR": str(tmp_path),
        "CONSOLEME__CACHE__REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "consoleme", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("consoleme: Redis does not answer")
    assert "Traceback" not in result.stderr
