"""OpenID Connect sign-in against a real provider process (npm oidc-provider).

How the provider is driven: ``tests/oidc_provider/provider.mjs`` runs as a subprocess
(``oidc_provider`` fixture). The test plays the browser with one httpx cookie jar: GET
/auth/oidc/login on the ConsoleMe served in-process, follow the redirects to the provider's
interaction page, POST the login form, POST the consent, and carry the provider's redirect back
to our callback. Nothing of ConsoleMe is faked.

Bad ID tokens through the HTTP callback: a provider only ever returns good tokens, so a second
provider process sits behind ``TokenInterceptor``, a small real reverse proxy (its URL is that
provider's issuer). It passes everything through unchanged, except that, when armed, it rewrites
the ``id_token`` in the token endpoint's answer (payload changed with the signature kept, alg
"none", or claims re-signed with the provider's own key). ConsoleMe then receives the bad token
exactly as it would from a compromised or misbehaving network path. That second provider issues
thin ID tokens (only ``sub``, its default), so it also covers the userinfo fallback.

Checks of single claims are also run directly against ``core.oidc.check_id_token`` with the
first provider's real JWKS, tokens minted with its own signing key.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from http.cookiejar import CookieJar, DefaultCookiePolicy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
import tornado.httpserver
from cryptography.hazmat.primitives.asymmetric import rsa

from consoleme.app import make_app
from consoleme.core.oidc import BINDING_COOKIE, check_id_token
from consoleme.core.oidc_provider import OidcProvider, open_http_client
from consoleme.core.oidc_tokens import IdTokenExpectations, new_secret, state_binding
from consoleme.errors import Unauthenticated
from consoleme.services import start_services
from consoleme.store.cache import Cache
from consoleme.store.redis_server import free_port
from consoleme.testing import (
    OidcProviderProcess,
    OidcTestProvider,
    RunningApi,
    make_test_settings,
    oidc_provider_dir,
)

pytestmark = pytest.mark.integration

Rewrite = Callable[[str], str]


# --- the in-process ConsoleMe -----------------------------------------------------------------


@asynccontextmanager
async def serve_consoleme(
    tmp_path: Path,
    redis_url: str,
    provider: OidcTestProvider,
    callback: str,
    **oidc: Any,
) -> AsyncIterator[RunningApi]:
    """ConsoleMe with OIDC sign-in only, listening where ``callback`` (registered URI) points."""
    port = urlsplit(callback).port
    assert port is not None
    settings = {
        "enabled": True,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "scopes": ["openid", "email", "profile", "groups"],
        **oidc,
    }
    config = make_test_settings(
        tmp_path,
        redis_url,
        server={"port": port, "public_url": f"http://127.0.0.1:{port}"},
        auth={"dev_mode": False, "oidc": settings},
    )
    services = await start_services(config)
    server = tornado.httpserver.HTTPServer(make_app(services))
    server.listen(port, address="127.0.0.1")
    try:
        yield RunningApi(url=f"http://127.0.0.1:{port}", services=services)
    finally:
        server.stop()
        await server.close_all_connections()
        await services.close()


@pytest.fixture
async def app(
    tmp_path: Path, redis_url: str, oidc_provider: OidcTestProvider, oidc_redirect_uri: str
) -> AsyncIterator[RunningApi]:
    async with serve_consoleme(tmp_path, redis_url, oidc_provider, oidc_redirect_uri) as running:
        yield running


# --- the browser ------------------------------------------------------------------------------


async def follow(browser: httpx.AsyncClient, response: httpx.Response, stop: str) -> Any:
    """Follow redirects like a browser; a redirect to a URL starting with ``stop`` is returned
    (as a string) instead of followed. Otherwise the final response."""
    while response.is_redirect:
        target = str(response.url.join(response.headers["location"]))
        if target.startswith(stop):
            return target
        response = await browser.get(target)
    return response


async def provider_page(browser: httpx.AsyncClient, app_url: str, next_path: str = "/") -> Any:
    """Begin sign-in at ConsoleMe and arrive at the provider's sign-in page."""
    begun = await browser.get(f"{app_url}/auth/oidc/login", params={"next": next_path})
    assert begun.status_code == 302, begun.text
    page = await follow(browser, begun, app_url)
    assert isinstance(page, httpx.Response), page
    assert page.status_code == 200, page.text
    assert "/interaction/" in str(page.url)
    return page


