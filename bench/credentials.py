"""Credential brokering throughput: ``/api/v1/get_credentials`` against moto as STS.

Everything runs as its own process on loopback: a moto server (seeded with the demo
organization), redis-server, ``consoleme serve`` and ``wrk`` (Lua script for weep's POST body and
cookie). Printed, all from the same run:

- raw moto AssumeRole throughput at concurrency 16 (wrk posting AssumeRole straight to moto);
- ``POST /api/v1/get_credentials`` at concurrency 16: req/s, p50, p99 (target: at least 70% of
  the raw AssumeRole figure);
- ``GET /api/v2/eligible_roles`` at one connection: req/s (target 3,000).

    .venv/bin/python bench/credentials.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from consoleme.aws.demo_org import DemoOrg, reset_moto, seed_demo_org
from consoleme.aws.hub import AwsHub
from consoleme.aws.iam_read import read_roles
from consoleme.config.models import AwsAccountSettings, AwsSettings
from consoleme.core.sessions import SessionSigner
from consoleme.domain.identity import Identity
from consoleme.domain.inventory import Account
from consoleme.store.cache import Cache
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.redis_server import PrivateRedis, free_port

SIGNING_KEY = "bench-signing-key-" + "x" * 32
USER, GROUPS = "alice@example.com", ("engineering",)
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
# Enough of a SigV4 header for moto to route the request to STS (moto does not check it here).
FAKE_SIGV4 = (
    "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sts/aws4_request, "
    "SignedHeaders=host, Signature=0"
)


def wait_for(
    url: str, process: subprocess.Popen[bytes], what: str, log: Path | None = None
) -> None:
    """Until ``url`` answers. When it does not, ``process`` is stopped (and the end of its
    ``log`` shown) before the error is raised: the caller has not taken charge of it yet."""
    deadline = time.monotonic() + 60
    problem = f"{what} did not start"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            problem = f"{what} exited early"
            break
        try:
            httpx.get(url, timeout=0.5)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    process.wait(timeout=10)
    if log is not None:
        sys.stderr.write(log.read_text()[-3000:])
    raise RuntimeError(problem)


def start_moto() -> tuple[subprocess.Popen[bytes], str]:
    """``moto_server`` on a free loopback port, answering; the process and its endpoint URL."""
    port = free_port()
    moto = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    wait_for(endpoint + "/moto-api/", moto, "moto_server")
    return moto, endpoint


def start_consoleme(
    tmp: Path, redis_url: str, prefix: str, endpoint: str, hub: str
) -> tuple[subprocess.Popen[bytes], str]:
    """``consoleme serve`` on moto at ``endpoint`` (hub account ``hub``) and the inventory cached
    under ``prefix``, logging to ``tmp/server.log``; healthy. The process and its base URL."""
    port = free_port()
    config = tmp / "consoleme.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "server": {"port": port, "data_dir": str(tmp / "data")},
                "cache": {"redis_url": redis_url, "key_prefix": prefix},
                "auth": {"session": {"signing_keys": [SIGNING_KEY]}},
                "aws": {"endpoint_url": endpoint, "hub_account_id": hub},
                "logging": {"level": "WARNING"},
            }
        )
    )
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [sys.executable, "-m", "consoleme", "-c", str(config), "serve"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/healthcheck", server, "consoleme serve", tmp / "server.log")
    return server, base


def lua(path: Path, method: str, body: str, headers: dict[str, str]) -> Path:
    lines = [f'wrk.method = "{method}"', f"wrk.body = {body!r}".replace("\\n", "\\n")]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url: str, connections: int, seconds: int, script: Path | None = None) -> dict[str, float]:
    """Run wrk; requests/s, p50 and p99 (ms) and the count of non-2xx answers."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for name, pct in (("p50", "50%"), ("p99", "99%")):
        value, unit = re.search(rf"{pct}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        figures[name] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    figures["errors"] = float(errors.group(1)) if errors else 0.0
    return figures


async def load_inventory(org: DemoOrg, redis_url: str, prefix: str) -> None:
    """Read the organization's roles from moto and put them in the inventory cache."""
    settings = AwsSettings(
        endpoint_url=org.endpoint_url,
        hub_account_id=org.management_id,
        accounts=[AwsAccountSettings(id=i, name=n) for n, i in org.accounts.items()],
    )
    cache = Cache(redis_url, prefix)
    inventory = InventoryCache(cache)
    async with AwsHub(settings) as hub:
        for account_id in org.accounts.values():
            roles = await read_roles(hub, account_id)
            await inventory.replace_part(account_id, "iam_role", list(roles))  # type: ignore[arg-type]
    await inventory.set_accounts(
        [
            Account(
                id=i, name=n, environment=n, status="ACTIVE", ou_path="", tags={}, source="config"
            )
            for n, i in org.accounts.items()
        ]
    )
    await cache.close()


@dataclass(frozen=True)
class DemoStack:
    """What :func:`demo_stack` runs: moto (``endpoint``) and ``consoleme serve`` (``base``)."""

    moto: subprocess.Popen[bytes]
    server: subprocess.Popen[bytes]
    endpoint: str
    base: str
    org: DemoOrg


@contextmanager
def demo_stack(tmp: Path, prefix: str = "bench:") -> Iterator[DemoStack]:
    """redis-server, moto_server seeded with the demo organization, its roles in the inventory
    cache (under ``prefix``) and ``consoleme serve`` on them; all stopped on the way out."""
    redis = PrivateRedis(tmp / "redis")
    redis.start()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        moto, endpoint = start_moto()
        processes.append(moto)
        org = seed_demo_org(endpoint, reset=True)
        asyncio.run(load_inventory(org, redis.url, prefix))
        server, base = start_consoleme(tmp, redis.url, prefix, endpoint, org.management_id)
        processes.append(server)
        yield DemoStack(moto, server, endpoint, base, org)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=10)
        redis.stop()


