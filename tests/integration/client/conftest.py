"""Fixtures of the ``cme`` tests: the real ``cme`` console script run as a subprocess with its own
HOME, signed in through the real challenge flow (approved by a browser-like client), against a
running ConsoleMe on the demo organization (``access_api``), backed by moto server.

The API runs inside the test's event loop, so subprocesses are awaited with asyncio and blocking
botocore calls run in a thread.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest_asyncio

from consoleme.testing import RunningApi
from tests.integration.access.conftest import (  # noqa: F401  (fixtures used here too)
    access_api,
    access_api_factory,
    federation_endpoint,
    org_roles,
)
from tests.integration.access.weep import ALICE

CME = str(Path(sys.executable).parent / "cme")
CALLER_IDENTITY = str(Path(__file__).parent / "caller_identity.py")
_URL = re.compile(r"(https?://\S+/challenge_validator/[A-Za-z0-9_-]+)")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def cme_environment(home: Path, url: str, user: str = ALICE) -> dict[str, str]:
    """A clean environment for ``cme``: its own HOME, the server, no browser, fast polling."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "HOME": str(home),
            "CME_URL": url,
            "CME_USER": user,
            "CME_OPEN_BROWSER": "never",
            "CME_POLL_INTERVAL": "0.1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return env


async def run(env: dict[str, str], *args: str, command: str = CME) -> Result:
    """Run a command (``cme`` by default) to completion without blocking the event loop."""
    process = await asyncio.create_subprocess_exec(
        command,
        *args,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return Result(process.returncode, out.decode(), err.decode())


async def approve(api: RunningApi, user: str, challenge_url: str) -> None:
    """What the person does in the browser: sign in, open the challenge page, approve."""
    token = challenge_url.rsplit("/", 1)[1]
    async with api.client() as browser:
        await api.sign_in(browser, user)
        shown = await browser.get(f"/api/v2/challenge_validator/{token}")
        assert shown.status_code == 200, shown.text
        approved = await browser.post(
            f"/api/v2/challenge_validator/{token}",
            json={"nonce": shown.json()["nonce"]},
            headers=api.xsrf_headers(browser),
        )
        assert approved.status_code == 200, approved.text


async def login(api: RunningApi, env: dict[str, str], user: str = ALICE) -> Result:
    """``cme login``, approving the challenge it prints."""
    process = await asyncio.create_subprocess_exec(
        CME,
        "login",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    first = (await asyncio.wait_for(process.stderr.readline(), 30)).decode()
    found = _URL.search(first)
    assert found, first
    await approve(api, user, found.group(1))
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode is not None
    return Result(process.returncode, out.decode(), first + err.decode())


@dataclass
class SignedIn:
    """A HOME where ``cme`` is signed in to ``api`` as alice."""

    api: RunningApi
    home: Path
    env: dict[str, str]

    async def cme(self, *args: str) -> Result:
        return await run(self.env, *args)


@pytest_asyncio.fixture
async def signed_in(access_api: RunningApi, tmp_path: Path) -> SignedIn:  # noqa: F811
    home = tmp_path / "home"
    home.mkdir()
    env = cme_environment(home, access_api.url)
    result = await login(access_api, env)
    assert result.code == 0, result.stderr
    return SignedIn(access_api, home, env)


@dataclass
class Served:
    """A running ``cme serve``: its port and the environment lines it printed."""

    port: int
    exports: dict[str, str]
    process: asyncio.subprocess.Process
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


_EXPORT = re.compile(r"^export (?P<name>[A-Z0-9_]+)=(?P<value>\S+)$")


def _export(line: str) -> tuple[str, str] | None:
    """``(name, value)`` of an ``export NAME=VALUE`` line (shell quoting undone)."""
    found = _EXPORT.match(line)
    if found is None:
        return None
    return found.group("name"), shlex.split(found.group("value"))[0]


async def start_serve(signed: SignedIn, *args: str) -> Served:
    """``cme serve --port 0 ARGS``; returns once it printed its environment lines."""
    log = signed.home / f"serve-{len(list(signed.home.glob('serve-*')))}.log"
    with open(log, "wb") as err:  # noqa: ASYNC230 (a local file, once)
        process = await asyncio.create_subprocess_exec(
            CME,
            "serve",
            "--port",
            "0",
            *args,
            env=signed.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=err,
        )
    assert process.stdout is not None
    exports: dict[str, str] = {}
    while "AWS_CONTAINER_CREDENTIALS_FULL_URI" not in exports or (
        "AWS_CONTAINER_AUTHORIZATION_TOKEN" not in exports
        and "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" not in exports
    ):
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().strip()
        if not line:
            await process.wait()
            raise AssertionError(f"cme serve exited {process.returncode}: {log.read_text()}")
        found = _export(line)
        if found:
            exports[found[0]] = found[1]
    # The IMDS line follows at once when a role was given.
    if args and not args[0].startswith("-"):
        line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().strip()
        found = _export(line)
        assert found, line
        exports[found[0]] = found[1]
    port = int(exports["AWS_CONTAINER_CREDENTIALS_FULL_URI"].split(":")[2].split("/")[0])
    return Served(port, exports, process, log)


async def stop_serve(served: Served) -> None:
    if served.process.returncode is None:
        served.process.terminate()
        await asyncio.wait_for(served.process.wait(), 10)


@pytest_asyncio.fixture
async def serving(signed_in: SignedIn) -> AsyncIterator[Any]:
    """``await serving(*args)`` starts ``cme serve``; all are stopped after the test."""
    started: list[Served] = []

    async def start(*args: str) -> Served:
        served = await start_serve(signed_in, *args)
        started.append(served)
        return served

    yield start
    for served in started:
        await stop_serve(served)


async def caller_identity(env: dict[str, str], endpoint_url: str) -> Result:
    """``sts:GetCallerIdentity`` by a fresh Python process using botocore's default credential
    chain under ``env`` (so only the provider ``env`` points at can supply credentials)."""
    return await run(env, CALLER_IDENTITY, endpoint_url, command=sys.executable)


def botocore_environment(extra: dict[str, str]) -> dict[str, str]:
    """An environment with no AWS credentials, config or profile: only ``extra`` counts."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
    )
    env.update(extra)
    return env
