"""Inventory benchmark: a full refresh through the Celery fan-out against sequential boto3, then
resource search over a million cached entries, timed at the server.

    .venv/bin/python bench/inventory.py [--accounts 20] [--roles 500] [--workers 4]
        [--baseline-accounts 5] [--entries 1000000] [--seconds 15] [--skip-search]

Refresh: N accounts x M roles (each with a trust policy, an inline policy, an attached managed
policy and tags) are seeded into an in-process moto server (straight into its backends: seeding
through HTTP would take minutes). The pipeline's refresh runs as production does: a
``refresh_accounts`` task on a real ``consoleme worker`` fans out one task per (account, type);
the time runs from queueing it until the last part is written to Redis and the store. Two plain
sequential boto3 listings of the same roles are timed in the same run:

- per role: ``list_roles``, then ``get_role``, ``list_role_policies`` + ``get_role_policy`` and
  ``list_attached_role_policies`` for each role (over ``--baseline-accounts`` accounts, as its
  rate is constant per role: the full 10,000 roles would take minutes on moto);
- bulk: ``get_account_authorization_details`` + ``list_roles``, account after account (the same
  calls the workers make, without the fan-out).

Search: see :mod:`inventory_search` (``consoleme serve`` as its own process, ``wrk`` as another;
latency from the server's ``Server-Timing`` header).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import bench_path  # noqa: F401 - first: bench/requests.py must not shadow `requests`
import boto3
import redis
import yaml
from inventory_search import run_search_bench

from consoleme.core.task_client import REFRESH_ACCOUNT_TYPE, REFRESH_ACCOUNTS
from consoleme.domain.inventory import RESOURCE_TYPES
from consoleme.store.redis_server import PrivateRedis, free_port
from consoleme.tasks.celery_app import HEARTBEAT_TASK, redis_db_url

HUB = "123456789012"
REGION = "us-east-1"
SPOKE = "consoleme-spoke"
PREFIX = "bench:"
DUMMY = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def start_moto() -> tuple[Any, str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"http://127.0.0.1:{port}"


def account_ids(count: int) -> list[str]:
    return [HUB] + [f"{200000000000 + n}" for n in range(1, count)]


def seed(accounts: list[str], roles: int) -> None:
    """M roles per account, written straight into moto's IAM backends."""
    from moto.iam.models import iam_backends

    for account_id in accounts:
        iam = iam_backends[account_id]["global"]
        document = {"Version": "2012-10-17", "Statement": []}
        trust = {
            **document,
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "sts:AssumeRole",
                    "Principal": {"AWS": f"arn:aws:iam::{HUB}:root"},
                }
            ],
        }
        managed = iam.create_policy(
            description="",
            path="/",
            policy_document=json.dumps(
                {
                    **document,
                    "Statement": [{"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}],
                }
            ),
            policy_name="baseline-read",
            tags=[],
        ).arn
        for n in range(roles):
            name = f"app-{n:04d}-{('data', 'web', 'batch', 'ml')[n % 4]}"
            iam.create_role(
                role_name=name,
                assume_role_policy_document=json.dumps(trust),
                path="/",
                permissions_boundary=None,
                description=f"role {n}",
                tags=[{"Key": "owner", "Value": f"team-{n % 25}"}],
                max_session_duration="3600",
            )
            inline = {
                **document,
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::b-{n}/*",
                    }
                ],
            }
            iam.put_role_policy(name, "inline", json.dumps(inline))
            iam.attach_role_policy(managed, name)


def iam_client(endpoint: str, account_id: str) -> Any:
    if account_id == HUB:
        return boto3.client("iam", endpoint_url=endpoint, region_name=REGION, **DUMMY)
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION, **DUMMY)
    role = f"arn:aws:iam::{account_id}:role/{SPOKE}"
    creds = sts.assume_role(RoleArn=role, RoleSessionName="bench")["Credentials"]
    return boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def sequential_per_role(endpoint: str, accounts: list[str]) -> tuple[int, float]:
    started, count = time.perf_counter(), 0
    for account_id in accounts:
        iam = iam_client(endpoint, account_id)
        for page in iam.get_paginator("list_roles").paginate():
            for role in page["Roles"]:
                name = role["RoleName"]
                iam.get_role(RoleName=name)
                for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
                    iam.get_role_policy(RoleName=name, PolicyName=policy)
                iam.list_attached_role_policies(RoleName=name)
                count += 1
    return count, time.perf_counter() - started


def sequential_bulk(endpoint: str, accounts: list[str]) -> tuple[int, float]:
    started, count = time.perf_counter(), 0
    for account_id in accounts:
        iam = iam_client(endpoint, account_id)
        details = iam.get_paginator("get_account_authorization_details")
        for page in details.paginate(Filter=["Role"]):
            count += len(page["RoleDetailList"])
        for _ in iam.get_paginator("list_roles").paginate():
            pass
    return count, time.perf_counter() - started


def worker_config(
    tmp: Path, redis_url: str, endpoint: str, accounts: list[str], workers: int
) -> Path:
    config = {
        "server": {"data_dir": str(tmp / "data")},
        "cache": {"redis_url": redis_url, "key_prefix": PREFIX},
        "celery": {
            "broker_url": redis_db_url(redis_url, 1),
            "result_backend": redis_db_url(redis_url, 2),
            "worker_concurrency": workers,
        },
        "aws": {
            "endpoint_url": endpoint,
            "hub_account_id": HUB,
            "use_organizations": False,
            "region": REGION,
            "spoke_role_name": SPOKE,
            "accounts": [{"id": a, "name": f"acct-{i:02d}"} for i, a in enumerate(accounts)],
        },
        "inventory": {"refresh_on_worker_start": False},
        "plugins": {"disabled": ["cloudtrail_access_denied"]},
        "logging": {"level": "WARNING"},
    }
    path = tmp / "worker.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


@contextmanager
def running_worker(config: Path, redis_url: str, tmp: Path) -> Iterator[Any]:
    """A ``consoleme worker`` that has run a task; yields a Celery app to queue tasks."""
    from celery import Celery

    client = redis.Redis.from_url(redis_url)
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    log = open(tmp / "worker.log", "wb")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [sys.executable, "-m", "consoleme", "-c", str(config), "worker"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app = Celery("bench", broker=redis_db_url(redis_url, 1), set_as_current=False)
    try:
        app.send_task(HEARTBEAT_TASK)
        while client.get(PREFIX + "worker:heartbeat") is None:
            if worker.poll() is not None:
                raise RuntimeError((tmp / "worker.log").read_text()[-3000:])
            time.sleep(0.1)
        yield app
    finally:
        app.close()
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        client.close()


def timed_parts(redis_url: str, parts: set[str], started: float) -> dict[str, dict[str, Any]]:
    """Wait until every part was refreshed after ``started``; their refresh records."""
    client = redis.Redis.from_url(redis_url)
    try:
        while True:
            records = client.hgetall(PREFIX + "inventory:refreshed")
            done = {k.decode(): json.loads(v) for k, v in records.items()}
            fresh = {p: d for p, d in done.items() if p in parts and d["at"] >= started}
            if len(fresh) == len(parts):
                return fresh
            failures = client.hgetall(PREFIX + "inventory:failures")
            if failures:
                raise RuntimeError(f"parts failed: {failures}")
            time.sleep(0.05)
    finally:
        client.close()


def elapsed(records: dict[str, dict[str, Any]], started: float) -> tuple[int, float]:
    """Roles written, and seconds from ``started`` until the last part was written."""
    finished = max(d["at"] + d["duration"] for d in records.values())
    roles = sum(d["count"] for p, d in records.items() if p.endswith(":iam_role"))
    return roles, finished - started


def full_refresh(app: Any, redis_url: str, accounts: list[str]) -> tuple[int, float]:
    """``refresh_accounts``: the account list, then every (account, type) in parallel."""
    started = time.time()
    app.send_task(REFRESH_ACCOUNTS)
    parts = {f"{a}:{kind}" for a in accounts for kind in RESOURCE_TYPES}
    return elapsed(timed_parts(redis_url, parts, started), started)


def roles_refresh(app: Any, redis_url: str, accounts: list[str]) -> tuple[int, float]:
    """One ``refresh_account_type(account, iam_role)`` task per account, all queued at once."""
    started = time.time()
    for account_id in accounts:
        kwargs = {"account_id": account_id, "resource_type": "iam_role"}
        app.send_task(REFRESH_ACCOUNT_TYPE, kwargs=kwargs)
    parts = {f"{a}:iam_role" for a in accounts}
    return elapsed(timed_parts(redis_url, parts, started), started)


def refresh_bench(args: argparse.Namespace, tmp: Path, endpoint: str, redis_url: str) -> None:
    """Seed moto, time both sequential baselines and the pipeline; print the figures."""
    accounts = account_ids(args.accounts)
    started = time.perf_counter()
    seed(accounts, args.roles)
    total = len(accounts) * args.roles
    print(
        f"seeded {len(accounts)} accounts x {args.roles} roles ({total} roles) "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    sample = accounts[: args.baseline_accounts or len(accounts)]
    roles, seconds = sequential_per_role(endpoint, sample)
    per_role = roles / seconds
    print(
        f"sequential boto3, per role ({len(sample)} of {len(accounts)} accounts): "
        f"{roles} roles in {seconds:.1f} s = {per_role:.0f} roles/s",
        flush=True,
    )
    roles, seconds = sequential_bulk(endpoint, accounts)
    bulk = roles / seconds
    print(
        f"sequential boto3, bulk (get_account_authorization_details + list_roles): "
        f"{roles} roles in {seconds:.1f} s = {bulk:.0f} roles/s",
        flush=True,
    )
    config = worker_config(tmp, redis_url, endpoint, accounts, args.workers)
    with running_worker(config, redis_url, tmp) as app:
        _, seconds = full_refresh(app, redis_url, accounts)
        parts = len(accounts) * len(RESOURCE_TYPES)
        print(
            f"pipeline, full refresh (refresh_accounts -> {parts} (account, type) "
            f"tasks, every type, cold workers): {seconds:.1f} s",
            flush=True,
        )
        roles, seconds = roles_refresh(app, redis_url, accounts)
    fan_out = roles / seconds
    print(
        f"pipeline, roles ({len(accounts)} refresh_account_type tasks queued at once, "
        f"{args.workers} worker processes): {roles} roles in {seconds:.1f} s "
        f"= {fan_out:.0f} roles/s"
    )
    print(f"ratio vs sequential per role: {fan_out / per_role:.1f}x (target >= 3x)")
    print(f"ratio vs sequential bulk:     {fan_out / bulk:.1f}x", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--roles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4, help="worker processes")
    parser.add_argument(
        "--baseline-accounts",
        type=int,
        default=5,
        help="accounts the per-role baseline reads (0: all)",
    )
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=15, help="wrk duration")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-refresh", action="store_true")
    args = parser.parse_args()
    os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
    with tempfile.TemporaryDirectory(prefix="consoleme-bench-") as tmp_name:
        tmp = Path(tmp_name)
        moto, endpoint = start_moto()
        store = PrivateRedis(tmp / "redis")
        store.start()
        try:
            if not args.skip_refresh:
                refresh_bench(args, tmp, endpoint, store.url)
            if not args.skip_search:
                asyncio.run(
                    run_search_bench(store.url, tmp, args.entries, args.seconds, args.connections)
                )
        finally:
            store.stop()
            moto.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