def bench_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """``parser``'s arguments and ``--seconds`` (of each wrk run), once wrk is known to be
    installed; sets ``AWS_ENV`` for this process and what it starts."""
    parser.add_argument("--seconds", type=int, default=10, help="Length of each wrk run.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    os.environ.update(AWS_ENV)
    return args


def main() -> None:
    args = bench_args(argparse.ArgumentParser(description=__doc__))
    with tempfile.TemporaryDirectory() as tmp_name:
        run(Path(tmp_name), args.seconds)


def run(tmp: Path, seconds: int) -> None:
    with demo_stack(tmp) as stack:
        identity = Identity(USER, GROUPS, "bench", "cli")
        token = SessionSigner([SIGNING_KEY]).issue(identity, "cli", 3600).token
        cookie = f"consoleme_auth={token}"
        arn = f"arn:aws:iam::{stack.org.accounts['prod']}:role/engineering-admin"
        body = '{"requested_role":"' + arn + '","no_ip_restrictions":false}\n'
        weep = {"Content-Type": "application/json", "Cookie": cookie, "User-Agent": "weep/bench"}
        check = httpx.post(stack.base + "/api/v1/get_credentials", content=body, headers=weep)
        if check.status_code != 200:
            raise RuntimeError(f"get_credentials failed: {check.status_code} {check.text}")

        raw_body = f"Action=AssumeRole&Version=2011-06-15&RoleArn={arn}&RoleSessionName=bench"
        raw_script = lua(
            tmp / "assume.lua",
            "POST",
            raw_body,
            {"Content-Type": "application/x-www-form-urlencoded", "Authorization": FAKE_SIGV4},
        )
        creds_script = lua(tmp / "creds.lua", "POST", body, weep)
        roles_script = lua(tmp / "roles.lua", "GET", "", {"Cookie": cookie})

        wrk(stack.endpoint + "/", 16, 2, raw_script)  # warm-ups
        wrk(stack.base + "/api/v1/get_credentials", 16, 2, creds_script)
        wrk(stack.base + "/api/v2/eligible_roles", 1, 2, roles_script)
        # moto keeps every session it issued and scans that list on each request, so it slows
        # down as a run goes on: start both measured runs from an emptied moto. (The roles need
        # not exist in moto for AssumeRole; eligibility reads them from the cache.)
        reset_moto(stack.endpoint)
        before = cpu_seconds(stack.moto.pid), cpu_seconds(stack.server.pid)
        raw = wrk(stack.endpoint + "/", 16, seconds, raw_script)
        reset_moto(stack.endpoint)
        middle = cpu_seconds(stack.moto.pid), cpu_seconds(stack.server.pid)
        creds = wrk(stack.base + "/api/v1/get_credentials", 16, seconds, creds_script)
        after = cpu_seconds(stack.moto.pid), cpu_seconds(stack.server.pid)
        roles = wrk(stack.base + "/api/v2/eligible_roles", 1, seconds, roles_script)
        ceiling = wrk(stack.base + "/healthcheck", 1, seconds)
    share = 100 * creds["rps"] / raw["rps"]
    requests = creds["rps"] * seconds
    moto_raw_ms = 1000 * (middle[0] - before[0]) / (raw["rps"] * seconds)
    moto_ms = 1000 * (after[0] - middle[0]) / requests
    ours_ms = 1000 * (after[1] - middle[1]) / requests
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"machine: {os.cpu_count()} CPUs shared by wrk, moto_server, redis-server and consoleme; "
        f"load average after the runs {load}"
    )
    print(
        f"moto AssumeRole (raw, c16):            {raw['rps']:8.1f} req/s  "
        f"p50 {raw['p50']:.1f} ms  p99 {raw['p99']:.1f} ms  errors {raw['errors']:.0f}"
    )
    print(
        f"POST /api/v1/get_credentials (c16):    {creds['rps']:8.1f} req/s  "
        f"p50 {creds['p50']:.1f} ms  p99 {creds['p99']:.1f} ms  errors {creds['errors']:.0f}  "
        f"= {share:.0f}% of raw (target >= 70%)"
    )
    print(
        f"GET /api/v2/eligible_roles (c1):       {roles['rps']:8.1f} req/s  "
        f"p50 {roles['p50']:.2f} ms  p99 {roles['p99']:.2f} ms  errors {roles['errors']:.0f}  "
        "(target 3,000)"
    )
    print(
        f"GET /healthcheck (c1, no auth, ceiling): {ceiling['rps']:8.1f} req/s  "
        f"p50 {ceiling['p50']:.2f} ms  (what this server answers with no work at all)"
    )
    print(
        f"CPU per credentials request: consoleme {ours_ms:.2f} ms, moto {moto_ms:.2f} ms "
        f"(moto per raw AssumeRole: {moto_raw_ms:.2f} ms)"
    )


if __name__ == "__main__":
    main()
