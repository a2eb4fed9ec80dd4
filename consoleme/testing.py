"""Pytest plugin with fixtures for real parts: Redis, a moto server, stores, the API, a
certificate for TLS stand-ins on loopback.

Registered through the ``pytest11`` entry point, so plugin authors get the same fixtures.
Fixtures are named after what they provide and start nothing unless a test asks for them.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from consoleme.aws.testing import (  # noqa: F401  (AWS fixtures, re-exported for pytest)
    aws_iam_enforced,
    aws_org,
    aws_settings,
    hub,
)
from consoleme.store.protocol import Store
from consoleme.store.redis_server import PrivateRedis
from consoleme.store.testing import dynamodb_settings  # noqa: F401  (re-exported for pytest)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a real redis-server started for this test session (DB 0; tests flush it)."""
    server = PrivateRedis(Path(tmp_path_factory.mktemp("redis")))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """``endpoint_url`` of a moto server (ThreadedMotoServer) on a free loopback port."""
    from moto.server import ThreadedMotoServer

    from consoleme.store.redis_server import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


# A loopback port nothing listens on (discard): tests without a local AWS fail fast there.
NO_AWS_ENDPOINT = "http://127.0.0.1:9"


def make_test_settings(data_dir: Path, redis_url: str, **sections: Any) -> Any:
    """Settings for an in-process server: dev sign-in, SQLite under ``data_dir``, given Redis.

    ``sections`` override whole sections or keys, e.g. ``auth={"dev_mode": False}``.
    """
    from consoleme.config.models import Settings

    base: dict[str, Any] = {
        "server": {"host": "127.0.0.1", "port": 0, "data_dir": str(data_dir)},
        "auth": {"dev_mode": True, "session": {"signing_keys": ["k" * 40]}},
        "cache": {"redis_url": redis_url, "key_prefix": f"test{time.monotonic_ns()}:"},
        "logging": {"json_format": True, "level": "WARNING"},
        "aws": {"endpoint_url": NO_AWS_ENDPOINT},
    }
    for name, value in sections.items():
        if isinstance(value, dict) and isinstance(base.get(name), dict):
            base[name] = {**base[name], **value}
        else:
            base[name] = value
    return Settings.model_validate(base)


@dataclass
class RunningApi:
    """An application served on a loopback port inside the test's event loop."""

    url: str
    services: Any

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        """A fresh client (its own cookie jar) pointed at the server."""
        return httpx.AsyncClient(base_url=self.url, timeout=10, **kwargs)

    async def sign_in(
        self, client: httpx.AsyncClient, user: str, groups: list[str] | None = None
    ) -> None:
        """Development sign-in; afterwards ``client`` carries the session and XSRF cookies."""
        body: dict[str, Any] = {"user": user}
        if groups is not None:
            body["groups"] = groups
        answer = await client.post("/api/v2/auth/dev_login", json=body)
        assert answer.status_code == 200, answer.text

    @staticmethod
    def xsrf_headers(client: httpx.AsyncClient) -> dict[str, str]:
        return {"X-Xsrftoken": client.cookies.get("_xsrf") or ""}


async def start_api(settings: Any, extra_plugins: Any = ()) -> tuple[RunningApi, Any]:
    """Start services and an HTTP server for ``settings``; returns the API and the server."""
    import tornado.httpserver

    from consoleme.app import make_app
    from consoleme.services import start_services

    services = await start_services(settings, extra_plugins)
    app = make_app(services)
    server = tornado.httpserver.HTTPServer(app, max_body_size=settings.server.max_body_bytes)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.setblocking(False)
    server.add_sockets([sock])
    port = sock.getsockname()[1]
    return RunningApi(url=f"http://127.0.0.1:{port}", services=services), server


@pytest_asyncio.fixture
async def api(tmp_path: Path, redis_url: str) -> AsyncIterator[RunningApi]:
    """The real application (dev sign-in, SQLite, real Redis) on a free loopback port."""
    running, server = await start_api(make_test_settings(tmp_path, redis_url))
    try:
        yield running
    finally:
        server.stop()
        await server.close_all_connections()
        await running.services.close()


