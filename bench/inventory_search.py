"""Search latency over a large cached inventory, measured at the server (run by
``bench/inventory.py``).

``entries`` synthetic resources (70 % roles, the rest users, policies, buckets, queues, topics,
over 20 accounts) are written to Redis the way workers write them. ``consoleme serve`` then runs
as its own process and builds its search index from Redis (the build time is printed). ``wrk``
(its own process) sends ``GET /api/v2/resources`` with a mix of queries: common and rare
substrings, whole ARNs, no match, one- and two-character prefixes, filters by type, account and
tag, and second pages. Each answer carries ``Server-Timing: app;dur=<ms>``, the time the server
spent on it (authentication, search, response body); the wrk script (``rotate_paths.lua``, run
through ``list_load.run_wrk``) collects those and prints their percentiles next to wrk's own
client-side latency.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml
from list_load import run_wrk

from consoleme.domain.inventory import Resource
from consoleme.store.cache import Cache
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.redis_server import free_port

PREFIX = "bench-search:"
ACCOUNTS = [f"{300000000000 + n}" for n in range(20)]
SHARES = {
    "iam_role": 70,
    "iam_user": 8,
    "managed_policy": 6,
    "s3_bucket": 6,
    "sqs_queue": 5,
    "sns_topic": 5,
}  # percent
TEAMS = [
    "payments",
    "search",
    "identity",
    "data",
    "ml",
    "web",
    "mobile",
    "infra",
    "security",
    "growth",
    "ads",
    "billing",
    "catalog",
    "checkout",
    "shipping",
    "support",
]
APPS = [
    "api",
    "worker",
    "etl",
    "reader",
    "writer",
    "deployer",
    "scheduler",
    "gateway",
    "indexer",
    "reporter",
    "sync",
    "audit",
]
ENVS = ["prod", "staging", "dev", "test"]
WRK_TIMEOUT = "2s"  # wrk's default, which this bench has always run with


def document(kind: str, account_id: str, n: int, rng: random.Random) -> Resource:
    name = f"{rng.choice(TEAMS)}-{rng.choice(APPS)}-{rng.choice(ENVS)}-{n:07d}"
    region = "" if kind.startswith("iam") or kind == "managed_policy" else "us-east-1"
    arn = {
        "iam_role": f"arn:aws:iam::{account_id}:role/{name}",
        "iam_user": f"arn:aws:iam::{account_id}:user/{name}",
        "managed_policy": f"arn:aws:iam::{account_id}:policy/{name}",
        "s3_bucket": f"arn:aws:s3:::{name}",
        "sqs_queue": f"arn:aws:sqs:{region}:{account_id}:{name}",
        "sns_topic": f"arn:aws:sns:{region}:{account_id}:{name}",
    }[kind]
    tags = {"owner": name.split("-")[0], "env": name.split("-")[2]}
    doc = {
        "arn": arn,
        "type": kind,
        "account_id": account_id,
        "name": name,
        "region": region,
        "tags": tags,
        "fetched_at": time.time(),
    }
    return doc  # type: ignore[return-value]


async def seed(redis_url: str, entries: int) -> list[Resource]:
    """Write the synthetic inventory; returns a few documents to build queries from."""
    cache = Cache(redis_url, PREFIX)
    inventory = InventoryCache(cache)
    rng = random.Random(42)
    picked: list[Resource] = []
    n = 0
    per_part = {k: entries * share // 100 // len(ACCOUNTS) for k, share in SHARES.items()}
    for account_id in ACCOUNTS:
        for kind, count in per_part.items():
            docs = [document(kind, account_id, n + i, rng) for i in range(count)]
            n += count
            picked.extend(rng.sample(docs, 2))
            await inventory.replace_part(account_id, kind, docs)  # type: ignore[arg-type]
    await inventory.mark_loaded()
    await cache.close()
    return picked


def queries(picked: list[Resource]) -> list[str]:
    rare = [d["name"] for d in picked[:6]] + [d["arn"] for d in picked[6:10]]
    common = [
        "payments",
        "prod",
        "role/ml-",
        "etl-staging",
        "worker",
        "api-dev-00",
        ":user/data",
        "sync",
        "checkout-gateway",
    ]
    paths = [f"q={q}" for q in rare + common + ["zzqqxx-none", "no-such-resource-name"]]
    paths += ["q=p", "q=da", "q=ml", "q=s"]
    paths += [
        "type=s3_bucket&q=logs",
        "type=sqs_queue&q=prod",
        f"account={ACCOUNTS[3]}&q=api",
        f"account={ACCOUNTS[7]}&type=iam_user",
        "tag=owner:billing&q=prod",
        "tag=env:test",
        "type=sns_topic",
    ]
    return ["/api/v2/resources?" + p.replace(":", "%3A").replace("/", "%2F") for p in paths]


def serve(tmp: Path, redis_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    config = {
        "server": {"host": "127.0.0.1", "port": port, "data_dir": str(tmp / "web")},
        "auth": {"dev_mode": True, "session": {"signing_keys": ["b" * 40]}},
        "cache": {"redis_url": redis_url, "key_prefix": PREFIX},
        "inventory": {"search_threads": 4, "search_warmup_seconds": 0},
        "logging": {"level": "WARNING"},
    }
    path = tmp / "web.yaml"
    path.write_text(yaml.safe_dump(config))
    log = open(tmp / "web.log", "wb")  # noqa: SIM115 - the process keeps it
    process = subprocess.Popen(
        [sys.executable, "-m", "consoleme", "-c", str(path), "serve"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ},
    )
    return process, f"http://127.0.0.1:{port}"


async def wait_for_index(client: httpx.AsyncClient, process: Any) -> float:
    """Seconds until search answers (the first index build is done)."""
    started = time.perf_counter()
    shown = started
    while True:
        if process.poll() is not None:
            raise RuntimeError("consoleme serve exited")
        try:
            answer = await client.get("/api/v2/resources", params={"limit": "1"})
        except httpx.HTTPError:
            await asyncio.sleep(0.2)
            continue
        if answer.status_code == 200:
            return time.perf_counter() - started
        if time.perf_counter() - shown > 15:
            text = (await client.get("/metrics")).text
            found = re.search(r"^consoleme_search_index_entries (\S+)$", text, re.MULTILINE)
            count = int(float(found.group(1))) if found else 0
            print(f"  ... {count:,} entries indexed", flush=True)
            shown = time.perf_counter()
        await asyncio.sleep(0.5)


async def wait_for_health(client: httpx.AsyncClient, process: Any) -> None:
    while True:
        if process.poll() is not None:
            raise RuntimeError("consoleme serve exited")
        try:
            if (await client.get("/healthcheck")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.1)


async def second_pages(client: httpx.AsyncClient, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        body = (await client.get(path)).json()
        if body.get("next_cursor"):
            found.append(f"{path}&cursor={body['next_cursor']}")
    return found


async def run_search_bench(
    redis_url: str, tmp: Path, entries: int, seconds: int, conns: int
) -> None:
    started = time.perf_counter()
    picked = await seed(redis_url, entries)
    print(
        f"search: {entries:,} entries written to Redis in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    process, url = serve(tmp, redis_url)
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            await wait_for_health(client, process)
            await client.post("/api/v2/auth/dev_login", json={"user": "bench@example.com"})
            build = await wait_for_index(client, process)
            print(f"search: the web process indexed them in {build:.1f} s", flush=True)
            cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
            paths = queries(picked)
            paths += await second_pages(client, paths[10:20])
            for path in paths:
                answer = await client.get(path)
                assert answer.status_code == 200, (path, answer.text)
        if shutil.which("wrk") is None:
            print("search: wrk is not installed (apt-get install -y wrk); skipping the load run")
            return
        print(f"search: {len(paths)} query shapes; wrk, {seconds} s per run")
        for connections in sorted({1, conns}):
            figures = run_wrk(url, paths, cookie, tmp, seconds, connections, WRK_TIMEOUT)
            print(
                f"search, {connections} connection(s), at the server (Server-Timing, ms): "
                f"{figures.server_timing or 'no answer carried Server-Timing'}"
            )
            print(
                f"search, {connections} connection(s), at the client (wrk, ms): "
                f"p50={figures.p50:.2f} p99={figures.p99:.2f} requests/s={figures.rps:.0f} "
                f"non200={figures.non200} timeouts={figures.timeouts}"
            )
        print("search: target p99 < 25 ms at the server")
    finally:
        process.terminate()
        process.wait(timeout=30)