async def callback_from_provider(
    browser: httpx.AsyncClient, app_url: str, user: str = "alice@example.com", next_path: str = "/"
) -> str:
    """Sign in at the provider as ``user`` and consent: the callback URL it sends us back to
    (not yet requested)."""
    page = await provider_page(browser, app_url, next_path)
    consent = await follow(
        browser, await browser.post(f"{page.url}/login", data={"login": user}), app_url
    )
    assert isinstance(consent, httpx.Response), consent
    assert "Allow" in consent.text, consent.text
    callback = await follow(browser, await browser.post(f"{consent.url}/confirm"), app_url)
    assert isinstance(callback, str)
    assert callback.startswith(f"{app_url}/auth/oidc/callback")
    return callback


async def profile(browser: httpx.AsyncClient, app_url: str) -> dict[str, Any]:
    answer = await browser.get(f"{app_url}/api/v2/user_profile")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def refusal(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert ``answer`` is our JSON error with ``status`` and ``code``; the body."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    assert body["code"] == code, body
    assert "Traceback" not in answer.text
    return body


# --- round trips --------------------------------------------------------------------------------


async def test_round_trip_signs_alice_in_with_her_groups(app: RunningApi) -> None:
    async with httpx.AsyncClient(timeout=10) as browser:
        callback = await callback_from_provider(browser, app.url, next_path="/requests?mine=1")
        query = parse_qs(urlsplit(callback).query)
        assert query["iss"] == [app.services.settings.auth.oidc.issuer]
        answer = await browser.get(callback)
        assert answer.status_code == 302, answer.text
        assert answer.headers["location"] == "/requests?mine=1"
        set_cookies = answer.headers.get_list("set-cookie")
        session = [c for c in set_cookies if c.startswith("consoleme_session=")]
        assert session
        assert "HttpOnly" in session[0]
        assert any(c.startswith(f'{BINDING_COOKIE}=""') for c in set_cookies), set_cookies
        me = await profile(browser, app.url)
    assert me["user"] == "alice@example.com"
    assert me["groups"] == ["engineering"]
    assert me["auth_method"] == "oidc"
    assert me["is_admin"] is False


async def test_login_redirect_carries_pkce_state_and_nonce(
    app: RunningApi, oidc_provider: OidcTestProvider, oidc_redirect_uri: str
) -> None:
    async with httpx.AsyncClient(timeout=10) as browser:
        answer = await browser.get(f"{app.url}/auth/oidc/login")
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(f"{oidc_provider.issuer}/auth?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == oidc_provider.client_id
    assert query["redirect_uri"] == oidc_redirect_uri
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 43
    assert len(query["nonce"]) >= 43
    binding = answer.headers["set-cookie"]
    assert binding.startswith(f"{BINDING_COOKIE}={state_binding(query['state'])};")
    assert "HttpOnly" in binding
    assert "Max-Age=600" in binding
    assert "SameSite=Lax" in binding


@pytest.mark.parametrize(
    ("suffix", "secret", "token_auth"),
    [("-post", True, "client_secret_post"), ("-public", False, "auto")],
    ids=["client_secret_post", "public_client"],
)
async def test_round_trip_other_client_authentications(
    tmp_path: Path,
    redis_url: str,
    oidc_provider: OidcTestProvider,
    oidc_redirect_uri: str,
    suffix: str,
    secret: bool,
    token_auth: str,
) -> None:
    extra = {
        "client_id": oidc_provider.client_id + suffix,
        "client_secret": oidc_provider.client_secret if secret else None,
        "token_auth": token_auth,
    }
    async with (
        serve_consoleme(tmp_path, redis_url, oidc_provider, oidc_redirect_uri, **extra) as app,
        httpx.AsyncClient(timeout=10) as browser,
    ):
        answer = await browser.get(
            await callback_from_provider(browser, app.url, "bob@example.com")
        )
        assert answer.status_code == 302, answer.text
        me = await profile(browser, app.url)
    assert (me["user"], me["groups"]) == ("bob@example.com", ["data-science"])


async def test_wrong_client_secret_is_refused_by_the_provider(
    tmp_path: Path, redis_url: str, oidc_provider: OidcTestProvider, oidc_redirect_uri: str
) -> None:
    async with (
        serve_consoleme(
            tmp_path, redis_url, oidc_provider, oidc_redirect_uri, client_secret="not-the-secret"
        ) as app,
        httpx.AsyncClient(timeout=10) as browser,
    ):
        answer = await browser.get(await callback_from_provider(browser, app.url))
    body = refusal(answer, 401, "oidc_code_rejected")
    assert "invalid_client" in body["message"]


# --- refusals at the callback -----------------------------------------------------------------


async def test_login_refuses_next_outside_the_site(app: RunningApi) -> None:
    async with httpx.AsyncClient(timeout=10) as browser:
        for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "x"):
            answer = await browser.get(f"{app.url}/auth/oidc/login", params={"next": target})
            refusal(answer, 400, "invalid_next")


async def test_provider_access_denied_is_a_clear_refusal(app: RunningApi) -> None:
    async with httpx.AsyncClient(timeout=10) as browser:
        page = await provider_page(browser, app.url)
        callback = await follow(browser, await browser.get(f"{page.url}/abort"), app.url)
        assert isinstance(callback, str)
        assert "error=access_denied" in callback
        answer = await browser.get(callback)
    body = refusal(answer, 401, "oidc_provider_error")
    assert body["details"]["error"] == "access_denied"
    assert "access_denied" in body["message"]


async def test_user_unknown_to_the_provider_is_refused(app: RunningApi) -> None:
    async with httpx.AsyncClient(timeout=10) as browser:
        page = await provider_page(browser, app.url)
        login = await browser.post(f"{page.url}/login", data={"login": "mallory@example.com"})
        callback = await follow(browser, login, app.url)
        assert isinstance(callback, str)
        answer = await browser.get(callback)
    body = refusal(answer, 401, "oidc_provider_error")
    assert body["details"] == {"error": "access_denied", "error_description": "unknown user"}


@pytest.mark.parametrize(
    ("issuer", "code"),
    [
        ("http://127.0.0.1:{dead}", "oidc_provider_unreachable"),
        ("{real}/", "oidc_discovery_failed"),
    ],
    ids=["unreachable", "issuer_mismatch"],
)
async def test_unusable_provider_is_a_json_503_at_login(
    tmp_path: Path,
    redis_url: str,
    oidc_provider: OidcTestProvider,
    oidc_redirect_uri: str,
    issuer: str,
    code: str,
) -> None:
    configured = issuer.format(dead=free_port(), real=oidc_provider.issuer)
    async with (
        serve_consoleme(
            tmp_path, redis_url, oidc_provider, oidc_redirect_uri, issuer=configured
        ) as app,
        httpx.AsyncClient(timeout=10) as browser,
    ):
        answer = await browser.get(f"{app.url}/auth/oidc/login")
    refusal(answer, 503, code)


async def test_replayed_state_is_refused(app: RunningApi) -> None:
    async with httpx.AsyncClient(timeout=10) as browser:
        callback = await callback_from_provider(browser, app.url)
        binding = browser.cookies[BINDING_COOKIE]
        assert (await browser.get(callback)).status_code == 302
        # Whoever captured the callback URL and the binding cookie replays both.
        async with httpx.AsyncClient(timeout=10, cookies={BINDING_COOKIE: binding}) as replay:
            answer = await replay.get(callback)
    refusal(answer, 401, "oidc_state_unknown")


async def test_unknown_state_is_refused(app: RunningApi) -> None:
    state = new_secret()
    cookies = {BINDING_COOKIE: state_binding(state)}
    async with httpx.AsyncClient(timeout=10, cookies=cookies) as browser:
        answer = await browser.get(
            f"{app.url}/auth/oidc/callback", params={"state": state, "code": "made-up"}
        )
    refusal(answer, 401, "oidc_state_unknown")


async def test_state_from_another_browser_is_refused(app: RunningApi) -> None:
    async with httpx.AsyncClient(timeout=10) as attacker:
        callback = await callback_from_provider(attacker, app.url)
        # The attacker hands their callback URL to a victim, whose browser never began a login.
        async with httpx.AsyncClient(timeout=10) as victim:
            answer = await victim.get(callback)
            refusal(answer, 403, "oidc_state_not_bound")
            assert "consoleme_session" not in victim.cookies
        # The refusal did not use up the login: the browser that began it can still finish.
        assert (await attacker.get(callback)).status_code == 302


async def test_callback_without_code_or_state_is_a_bad_request(app: RunningApi) -> None:
    async with httpx.AsyncClient(timeout=10) as browser:
        answer = await browser.get(f"{app.url}/auth/oidc/callback", params={"state": "x"})
    refusal(answer, 400, "oidc_bad_callback")


# --- bad ID tokens through the callback (second provider behind TokenInterceptor) ---------------


class TokenInterceptor:
    """A reverse proxy in front of a provider; when armed, rewrites the token endpoint's id_token.

    It keeps the Host header, so the provider behind it builds every URL with the proxy's
    address: the proxy's URL is the provider's issuer.
    """

    _HOP = frozenset(
        {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
    )

    def __init__(self, upstream_port: int) -> None:
        self.upstream = f"http://127.0.0.1:{upstream_port}"
        self.rewrite: Rewrite | None = None
        self.seen: list[str] = []
        # The browser's cookies pass through; the proxy must keep none of its own.
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        self._http = httpx.Client(timeout=10, cookies=no_cookies)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.forward(self)

            def do_POST(self) -> None:
                proxy.forward(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def forward(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in self._HOP]
        answer = self._http.request(
            request.command, self.upstream + request.path, headers=headers, content=body
        )
        content = answer.content
        if request.command == "POST" and request.path == "/token" and answer.status_code == 200:
            content = self._rewritten(content)
        request.send_response(answer.status_code)
        for name, value in answer.headers.multi_items():
            if name.lower() not in self._HOP:
                request.send_header(name, value)
        request.send_header("Content-Length", str(len(content)))
        request.end_headers()
        request.wfile.write(content)

    def _rewritten(self, content: bytes) -> bytes:
        tokens = json.loads(content)
        self.seen.append(tokens["id_token"])
        if self.rewrite is not None:
            tokens["id_token"] = self.rewrite(tokens["id_token"])
        return json.dumps(tokens).encode()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._http.close()


@pytest.fixture(scope="module")
def intercepted(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    oidc_redirect_uri: str,
) -> Iterator[tuple[OidcTestProvider, TokenInterceptor]]:
    """A second provider (thin ID tokens) whose issuer is the URL of a TokenInterceptor."""
    upstream_port = free_port()
    interceptor = TokenInterceptor(upstream_port)
    process = OidcProviderProcess(
        oidc_provider_dir(request.config.rootpath),
        Path(tmp_path_factory.mktemp("oidc-intercepted")),
        redirect_uris=[oidc_redirect_uri],
        port=upstream_port,
        issuer=interceptor.url,
        thin_id_tokens=True,
    )
    interceptor.start()
    try:
        info = process.start()
        yield info, interceptor
    finally:
        process.stop()
        interceptor.stop()


@pytest.fixture
async def intercepted_app(
    tmp_path: Path,
    redis_url: str,
    oidc_redirect_uri: str,
    intercepted: tuple[OidcTestProvider, TokenInterceptor],
) -> AsyncIterator[tuple[RunningApi, TokenInterceptor]]:
    provider, interceptor = intercepted
    async with serve_consoleme(tmp_path, redis_url, provider, oidc_redirect_uri) as running:
        try:
            yield running, interceptor
        finally:
            interceptor.rewrite = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def tamper(token: str) -> str:
    """Mallory's e-mail and the admin group in the payload; header and signature unchanged."""
    header, _, signature = token.split(".")
    claims = {**_claims(token), "email": "mallory@example.com", "groups": ["consoleme-admins"]}
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


def unsigned(token: str) -> str:
    """The same claims (plus Mallory's e-mail) with ``alg: none`` and no signature."""
    claims = {**_claims(token), "email": "mallory@example.com"}
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}."


async def test_userinfo_fills_claims_missing_from_a_thin_id_token(
    intercepted_app: tuple[RunningApi, TokenInterceptor],
) -> None:
    app, interceptor = intercepted_app
    async with httpx.AsyncClient(timeout=10) as browser:
        answer = await browser.get(await callback_from_provider(browser, app.url))
        assert answer.status_code == 302, answer.text
        me = await profile(browser, app.url)
    assert set(_claims(interceptor.seen[-1])) >= {"sub", "nonce"}
    assert "email" not in _claims(interceptor.seen[-1])
    assert (me["user"], me["groups"], me["auth_method"]) == (
        "alice@example.com",
        ["engineering"],
        "oidc",
    )


async def _callback_with(app: RunningApi, interceptor: TokenInterceptor, rewrite: Rewrite) -> Any:
    interceptor.rewrite = rewrite
    async with httpx.AsyncClient(timeout=10) as browser:
        answer = await browser.get(await callback_from_provider(browser, app.url))
        assert "consoleme_session" not in browser.cookies
        return answer


async def test_tampered_id_token_is_refused_at_the_callback(
    intercepted_app: tuple[RunningApi, TokenInterceptor],
) -> None:
    answer = await _callback_with(*intercepted_app, tamper)
    refusal(answer, 401, "oidc_token_signature")


async def test_alg_none_id_token_is_refused_at_the_callback(
    intercepted_app: tuple[RunningApi, TokenInterceptor],
) -> None:
    answer = await _callback_with(*intercepted_app, unsigned)
    refusal(answer, 401, "oidc_token_algorithm")


def _resigned(provider: OidcTestProvider, **changes: Any) -> Rewrite:
    """The provider's token with ``changes`` to its claims, signed again with its own key."""
    return lambda token: provider.sign({**_claims(token), **changes})


RESIGNED = {
    "expired": ({"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}, "expired"),
    "wrong_audience": ({"aud": "someone-else"}, "audience"),
    "wrong_issuer": ({"iss": "http://127.0.0.1:1"}, "issuer"),
    "wrong_nonce": ({"nonce": "not-the-nonce"}, "nonce"),
}


@pytest.mark.parametrize("case", RESIGNED, ids=list(RESIGNED))
async def test_resigned_id_token_with_a_bad_claim_is_refused_at_the_callback(
    intercepted_app: tuple[RunningApi, TokenInterceptor],
    intercepted: tuple[OidcTestProvider, TokenInterceptor],
    case: str,
) -> None:
    changes, check = RESIGNED[case]
    answer = await _callback_with(*intercepted_app, _resigned(intercepted[0], **changes))
    refusal(answer, 401, f"oidc_token_{check}")


async def test_id_token_signed_with_another_key_is_refused_at_the_callback(
    intercepted_app: tuple[RunningApi, TokenInterceptor],
    intercepted: tuple[OidcTestProvider, TokenInterceptor],
) -> None:
    kid = intercepted[0].kid
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def forged(token: str) -> str:
        return jwt.encode(_claims(token), other, algorithm="RS256", headers={"kid": kid})

    answer = await _callback_with(*intercepted_app, forged)
    refusal(answer, 401, "oidc_token_signature")


# --- single checks against core.oidc.check_id_token with the provider's real JWKS ---------------


@pytest.fixture
async def verify(
    oidc_provider: OidcTestProvider, redis_url: str, tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    """``await verify(token, nonce=...)``: core verification against the running provider."""
    config = make_test_settings(
        tmp_path,
        redis_url,
        auth={
            "oidc": {
                "enabled": True,
                "issuer": oidc_provider.issuer,
                "client_id": oidc_provider.client_id,
            }
        },
    )
    cache = Cache(redis_url, config.cache.key_prefix)
    async with open_http_client(config.auth.oidc) as http:
        provider = OidcProvider(config.auth.oidc, cache, http)
        meta = await provider.metadata()

        async def run(token: str, nonce: str = "n-1") -> dict[str, Any]:
            expect = IdTokenExpectations(
                issuer=oidc_provider.issuer,
                client_id=oidc_provider.client_id,
                nonce=nonce,
                leeway_seconds=config.auth.oidc.clock_skew_seconds,
            )
            return await check_id_token(provider, meta, token, expect)

        try:
            yield run
        finally:
            await cache.close()


def good_claims(provider: OidcTestProvider, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "sub": "alice@example.com",
        "aud": provider.client_id,
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "email": "alice@example.com",
    }
    return {**claims, **changes}


async def test_core_accepts_a_token_signed_with_the_provider_key(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    claims = await verify(oidc_provider.sign(good_claims(oidc_provider)))
    assert claims["email"] == "alice@example.com"


async def expect_refusal(check: Any, code: str) -> None:
    with pytest.raises(Unauthenticated) as refused:
        await check
    assert refused.value.code == code


async def test_core_refuses_a_tampered_token(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    token = tamper(oidc_provider.sign(good_claims(oidc_provider)))
    await expect_refusal(verify(token), "oidc_token_signature")


async def test_core_refuses_an_expired_token(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    now = int(time.time())
    token = oidc_provider.sign(good_claims(oidc_provider, iat=now - 900, exp=now - 300))
    await expect_refusal(verify(token), "oidc_token_expired")


async def test_core_accepts_expiry_within_the_leeway(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    now = int(time.time())
    token = oidc_provider.sign(good_claims(oidc_provider, iat=now - 900, exp=now - 30))
    assert (await verify(token))["sub"] == "alice@example.com"


async def test_core_refuses_a_token_for_another_audience(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    token = oidc_provider.sign(good_claims(oidc_provider, aud="another-client"))
    await expect_refusal(verify(token), "oidc_token_audience")


async def test_core_refuses_several_audiences_when_azp_is_another_client(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    aud = [oidc_provider.client_id, "another-client"]
    token = oidc_provider.sign(good_claims(oidc_provider, aud=aud, azp="another-client"))
    await expect_refusal(verify(token), "oidc_token_audience")


async def test_core_refuses_a_token_from_another_issuer(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    token = oidc_provider.sign(good_claims(oidc_provider, iss="https://evil.example"))
    await expect_refusal(verify(token), "oidc_token_issuer")


async def test_core_refuses_alg_none(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    token = unsigned(oidc_provider.sign(good_claims(oidc_provider)))
    await expect_refusal(verify(token), "oidc_token_algorithm")


async def test_core_refuses_hmac_signed_with_the_public_key(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    # The classic key-confusion attack: HS256 keyed with the provider's public key.
    public = {k: oidc_provider.signing_jwk[k] for k in ("n", "e")}
    header = {"alg": "HS256", "kid": oidc_provider.kid, "typ": "JWT"}
    claims = good_claims(oidc_provider)
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    import hashlib
    import hmac

    mac = hmac.new(json.dumps(public).encode(), signing_input.encode(), hashlib.sha256).digest()
    await expect_refusal(verify(f"{signing_input}.{_b64(mac)}"), "oidc_token_algorithm")


async def test_core_refuses_another_key_using_the_provider_kid(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        good_claims(oidc_provider), other, algorithm="RS256", headers={"kid": oidc_provider.kid}
    )
    await expect_refusal(verify(token), "oidc_token_signature")


async def test_core_refuses_an_unknown_kid_after_refetching_the_jwks(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        good_claims(oidc_provider), other, algorithm="RS256", headers={"kid": "rotated-away"}
    )
    await expect_refusal(verify(token), "oidc_token_key_unknown")


async def test_core_refuses_a_wrong_nonce(
    verify: Callable[..., Any], oidc_provider: OidcTestProvider
) -> None:
    token = oidc_provider.sign(good_claims(oidc_provider, nonce="from-another-login"))
    await expect_refusal(verify(token, nonce="n-1"), "oidc_token_nonce")
