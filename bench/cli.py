"""``cme`` speed: a cached ``cme credential-process`` as a whole process, and ``cme serve``'s ECS
endpoint with cached credentials.

Everything runs as its own process on loopback: redis-server, a moto server seeded with the demo
organization, ``consoleme serve``, the ``cme`` console script, and ``wrk``. Printed:

- whole-process time of ``cme credential-process ROLE`` answered from the cache: median, p90
  (target: median under 120 ms), next to a bare ``python -c pass`` and uncached runs;
- ``GET /ecs/<role>`` on ``cme serve`` with the Authorization header, cached credentials:
  p50, p99 (target: p99 under 5 ms) and requests/s, at 1 and 4 connections.

    .venv/bin/python bench/cli.py [--runs 50] [--seconds 10]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from credentials import SIGNING_KEY, bench_args, demo_stack, lua, wrk

from consoleme.client.models import Session
from consoleme.client.paths import CmePaths
from consoleme.client.session_store import SessionStore
from consoleme.core.sessions import SessionSigner
from consoleme.domain.identity import Identity

CME = str(Path(sys.executable).parent / "cme")
USER = "alice@example.com"


def timed_runs(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall-clock milliseconds of ``runs`` runs of ``command`` (each must succeed)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def start_cme_serve(env: dict[str, str], tmp: Path) -> tuple[subprocess.Popen[bytes], int, str]:
    token_file = tmp / "ecs-token"
    serve = subprocess.Popen(
        [CME, "serve", "--port", "0", "--token-file", str(token_file)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=open(tmp / "cme-serve.log", "wb"),  # noqa: SIM115 - closed with the process
    )
    assert serve.stdout is not None
    line = serve.stdout.readline().decode()
    if "FULL_URI=" not in line:
        raise RuntimeError(f"cme serve did not start: {(tmp / 'cme-serve.log').read_text()}")
    port = int(line.split("127.0.0.1:", 1)[1].split("/", 1)[0])
    return serve, port, token_file.read_text()


def ecs_figures(
    env: dict[str, str], tmp: Path, arn: str, seconds: int
) -> tuple[dict[str, float], dict[str, float]]:
    """wrk on ``cme serve``'s ``GET /ecs/<arn>`` (cached credentials) at 1 and 4 connections."""
    serve, port, token = start_cme_serve(env, tmp)
    try:
        url = f"http://127.0.0.1:{port}/ecs/{arn}"
        check = httpx.get(url, headers={"Authorization": token})
        if check.status_code != 200:
            raise RuntimeError(f"cme serve answered {check.status_code}: {check.text}")
        script = lua(tmp / "ecs.lua", "GET", "", {"Authorization": token})
        wrk(url, 1, 2, script)  # warm-up
        return wrk(url, 1, seconds, script), wrk(url, 4, seconds, script)
    finally:
        serve.terminate()
        serve.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50, help="Runs of each timed command.")
    args = bench_args(parser)
    with tempfile.TemporaryDirectory() as tmp_name:
        run(Path(tmp_name), args.runs, args.seconds)


def run(tmp: Path, runs: int, seconds: int) -> None:
    with demo_stack(tmp) as stack:
        home = tmp / "home"
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "CME_URL": stack.base,
            "CME_OPEN_BROWSER": "never",
        }
        issued = SessionSigner([SIGNING_KEY]).issue(
            Identity(USER, ("engineering",), "bench", "cli"), "cli", 3600
        )
        SessionStore(CmePaths.from_environ(env), stack.base).save(
            Session(stack.base, USER, issued.token, issued.expires_at)
        )
        arn = f"arn:aws:iam::{stack.org.accounts['prod']}:role/engineering-admin"
        process = [CME, "credential-process", arn]
        subprocess.run(process, env=env, stdout=subprocess.DEVNULL, check=True)  # fills the cache
        timed_runs(process, env, 3)  # warm the page cache
        cached = timed_runs(process, env, runs)
        python = timed_runs([sys.executable, "-c", "pass"], env, runs)
        uncached = timed_runs([*process, "--no-cache"], env, max(5, runs // 10))
        one, four = ecs_figures(env, tmp, arn, seconds)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs; load average after the runs {load}")
    print(
        f"cme credential-process, cached ({runs} runs): median {statistics.median(cached):.1f} ms  "
        f"p90 {percentile(cached, 0.9):.1f} ms  min {min(cached):.1f} ms  (target: median < 120 ms)"
    )
    print(
        f"python -c pass, same machine ({runs} runs): median {statistics.median(python):.1f} ms  "
        f"(interpreter start alone)"
    )
    print(
        f"cme credential-process --no-cache ({len(uncached)} runs): median "
        f"{statistics.median(uncached):.1f} ms  (a server round trip and STS on moto)"
    )
    for label, figures in (("c1", one), ("c4", four)):
        print(
            f"GET /ecs/<role> on cme serve ({label}, cached): {figures['rps']:8.1f} req/s  "
            f"p50 {figures['p50']:.2f} ms  p99 {figures['p99']:.2f} ms  "
            f"errors {figures['errors']:.0f}  (target: p99 < 5 ms)"
        )


if __name__ == "__main__":
    main()
