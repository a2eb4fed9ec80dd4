"""Time from exec to the first healthy answer of ``consoleme serve``, and its idle RSS.

Targets (issue 2): under 1.5 s and under 150 MiB. Redis is started beforehand so that the figure
is the web process's own; a second figure includes starting the private Redis.

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from consoleme.store.redis_server import PrivateRedis, free_port


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def one_run(data_dir: Path, redis_url: str | None) -> tuple[float, float]:
    port = free_port()
    env = {
        **os.environ,
        "CONSOLEME__SERVER__PORT": str(port),
        "CONSOLEME__SERVER__DATA_DIR": str(data_dir),
        "CONSOLEME__AUTH__DEV_MODE": "true",
        "CONSOLEME__LOGGING__LEVEL": "WARNING",
    }
    if redis_url:
        env["CONSOLEME__CACHE__REDIS_URL"] = redis_url
    else:
        env["CONSOLEME__CACHE__START_PRIVATE_REDIS"] = "true"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "consoleme", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/healthcheck"
    try:
        with httpx.Client() as client:
            while True:
                try:
                    if client.get(url, timeout=0.2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.005)
                if time.perf_counter() - started > 30:
                    raise RuntimeError("server not healthy after 30 s")
            elapsed = time.perf_counter() - started
            for _ in range(20):  # a little traffic, then idle
                client.get(url)
        time.sleep(2)
        return elapsed, rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        redis = PrivateRedis(Path(tmp) / "redis")
        redis.start()
        try:
            runs = [one_run(Path(tmp) / f"run{i}", redis.url) for i in range(args.runs)]
        finally:
            redis.stop()
        private = [one_run(Path(tmp) / f"private{i}", None) for i in range(max(1, args.runs // 2))]
    times = [t for t, _ in runs]
    rss = [r for _, r in runs]
    print(
        f"startup to first healthy response: median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}, {len(times)} runs; target < 1.5 s)"
    )
    print(
        f"idle RSS of consoleme serve:       median {statistics.median(rss):.1f} MiB "
        f"(max {max(rss):.1f}; target < 150 MiB)"
    )
    p_times = [t for t, _ in private]
    print(f"startup incl. private redis-server: median {statistics.median(p_times):.3f} s")


if __name__ == "__main__":
    main()
