"""Fixtures of the role access tests: the demo organization's roles in the inventory cache, a
recording proxy in front of moto (to see exactly what we sent to STS), and a local federation
endpoint that checks the Session JSON it receives.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import boto3
import httpx
import pytest
import pytest_asyncio
import tornado.httpserver
import tornado.web

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.hub import AwsHub
from consoleme.aws.iam_read import read_roles
from consoleme.config.models import AwsSettings
from consoleme.domain.inventory import Account, Role
from consoleme.store.inventory_cache import InventoryCache
from consoleme.testing import RunningApi, make_test_settings, self_signed_certificate, start_api


@dataclass(frozen=True)
class OrgRoles:
    """The demo organization's roles, read once per session, and its accounts."""

    org: DemoOrg
    roles: dict[str, list[Role]]  # account id -> roles
    accounts: list[Account]

    def arn(self, account: str, role: str) -> str:
        return f"arn:aws:iam::{self.org.accounts[account]}:role/{role}"


async def _read_all(settings: AwsSettings, org: DemoOrg) -> dict[str, list[Role]]:
    async with AwsHub(settings) as hub:
        ids = list(org.accounts.values())
        found = await asyncio.gather(*(read_roles(hub, i) for i in ids))
    return dict(zip(ids, found, strict=True))


@pytest.fixture(scope="session")
def org_roles(aws_org: DemoOrg, aws_settings: AwsSettings) -> OrgRoles:
    roles = asyncio.run(_read_all(aws_settings, aws_org))
    accounts = [
        Account(
            id=account_id,
            name=name,
            environment=name,
            status="ACTIVE",
            ou_path="",
            tags={},
            source="config",
        )
        for name, account_id in aws_org.accounts.items()
    ]
    return OrgRoles(aws_org, roles, accounts)


async def load_inventory(api: RunningApi, org_roles: OrgRoles) -> None:
    """Put the organization's roles and accounts into the API's inventory cache."""
    inventory = InventoryCache(api.services.cache)
    await inventory.set_accounts(org_roles.accounts)
    for account_id, roles in org_roles.roles.items():
        await inventory.replace_part(account_id, "iam_role", list(roles))  # type: ignore[arg-type]
    # The process's search index follows Redis on a timer; catch up now.
    await api.services.inventory.search.sync_once()


@pytest_asyncio.fixture
async def access_api_factory(
    tmp_path: Path, redis_url: str, aws_settings: AwsSettings, org_roles: OrgRoles
) -> AsyncIterator[Any]:
    """``await factory(**sections)``: a running API on the demo organization with its
    inventory loaded; ``sections`` override settings as in ``make_test_settings``."""
    running: list[tuple[RunningApi, Any]] = []

    async def start(**sections: Any) -> RunningApi:
        sections.setdefault("aws", aws_settings)
        directory = tmp_path / f"api{len(running)}"
        api, server = await start_api(make_test_settings(directory, redis_url, **sections))
        running.append((api, server))
        await load_inventory(api, org_roles)
        return api

    yield start
    for api, server in running:
        server.stop()
        await server.close_all_connections()
        await api.services.close()


@pytest_asyncio.fixture
async def access_api(access_api_factory: Any) -> RunningApi:
    """The API on the demo organization, default access settings."""
    api: RunningApi = await access_api_factory()
    return api


