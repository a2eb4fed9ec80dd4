"""Permission request lists: ``GET /api/v2/requests`` over many stored requests, per store backend.

    .venv/bin/python bench/requests.py [--records 100000] [--dynamodb-records 1000]
        [--dynamodb-steps 250,500,1000] [--seconds 15] [--connections 8]
        [--backends sqlite,dynamodb] [--sqlite-file PATH]

For each backend the store is filled with synthetic requests (:mod:`change_request_samples`: a
year of ~500 requesters, 50 accounts, 2,000 ARNs), then ``consoleme serve`` runs as its own
process on it and ``wrk`` (another process) rotates through filtered list URLs as an admin: status
only, requester + status, account, ARN, account + status, no filter, oldest first, second pages
(pages of 50). Printed per backend: load time; each shape's latency one request at a time (also
pages of 200, and requester + account, which reads up to MAX_SCAN records); req/s and
client-side p50/p99 at ``--connections`` and at one connection; the server's own time per request
(its latency histogram on ``/metrics``) and CPU per request.

- SQLite: every request is written with ``ChangeRequestRepository.create`` (``Store.put``).
- DynamoDB runs on a moto server in this process. moto answers a Query by sorting every item of
  the table (``Table.all_items``) and then filtering by the key: the cost of one Query grows with
  the whole table, where DynamoDB reads only the page. The default count is therefore small; the
  Query cost is measured at ``--dynamodb-steps`` and extrapolated. Items are written with
  BatchWriteItem, exactly those ``Store.put`` writes (checked on a sample), as moto copies the
  whole table for every TransactWriteItems.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import bench_path  # noqa: F401 - first: this file's name must not shadow `requests`
import httpx
import yaml
from change_request_load import load_through_repository
from change_request_samples import fixed_now, requests
from dynamodb_fill import DynamoLoad, fill_dynamodb
from list_load import (
    ServerFigures,
    WrkFigures,
    cpu_seconds,
    run_wrk,
    server_figures,
    settled_histogram,
)

from consoleme.domain.change_request import ChangeRequest
from consoleme.store.change_requests import KIND
from consoleme.store.redis_server import PrivateRedis, free_port
from consoleme.store.sqlite import SqliteStore
from consoleme.testing import NO_AWS_ENDPOINT, consoleme_process

ROUTE = "/api/v2/requests"
ADMIN_GROUP = "bench-admins"
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


@dataclass(frozen=True, slots=True)
class Run:
    """One wrk run and what the server spent on it."""

    figures: WrkFigures
    server: ServerFigures
    consoleme_cpu_ms: float  # per request
    moto_cpu_ms: float  # per request (0 without moto)
    load_averages: tuple[float, float]  # 1-minute load average before and after


@dataclass
class Result:
    backend: str
    records: int
    load: str
    runs: dict[int, Run]  # by connections
    shapes: dict[str, list[float]]
    notes: list[str]


def progress(label: str) -> Any:
    started = time.perf_counter()
    return lambda done: print(
        f"  {label}: {done:,} after {time.perf_counter() - started:.0f} s", flush=True
    )


def holds_samples(path: Path, samples: list[ChangeRequest]) -> bool:
    """True when ``path`` holds exactly ``samples`` (from an earlier run); False when missing."""
    if not path.exists():
        return False
    with sqlite3.connect(path) as connection:
        found = connection.execute(
            "SELECT count(*) FROM records WHERE kind = ? AND key IN (?, ?)",
            (KIND, samples[0].id, samples[-1].id),
        ).fetchone()[0]
        total = connection.execute(
            "SELECT count(*) FROM records WHERE kind = ?", (KIND,)
        ).fetchone()[0]
    if found == 2 and total == len(samples):
        return True
    raise SystemExit(f"{path} holds {total:,} other requests; remove it or use another path")


async def fill_sqlite(path: Path, samples: list[ChangeRequest]) -> str:
    """Load ``samples`` into a new SQLite store with the repository."""
    store = SqliteStore(path)
    await store.open()
    started = time.perf_counter()
    try:
        count = await load_through_repository(store, samples, 16, progress("sqlite"))
    finally:
        await store.close()
    seconds = time.perf_counter() - started
    return f"{seconds:.1f} s, {count / seconds:,.0f}/s (ChangeRequestRepository.create, 16 at once)"


def ranked(values: list[str], ranks: list[int]) -> list[str]:
    """The values at these ranks of frequency (0 = most frequent), skipping missing ranks."""
    order = [value for value, _ in Counter(values).most_common()]
    return [order[r] for r in ranks if r < len(order)]


def url_mix(loaded: list[ChangeRequest]) -> dict[str, list[str]]:
    """Query strings by shape, with busy and rare values of each dimension."""
    requesters = ranked([r.requester for r in loaded], [0, 5, 50, 150, 300, 450])
    accounts = ranked([r.primary_account for r in loaded], [0, 3, 10, 25, 40, 49])
    arns = ranked([r.primary_arn for r in loaded], [0, 10, 100, 500, 1000, 1900])
    statuses = ["pending", "approved", "applied", "rejected", "cancelled", "failed"]
    shapes = {
        "status": [{"status": s} for s in statuses],
        "requester+status": [{"requester": r, "status": "applied"} for r in requesters]
        + [{"requester": r, "status": "pending"} for r in requesters[:3]],
        "account": [{"account": a} for a in accounts],
        "arn": [{"arn": a} for a in arns],
        "account+status": [{"account": a, "status": "pending"} for a in accounts[:4]]
        + [{"account": a, "status": "rejected"} for a in accounts[:2]],
        "no filter": [{}, {"order": "oldest"}],
    }
    return {name: [f"{ROUTE}?{urlencode(q)}" for q in queries] for name, queries in shapes.items()}


def one_at_a_time_urls(loaded: list[ChangeRequest]) -> dict[str, list[str]]:
    """Shapes timed one at a time but not in the wrk mix: pages of 200, and requester + account
    (one index, the other filter checked on each record: up to MAX_SCAN records read when few
    match)."""
    requesters = ranked([r.requester for r in loaded], [0, 300])
    accounts = ranked([r.primary_account for r in loaded], [0, 45])
    pairs = [(requesters[0], accounts[0]), (requesters[0], accounts[-1])]
    pairs += [(requesters[-1], accounts[0])]
    shapes = {
        "limit=200": [{"limit": "200"}, {"status": "applied", "limit": "200"}],
        "requester+account": [{"requester": r, "account": a} for r, a in pairs],
    }
    return {name: [f"{ROUTE}?{urlencode(q)}" for q in queries] for name, queries in shapes.items()}


def sign_in(url: str) -> str:
    """A session cookie header value of an administrator (dev sign-in)."""
    with httpx.Client(base_url=url, timeout=30) as client:
        answer = client.post(
            "/api/v2/auth/dev_login", json={"user": "bench@example.com", "groups": [ADMIN_GROUP]}
        )
        answer.raise_for_status()
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def check_answers(url: str, cookie: str, paths: list[str]) -> None:
    """Every URL answers 200."""
    with httpx.Client(base_url=url, timeout=120, headers={"Cookie": cookie}) as client:
        for path in paths:
            answer = client.get(path)
            if answer.status_code != 200:
                raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:300]}")


def second_pages(url: str, cookie: str, firsts: list[str]) -> list[str]:
    """The URLs of the second pages of these lists (those that have one)."""
    found = []
    with httpx.Client(base_url=url, timeout=120, headers={"Cookie": cookie}) as client:
        for path in firsts:
            cursor = client.get(path).json()["cursor"]
            if cursor:
                found.append(f"{path}&cursor={cursor}")
    return found


def shape_latency(url: str, cookie: str, shapes: dict[str, list[str]], budget: float) -> Any:
    """Client-side ms of each shape, one request at a time, rounds within ``budget`` seconds."""
    found: dict[str, list[float]] = {name: [] for name in shapes}
    deadline = time.monotonic() + budget
    with httpx.Client(base_url=url, timeout=120, headers={"Cookie": cookie}) as client:
        for _ in range(10):
            for name, paths in shapes.items():
                for path in paths:
                    started = time.perf_counter()
                    client.get(path).raise_for_status()
                    found[name].append(1000 * (time.perf_counter() - started))
            if time.monotonic() > deadline:
                break
    return found


def server_config(tmp: Path, backend: str, store: dict[str, Any], redis_url: str) -> Path:
    config = {
        "server": {"host": "127.0.0.1", "port": free_port(), "data_dir": str(tmp / backend)},
        "auth": {
            "dev_mode": True,
            "admin_groups": [ADMIN_GROUP],
            "session": {"signing_keys": ["r" * 40]},
        },
        "cache": {"redis_url": redis_url, "key_prefix": f"bench-requests-{backend}:"},
        "store": store,
        "aws": {"endpoint_url": NO_AWS_ENDPOINT},
        "logging": {"level": "WARNING"},
    }
    path = tmp / f"{backend}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def timed_run(
    url: str, paths: list[str], cookie: str, tmp: Path, args: argparse.Namespace, pids: list[int]
) -> Run:
    """One wrk run at ``args.connections``; server figures once it has answered everything."""
    web, *moto = pids
    before = settled_histogram(url, ROUTE, 1.0), cpu_seconds(web), sum(map(cpu_seconds, moto))
    load_before = os.getloadavg()[0]
    figures = run_wrk(url, paths, cookie, tmp, args.seconds, args.connections)
    load_after = os.getloadavg()[0]
    quiet = max(1.0, figures.max / 1000)
    after = settled_histogram(url, ROUTE, quiet), cpu_seconds(web), sum(map(cpu_seconds, moto))
    server = server_figures(before[0], after[0])
    count = max(server.count, 1)
    return Run(
        figures,
        server,
        1000 * (after[1] - before[1]) / count,
        1000 * (after[2] - before[2]) / count,
        (load_before, load_after),
    )


def measure(
    args: argparse.Namespace,
    tmp: Path,
    backend: str,
    config: Path,
    loaded: list[ChangeRequest],
    moto_pids: list[int],
) -> tuple[dict[int, Run], dict[str, list[float]]]:
    """Serve ``config``; per-shape latency, then wrk at one and at ``--connections``."""
    port = yaml.safe_load(config.read_text())["server"]["port"]
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **AWS_ENV}
    runs = {}
    with consoleme_process(["-c", str(config), "serve"], env, tmp / f"{backend}.log", url) as web:
        cookie = sign_in(url)
        shapes = url_mix(loaded)
        firsts = [shapes["status"][2], shapes["account"][0], shapes["no filter"][0]]
        shapes["second page"] = second_pages(url, cookie, firsts)
        paths = [p for group in shapes.values() for p in group]
        extra = one_at_a_time_urls(loaded)
        check_answers(url, cookie, paths + [p for group in extra.values() for p in group])
        print(f"  {len(paths)} URLs in the mix, all answered 200 (as an administrator)", flush=True)
        budget = 20 if backend == "sqlite" else 60
        shapes_ms = shape_latency(url, cookie, {**shapes, **extra}, budget)
        warm_up = run_wrk(url, paths, cookie, tmp, 2, args.connections)
        settled_histogram(url, ROUTE, max(1.0, warm_up.max / 1000))
        for connections in (1, args.connections):
            run_args = argparse.Namespace(**{**vars(args), "connections": connections})
            runs[connections] = timed_run(url, paths, cookie, tmp, run_args, [web.pid, *moto_pids])
            print(f"  wrk c{connections}: {describe(runs[connections])}", flush=True)
    return runs, shapes_ms


def describe(run: Run) -> str:
    figures, server = run.figures, run.server
    text = (
        f"{figures.requests:,} requests, {figures.rps:,.1f} req/s; client p50 {figures.p50:.1f} "
        f"ms, p90 {figures.p90:.1f}, p99 {figures.p99:.1f}, max {figures.max:.1f}; server p50 "
        f"~{server.p50:.1f} ms, p99 ~{server.p99:.1f}, mean {server.mean:.1f}, "
        f"{100 * server.within_50ms:.1f}% within 50 ms; CPU/request: consoleme "
        f"{run.consoleme_cpu_ms:.1f} ms"
    )
    if run.moto_cpu_ms:
        text += f", moto {run.moto_cpu_ms:.1f} ms"
    if figures.non200 or figures.timeouts or figures.socket_errors:
        text += (
            f"; NOT OK: {figures.non200} non-200, {figures.timeouts} timeouts, "
            f"{figures.socket_errors} socket errors"
        )
    if figures.server_timing:
        text += f"; Server-Timing: {figures.server_timing}"
    before, after = run.load_averages
    return text + f" (load average {before:.1f} before, {after:.1f} after)"


def bench_sqlite(args: argparse.Namespace, tmp: Path, redis_url: str, samples: Any) -> Result:
    print(f"sqlite: {args.records:,} requests", flush=True)
    path = Path(args.sqlite_file) if args.sqlite_file else tmp / "sqlite" / "consoleme.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    loaded = samples[: args.records]
    if holds_samples(path, loaded):
        load = f"reused {path} (loaded by an earlier run of this bench)"
    else:
        load = asyncio.run(fill_sqlite(path, loaded))
    print(f"  loaded: {load}", flush=True)
    store = {"backend": "sqlite", "sqlite": {"path": str(path)}}
    config = server_config(tmp, "sqlite", store, redis_url)
    runs, shapes = measure(args, tmp, "sqlite", config, loaded, [])
    return Result("sqlite", len(loaded), load, runs, shapes, [])


def bench_dynamodb(args: argparse.Namespace, tmp: Path, redis_url: str, samples: Any) -> Result:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    print(f"dynamodb (moto server in this process): {args.dynamodb_records:,} requests")
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        host, port = moto.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        loaded = samples[: args.dynamodb_records]
        steps = sorted({int(s) for s in args.dynamodb_steps.split(",") if s} | {len(loaded)})
        result: DynamoLoad = asyncio.run(fill_dynamodb(endpoint, loaded, steps, args.records))
        dynamodb = {"endpoint_url": endpoint, "table_name": result.table, "timeout_seconds": 60}
        store = {"backend": "dynamodb", "dynamodb": dynamodb}
        config = server_config(tmp, "dynamodb", store, redis_url)
        runs, shapes = measure(args, tmp, "dynamodb", config, loaded, [os.getpid()])
    finally:
        moto.stop()
    return Result("dynamodb (moto)", len(loaded), result.summary, runs, shapes, result.growth)


def report(results: list[Result]) -> None:
    print("\n=== GET /api/v2/requests as an administrator; wrk: pages of 50, mixed filters ===")
    print(
        f"{os.cpu_count()} CPUs shared by wrk, consoleme serve, redis-server (and moto) and "
        "whatever else runs on this machine (see the load averages).\n"
        "client: wrk's latency. server: time from the request's arrival to its answer, from the "
        "route's latency histogram on /metrics (interpolated within its buckets). Server-Timing: "
        "the handler's own measure, sampled by wrk. CPU/request: CPU time of the process / "
        "requests."
    )
    for result in results:
        print(f"\n{result.backend}: {result.records:,} requests stored; load: {result.load}")
        for note in result.notes:
            print(f"  {note}")
        for name, values in result.shapes.items():
            values = sorted(values)
            p50, top = values[len(values) // 2], values[-1]
            print(f"  {name:<17} one at a time (client, httpx): p50 {p50:6.1f} ms, max {top:6.1f}")
        for conns, run in sorted(result.runs.items()):
            print(f"  wrk {conns} connection(s): {describe(run)}")
        for conns, run in sorted(result.runs.items()):
            verdict = "met" if run.figures.p99 < 50 else "NOT met"
            print(f"  target p99 < 50 ms, {conns} connection(s), client side: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000, help="requests in SQLite")
    parser.add_argument("--dynamodb-records", type=int, default=1_000)
    parser.add_argument("--dynamodb-steps", default="250,500,1000", help="Query cost measured at")
    parser.add_argument("--seconds", type=int, default=15, help="wrk duration")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--backends", default="sqlite,dynamodb")
    parser.add_argument("--sqlite-file", help="keep the SQLite store here (reused when full)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    os.environ.update(AWS_ENV)
    backends = args.backends.split(",")
    started = time.perf_counter()
    count = max(args.records if "sqlite" in backends else 0, args.dynamodb_records)
    samples = list(requests(count, fixed_now()))
    print(f"generated {count:,} requests in {time.perf_counter() - started:.1f} s", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="consoleme-bench-requests-") as tmp_name:
        tmp = Path(tmp_name)
        redis = PrivateRedis(tmp / "redis")
        redis.start()
        try:
            if "sqlite" in backends:
                results.append(bench_sqlite(args, tmp, redis.url, samples))
            if "dynamodb" in backends:
                results.append(bench_dynamodb(args, tmp, redis.url, samples))
        finally:
            redis.stop()
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
