"""Helpers of the browser tests that run ``consoleme serve`` and ``worker`` as processes on the
demo organization: start a process (stopped with the stack), both on one settings file, their
logs, an account refresh."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import yaml

from consoleme.config.models import AwsSettings
from consoleme.store.redis_server import free_port
from consoleme.testing import wait_healthy

READY_TIMEOUT = 90.0


def start_process(
    config: Path, role: str, log_dir: Path, stack: ExitStack
) -> subprocess.Popen[bytes]:
    """``consoleme -c config <role>`` logging to ``log_dir/<role>.log``; stopped by ``stack``."""
    with open(log_dir / f"{role}.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "consoleme", "-c", str(config), role],
            env=dict(os.environ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    stack.callback(stop)
    return process


@contextmanager
def serve_and_work(
    data_dir: Path, name: str, redis_url: str, aws_settings: AwsSettings
) -> Iterator[str]:
    """``consoleme serve`` and ``consoleme worker`` on ``data_dir/settings.yaml``: AWS as in
    ``aws_settings``, cache keys of their own (``e2e-<name>...``), logs in ``data_dir``. Yields
    the server's URL once it is healthy; both are stopped on the way out."""
    port = free_port()
    data = {
        "server": {"host": "127.0.0.1", "port": port, "data_dir": str(data_dir)},
        "auth": {"dev_mode": True, "session": {"signing_keys": [f"e2e-{name}-" + "k" * 40]}},
        "cache": {"redis_url": redis_url, "key_prefix": f"e2e-{name}{time.monotonic_ns()}:"},
        "logging": {"json_format": True, "level": "WARNING"},
        "aws": aws_settings.model_dump(mode="json", exclude_none=True),
    }
    config = data_dir / "settings.yaml"
    config.write_text(yaml.safe_dump(data))
    url = f"http://127.0.0.1:{port}"
    with ExitStack() as stack:
        server = start_process(config, "serve", data_dir, stack)
        start_process(config, "worker", data_dir, stack)
        wait_healthy(url, server, lambda: process_logs(data_dir))
        yield url


def process_logs(log_dir: Path) -> str:
    """The end of every process log, for failure messages."""
    logs = sorted(log_dir.glob("*.log"))
    return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in logs)


def refresh_account(url: str, account_id: str, log_dir: Path) -> None:
    """Queue a refresh of the account as an administrator and follow it until done."""
    with httpx.Client(base_url=url, timeout=10) as client:
        signed_in = client.post(
            "/api/v2/auth/dev_login",
            json={"user": "carol@example.com", "groups": ["security", "consoleme-admins"]},
        )
        assert signed_in.status_code == 200, signed_in.text
        headers = {"X-Xsrftoken": client.cookies.get("_xsrf") or ""}
        queued = client.post(
            "/api/v2/inventory/refresh", json={"account_id": account_id}, headers=headers
        )
        assert queued.status_code == 202, queued.text
        job_id = queued.json()["id"]
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            job = client.get(f"/api/v2/inventory/refresh/{job_id}").json()
            if job["status"] == "done":
                return
            if job["status"] == "failed":
                raise RuntimeError(f"refresh failed: {job['errors']}\n{process_logs(log_dir)}")
            time.sleep(0.5)
    raise RuntimeError(f"refresh not done in {READY_TIMEOUT}s:\n{process_logs(log_dir)}")