@dataclass
class LiveServer:
    """``consoleme serve`` running as its own process."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path


def wait_healthy(
    url: str, process: subprocess.Popen[bytes], logs: Callable[[], str], timeout: float = 30
) -> None:
    """Wait until ``process`` answers ``/healthcheck`` at ``url``; fail with its ``logs()``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{logs()}")
        try:
            if httpx.get(url + "/healthcheck", timeout=0.5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"server not healthy in {timeout}s:\n{logs()}")


@contextmanager
def consoleme_process(
    args: list[str], env: dict[str, str], log_path: Path, url: str
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m consoleme ARGS`` logging to ``log_path``, healthy at ``url``; stopped after."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "consoleme", *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_healthy(url, process, lambda: log_path.read_text()[-3000:])
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def self_signed_certificate(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for the IP ``host`` and its key, as PEM files in ``directory``
    (``cert.pem``, ``key.pem``): a TLS stand-in serves them, the client under test trusts the
    certificate file as its CA bundle. Valid for an hour."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def loopback_certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (PEM files; see
    :func:`self_signed_certificate`)."""
    return self_signed_certificate(tmp_path)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[LiveServer]:
    """``consoleme serve`` in dev mode as a subprocess (for browser tests)."""
    from consoleme.store.redis_server import free_port

    data_dir = Path(tmp_path_factory.mktemp("live"))
    port = free_port()
    env = {
        "CONSOLEME__SERVER__PORT": str(port),
        "CONSOLEME__SERVER__DATA_DIR": str(data_dir),
        "CONSOLEME__AUTH__DEV_MODE": "true",
        "CONSOLEME__CACHE__REDIS_URL": redis_url,
        "CONSOLEME__CACHE__KEY_PREFIX": "live:",
        # No test may reach real AWS: without a local AWS, every AWS call fails at once.
        "CONSOLEME__AWS__ENDPOINT_URL": NO_AWS_ENDPOINT,
    }
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    with consoleme_process(["serve"], {**os.environ, **env}, log_path, url) as process:
        yield LiveServer(url=url, process=process, log_path=log_path)


@pytest_asyncio.fixture(params=["sqlite", "dynamodb"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """An open, empty store of record, once per backend (test ids ``sqlite``, ``dynamodb``).

    SQLite: a fresh file under ``tmp_path``. DynamoDB: a fresh table on the session's moto server
    (the moto server only starts when a DynamoDB variant runs).
    """
    from consoleme.store.dynamodb import DynamoStore
    from consoleme.store.sqlite import SqliteStore

    backend: Store
    if request.param == "sqlite":
        backend = SqliteStore(tmp_path / "consoleme.db")
    else:
        backend = DynamoStore(request.getfixturevalue("dynamodb_settings"))
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no downloaded browser).

    Module scope: Playwright's sync API keeps an event loop running while it is open, which
    would collide with the asyncio tests that run after the browser tests.
    """
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CONSOLEME_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Where browser tests save screenshots (``test-results/screenshots``)."""
    path = Path(os.environ.get("CONSOLEME_SCREENSHOTS", "test-results/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- OpenID provider -------------------------------------------------------------------------

OIDC_TEST_ACCOUNTS: dict[str, list[str]] = {
    "alice@example.com": ["engineering"],
    "bob@example.com": ["data-science"],
    "carol@example.com": ["security", "consoleme-admins"],
}


@dataclass(frozen=True)
class OidcTestProvider:
    """A running test OpenID provider and the confidential client registered at it.

    Also registered: ``<client_id>-post`` (client_secret_post, same secret) and
    ``<client_id>-public`` (no secret). ``signing_jwk`` is the private key the provider signs ID
    tokens with, so tests can mint tokens that only differ from real ones where they mean to.
    """

    issuer: str
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    signing_jwk: dict[str, Any]
    accounts: dict[str, list[str]]

    @property
    def kid(self) -> str:
        return str(self.signing_jwk["kid"])

    def sign(self, claims: dict[str, Any], headers: dict[str, Any] | None = None) -> str:
        """``claims`` as an RS256 JWT signed with the provider's own key (and its kid)."""
        import jwt

        key = jwt.PyJWK(self.signing_jwk, algorithm="RS256")
        return jwt.encode(
            claims, key, algorithm="RS256", headers={"kid": self.kid, **(headers or {})}
        )


def oidc_provider_dir(root: Path) -> Path:
    """``tests/oidc_provider`` of the checkout (``CONSOLEME_OIDC_PROVIDER_DIR`` overrides)."""
    override = os.environ.get("CONSOLEME_OIDC_PROVIDER_DIR")
    for candidate in (override, root / "tests" / "oidc_provider"):
        if candidate and (Path(candidate) / "provider.mjs").is_file():
            return Path(candidate)
    raise RuntimeError(f"no tests/oidc_provider/provider.mjs under {root}")


def _rsa_signing_jwk() -> dict[str, Any]:
    import secrets

    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(key, as_dict=True)
    return {**jwk, "kid": secrets.token_hex(8), "use": "sig"}


class OidcProviderProcess:
    """``node provider.mjs`` (npm oidc-provider) on loopback; :meth:`start`, then :meth:`stop`.

    ``issuer`` defaults to ``http://127.0.0.1:<port>``; give another URL only when a reverse
    proxy that keeps the Host header forwards that URL to ``port``. ``thin_id_tokens``: ID
    tokens carry only ``sub`` (e-mail and groups then come from userinfo).
    """

    def __init__(
        self,
        directory: Path,
        log_dir: Path,
        *,
        redirect_uris: list[str],
        port: int | None = None,
        issuer: str | None = None,
        thin_id_tokens: bool = False,
    ) -> None:
        from consoleme.store.redis_server import free_port

        self.directory = directory
        self.log_dir = log_dir
        self.port = port or free_port()
        self.issuer = issuer or f"http://127.0.0.1:{self.port}"
        self.redirect_uris = redirect_uris
        self.thin_id_tokens = thin_id_tokens
        self._process: subprocess.Popen[bytes] | None = None

    def _install(self) -> None:
        if (self.directory / "node_modules").is_dir():
            return
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=self.directory,
            check=True,
            capture_output=True,
            timeout=600,
        )

    def start(self, timeout: float = 30.0) -> OidcTestProvider:
        import json
        import secrets

        self._install()
        info = OidcTestProvider(
            issuer=self.issuer,
            client_id="consoleme",
            client_secret=secrets.token_urlsafe(24),
            redirect_uris=tuple(self.redirect_uris),
            signing_jwk=_rsa_signing_jwk(),
            accounts=OIDC_TEST_ACCOUNTS,
        )
        env = {
            **os.environ,
            "OIDC_PORT": str(self.port),
            "OIDC_ISSUER": info.issuer,
            "OIDC_CLIENT_ID": info.client_id,
            "OIDC_CLIENT_SECRET": info.client_secret,
            "OIDC_REDIRECT_URIS": ",".join(info.redirect_uris),
            "OIDC_SIGNING_JWK": json.dumps(info.signing_jwk),
            "OIDC_ACCOUNTS": json.dumps(info.accounts),
            "OIDC_CONFORM_ID_TOKEN_CLAIMS": "1" if self.thin_id_tokens else "0",
        }
        self.log_dir.mkdir(parents=True, exist_ok=True)
        out_path, err_path = self.log_dir / "stdout.log", self.log_dir / "stderr.log"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            self._process = subprocess.Popen(
                ["node", "provider.mjs"], cwd=self.directory, env=env, stdout=out, stderr=err
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if f"READY {info.issuer}" in out_path.read_text():
                return info
            if self._process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oidc provider did not start:\n{err_path.read_text()[-3000:]}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def oidc_redirect_uri() -> str:
    """The callback URL registered at ``oidc_provider``: a ConsoleMe under test listens there."""
    from consoleme.store.redis_server import free_port

    return f"http://127.0.0.1:{free_port()}/auth/oidc/callback"


@pytest.fixture(scope="session")
def oidc_provider(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    oidc_redirect_uri: str,
) -> Iterator[OidcTestProvider]:
    """A real OpenID provider (npm oidc-provider, ``tests/oidc_provider``) on a free port.

    Runs ``npm ci`` first when ``node_modules`` is missing. Log in by POSTing ``login=<user>`` to
    ``<interaction page>/login`` and consent by POSTing to ``<interaction page>/confirm``.
    """
    process = OidcProviderProcess(
        oidc_provider_dir(request.config.rootpath),
        Path(tmp_path_factory.mktemp("oidc-provider")),
        redirect_uris=[oidc_redirect_uri],
    )
    info = process.start()
    try:
        yield info
    finally:
        process.stop()
