"""Helpers of the browser tests that run ``consoleme serve`` and ``worker`` as processes on the
demo organization: start a process (stopped with the stack), its logs, an account refresh."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

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
