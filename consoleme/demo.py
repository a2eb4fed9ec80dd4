"""``consoleme demo``: the whole product on embedded defaults, in one command.

A local AWS organization (moto server, seeded with stable ids), a private Redis, the SQLite store,
a Celery worker and beat, and the web server with development sign-in on loopback. Settings are
written to ``<data_dir>/demo-settings.yaml`` so the worker and beat processes read the same ones.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import yaml

from consoleme.config.models import LoggingSettings, Settings
from consoleme.logs import configure_logging
from consoleme.server import serve
from consoleme.store.redis_server import PrivateRedis

BANNER = """
  ConsoleMe demo is running at {url}

  Sign in: open the URL and pick a person (alice, bob, carol the admin, dave),
  or from a shell:
    curl -c jar -H 'Content-Type: application/json' \\
         -d '{{"user": "alice@example.com"}}' {url}/api/v2/auth/dev_login

  Local AWS organization (moto): {endpoint}  accounts: {accounts}
  The inventory appears within a minute. Data lives in {data_dir}. Stop with Ctrl-C.
"""

# moto needs some credentials; they never reach AWS because every call goes to the local server.
DEMO_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "demo",
    "AWS_SECRET_ACCESS_KEY": "demo",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def session_key(data_dir: Path) -> str:
    """A signing key kept in the data directory, so demo sessions survive a restart."""
    path = data_dir / "session-signing-key"
    if not path.is_file():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def demo_settings_data(
    port: int, data_dir: Path, redis_url: str | None, aws: dict[str, Any] | None
) -> dict[str, Any]:
    """Embedded defaults: loopback only, dev sign-in, SQLite, the given Redis and AWS."""
    data: dict[str, Any] = {
        "server": {"host": "127.0.0.1", "port": port, "data_dir": str(data_dir)},
        "auth": {"dev_mode": True, "session": {"signing_keys": [session_key(data_dir)]}},
        "store": {"backend": "sqlite"},
        "cache": {"redis_url": redis_url} if redis_url else {"start_private_redis": True},
        "logging": {"level": "WARNING", "json_format": False},
        # moto does not implement CloudTrail LookupEvents: every read would be an error.
        "plugins": {"disabled": ["cloudtrail_access_denied"]},
        # Shows an auto-approval: read-only access to what your team owns, for at most a day.
        "change_requests": {
            "auto_approve": [
                {
                    "name": "read-only-own-team-1-day",
                    "own_team_resources": True,
                    "read_only_actions": True,
                    "max_grant_hours": 24,
                }
            ]
        },
    }
    if aws is not None:
        data["aws"] = aws
    return data


@contextmanager
def _local_aws() -> Iterator[tuple[str, dict[str, Any], dict[str, str], str]]:
    """moto seeded as the demo organization, and a console sign-in stand-in in front of it."""
    from consoleme.aws.demo_federation import DemoFederation
    from consoleme.aws.demo_org import seed_demo_org, start_moto_server

    server, endpoint = start_moto_server()
    federation = DemoFederation(endpoint)
    try:
        org = seed_demo_org(endpoint)
        aws = org.aws_settings().model_dump(mode="json", exclude_none=True)
        federation.start()
        yield endpoint, aws, dict(org.accounts), federation.url
    finally:
        federation.stop()
        server.stop()


@contextmanager
def _children(config: Path, data_dir: Path) -> Iterator[None]:
    processes = []
    env = {**os.environ, **DEMO_AWS_ENV}
    try:
        for role in ("worker", "beat"):
            log = open(data_dir / f"{role}.log", "ab")  # noqa: SIM115 - handed to the child
            command = [sys.executable, "-m", "consoleme", "-c", str(config), role]
            processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=log))
            log.close()
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def run_demo(port: int, data_dir: Path) -> int:
    """Start everything, serve until Ctrl-C, stop everything."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(DEMO_AWS_ENV)
    configure_logging(LoggingSettings(level="WARNING", json_format=False))
    # The local AWS server logs every request (and a traceback for each API moto lacks).
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
    with ExitStack() as stack:
        redis = PrivateRedis(data_dir / "redis")
        redis.start()
        stack.callback(redis.stop)
        endpoint, aws, accounts, federation_url = stack.enter_context(_local_aws())
        data = demo_settings_data(port, data_dir, redis.url, aws)
        data["access"] = {"console": {"federation_url": federation_url}}
        config = data_dir / "demo-settings.yaml"
        config.write_text(yaml.safe_dump(data, sort_keys=False))
        config.chmod(0o600)
        settings = Settings.model_validate(data)
        stack.enter_context(_children(config, data_dir))
        names = ", ".join(sorted(accounts))
        banner = BANNER.format(
            url=f"http://127.0.0.1:{port}", endpoint=endpoint, accounts=names, data_dir=data_dir
        )
        asyncio.run(_serve_and_announce(settings, banner))
    print("ConsoleMe demo stopped.", file=sys.stderr)
    return 0


async def _serve_and_announce(settings: Settings, banner: str) -> None:
    ready = asyncio.Event()

    async def announce() -> None:
        await ready.wait()
        print(banner, flush=True)

    announcer = asyncio.create_task(announce())
    try:
        await serve(settings, ready)
    finally:
        announcer.cancel()