def caller_identity(credentials: dict[str, Any], endpoint_url: str) -> dict[str, Any]:
    """sts:GetCallerIdentity made WITH ``credentials`` (weep's ``Credentials`` object)."""
    client = boto3.client(
        "sts",
        region_name="us-east-1",
        endpoint_url=endpoint_url,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    try:
        return dict(client.get_caller_identity())
    finally:
        client.close()


# --- a recording proxy in front of moto --------------------------------------------------------


@dataclass
class RecordingProxy:
    """Forwards every request to moto and keeps what was sent (form-decoded bodies)."""

    url: str
    requests: list[dict[str, list[str]]] = field(default_factory=list)

    def calls(self, action: str) -> list[dict[str, str]]:
        """The requests of ``action`` (e.g. AssumeRole), each as a flat parameter dict."""
        return [
            {k: v[0] for k, v in r.items()}
            for r in self.requests
            if r.get("Action", [""])[0] == action
        ]


class _ProxyHandler(tornado.web.RequestHandler):
    def initialize(self, target: str, record: RecordingProxy, http: httpx.AsyncClient) -> None:
        self.target = target
        self.record = record
        self.http = http

    async def _forward(self) -> None:
        body = self.request.body
        if body:
            self.record.requests.append(parse_qs(body.decode(), keep_blank_values=True))
        headers = {k: v for k, v in self.request.headers.items() if k.lower() != "host"}
        answer = await self.http.request(
            self.request.method or "GET",
            self.target + self.request.uri,
            content=body,
            headers=headers,
        )
        self.set_status(answer.status_code)
        for name in ("Content-Type", "x-amzn-RequestId"):
            if name in answer.headers:
                self.set_header(name, answer.headers[name])
        self.finish(answer.content)

    async def get(self, _: str) -> None:
        await self._forward()

    async def post(self, _: str) -> None:
        await self._forward()


def _listen(app: tornado.web.Application) -> tuple[tornado.httpserver.HTTPServer, int]:
    server = tornado.httpserver.HTTPServer(app)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.setblocking(False)
    server.add_sockets([sock])
    return server, sock.getsockname()[1]


@pytest_asyncio.fixture
async def sts_recorder(aws_org: DemoOrg) -> AsyncIterator[RecordingProxy]:
    """A proxy to moto that records every AWS request body (point ``aws.endpoint_url`` here)."""
    async with httpx.AsyncClient(timeout=30) as http:
        record = RecordingProxy(url="")
        app = tornado.web.Application(
            [
                (
                    r"/(.*)",
                    _ProxyHandler,
                    {"target": aws_org.endpoint_url, "record": record, "http": http},
                )
            ]
        )
        server, port = _listen(app)
        record.url = f"http://127.0.0.1:{port}"
        yield record
        server.stop()


# --- a federation endpoint ---------------------------------------------------------------------


@dataclass
class FederationEndpoint:
    """A local stand-in for https://signin.aws.amazon.com/federation."""

    url: str
    sessions: list[dict[str, str]] = field(default_factory=list)
    durations: list[str] = field(default_factory=list)


class _FederationHandler(tornado.web.RequestHandler):
    def initialize(self, endpoint: FederationEndpoint) -> None:
        self.endpoint = endpoint

    def get(self) -> None:
        if self.get_query_argument("Action") != "getSigninToken":
            raise tornado.web.HTTPError(400)
        session = json.loads(self.get_query_argument("Session"))
        if set(session) != {"sessionId", "sessionKey", "sessionToken"} or not all(
            isinstance(v, str) and v for v in session.values()
        ):
            raise tornado.web.HTTPError(400, "bad Session JSON")
        self.endpoint.sessions.append(session)
        self.endpoint.durations.append(self.get_query_argument("SessionDuration", ""))
        self.set_header("Content-Type", "application/json")
        self.finish({"SigninToken": f"token-{len(self.endpoint.sessions)}"})


@pytest_asyncio.fixture
async def federation_endpoint() -> AsyncIterator[FederationEndpoint]:
    endpoint = FederationEndpoint(url="")
    app = tornado.web.Application([(r"/federation", _FederationHandler, {"endpoint": endpoint})])
    server, port = _listen(app)
    endpoint.url = f"http://127.0.0.1:{port}/federation"
    yield endpoint
    server.stop()


@dataclass
class TlsFederationEndpoint(FederationEndpoint):
    ca_bundle: Path = Path()


@pytest_asyncio.fixture
async def tls_federation_endpoint(tmp_path: Path) -> AsyncIterator[TlsFederationEndpoint]:
    """The federation stand-in over https with a self-signed certificate (``ca_bundle``)."""
    import ssl

    cert, key = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    endpoint = TlsFederationEndpoint(url="", ca_bundle=cert)
    app = tornado.web.Application([(r"/federation", _FederationHandler, {"endpoint": endpoint})])
    server = tornado.httpserver.HTTPServer(app, ssl_options=context)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    server.add_sockets([sock])
    endpoint.url = f"https://127.0.0.1:{sock.getsockname()[1]}/federation"
    yield endpoint
    server.stop()
