"""Running ``consoleme worker`` as its own process next to an in-process API, both on the same
settings (Redis prefix, SQLite store, moto organization)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import redis
import yaml

from consoleme.config.models import AwsSettings, Settings
from consoleme.tasks.celery_app import redis_db_url
from consoleme.testing import make_test_settings

T = TypeVar("T")

# Broker databases of their own: other tests' workers never see these tasks.
BROKER_DB, BACKEND_DB = 5, 6


def pipeline_settings(data_dir: Path, redis_url: str, aws: AwsSettings, **extra: Any) -> Settings:
    """Settings shared by the API under test and its worker."""
    sections: dict[str, Any] = {
        "aws": aws.model_dump(mode="json"),
        "celery": {
            "broker_url": redis_db_url(redis_url, BROKER_DB),
            "result_backend": redis_db_url(redis_url, BACKEND_DB),
            "worker_concurrency": 4,
        },
        "inventory": {"search_poll_seconds": 0.2},
        # moto does not implement CloudTrail LookupEvents; the hook is tested on its own.
        "plugins": {"disabled": ["cloudtrail_access_denied"]},
        **extra,
    }
    settings: Settings = make_test_settings(data_dir, redis_url, **sections)
    return settings


def worker_config(settings: Settings, path: Path) -> Path:
    """The YAML file ``consoleme worker -c`` reads: the sections a worker needs."""
    dump = settings.model_dump(mode="json")
    sections = ("server", "store", "cache", "celery", "aws", "inventory", "plugins")
    config = {name: dump[name] for name in sections}
    config["logging"] = {"level": "INFO", "json_format": True}
    path.write_text(yaml.safe_dump(config))
    return path


@contextmanager
def running_worker(settings: Settings, data_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``consoleme worker`` for ``settings``; its log is ``<data_dir>/worker.log``."""
    config = worker_config(settings, data_dir / "worker.yaml")
    log = open(data_dir / "worker.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "consoleme", "-c", str(config), "worker"],
        env={k: v for k, v in os.environ.items() if not k.startswith("CONSOLEME")},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


async def eventually(
    check: Callable[[], Awaitable[T | None]], seconds: float, what: str, log: Path | None = None
) -> T:
    """Poll ``check`` until it returns something other than None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = await check()
        if found is not None:
            return found
        await asyncio.sleep(0.25)
    tail = _tail(log) if log is not None else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def _tail(log: Path) -> str:
    return log.read_text()[-4000:] if log.exists() else ""


def flush_prefix(redis_url: str, prefix: str) -> int:
    """Delete every key of one ConsoleMe instance: what it sees after ``FLUSHALL``."""
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        return int(client.delete(*keys)) if keys else 0
    finally:
        client.close()
