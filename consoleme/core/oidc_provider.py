"""Talking to the OpenID provider: discovery, JWKS, the token endpoint and userinfo.

All calls are async (httpx) with the configured timeout and TLS verification. The discovery
document and the JWKS are kept in the cache for ``metadata_ttl_seconds`` so that every web
process shares them; the JWKS is fetched again (at most once per ``_JWKS_REFETCH_SECONDS``) when a
token names a key we do not know, which is how providers roll their keys.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import orjson

from consoleme.config.models import OidcSettings
from consoleme.errors import Unauthenticated, Unavailable
from consoleme.store.cache import Cache

_JWKS_REFETCH_SECONDS = 10
_DISCOVERY_PATH = "/.well-known/openid-configuration"
_EXPLICIT_CLIENT_AUTH = frozenset({"client_secret_basic", "client_secret_post", "none"})


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    """The parts of the discovery document sign-in uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    token_auth_methods: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProviderTokens:
    """What the token endpoint answered for an authorization code."""

    id_token: str
    access_token: str | None


def open_http_client(settings: OidcSettings) -> httpx.AsyncClient:
    """An HTTP client for provider calls; the caller closes it (``async with``)."""
    return httpx.AsyncClient(
        verify=settings.verify_tls,
        timeout=settings.http_timeout_seconds,
        follow_redirects=False,
        headers={"Accept": "application/json"},
    )


class OidcProvider:
    """One configured provider, reached through ``http`` and cached in ``cache``."""

    def __init__(self, settings: OidcSettings, cache: Cache, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.cache = cache
        self.http = http
        self._cache_id = hashlib.sha256(settings.issuer.encode()).hexdigest()[:16]

    async def metadata(self) -> ProviderMetadata:
        """The discovery document (cached); its issuer must be exactly the configured one."""
        key = f"oidc:discovery:{self._cache_id}"
        cached = await self._cached_json(key)
        if cached is not None:
            return parse_metadata(cached, self.settings.issuer)
        url = self.settings.issuer.rstrip("/") + _DISCOVERY_PATH
        document = await self._get_json(url, "oidc_discovery_failed")
        metadata = parse_metadata(document, self.settings.issuer)
        await self._store_json(key, document)
        return metadata

    async def jwks(self, jwks_uri: str, *, refetch: bool = False) -> dict[str, Any]:
        """The provider's JSON Web Key Set (cached). ``refetch``: a token named an unknown key."""
        key = f"oidc:jwks:{self._cache_id}"
        cached = await self._cached_json(key)
        if cached is not None and not refetch:
            return cached
        if cached is not None and not await self.cache.set_if_absent(
            f"oidc:jwks-refetched:{self._cache_id}", b"1", _JWKS_REFETCH_SECONDS
        ):
            return cached
        document = await self._get_json(jwks_uri, "oidc_jwks_failed")
        if not isinstance(document.get("keys"), list):
            raise Unavailable("the provider's JWKS has no keys list", code="oidc_jwks_failed")
        await self._store_json(key, document)
        return document

    async def exchange_code(
        self, meta: ProviderMetadata, code: str, redirect_uri: str, code_verifier: str
    ) -> ProviderTokens:
        """Trade the authorization code (with the PKCE verifier) for tokens."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        headers = self._client_auth(meta, form)
        try:
            response = await self.http.post(meta.token_endpoint, data=form, headers=headers)
        except httpx.HTTPError as exc:
            raise _unreachable(exc) from None
        body = _json_object(response)
        if response.status_code >= 500:
            raise Unavailable(
                f"token endpoint answered {response.status_code}", code="oidc_token_endpoint"
            )
        if response.status_code != 200 or body is None:
            raise Unauthenticated(
                f"the provider refused the authorization code: {_oauth_error(body, response)}",
                code="oidc_code_rejected",
            )
        id_token = body.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise Unauthenticated("the provider sent no ID token", code="oidc_token_missing")
        access = body.get("access_token")
        return ProviderTokens(id_token, access if isinstance(access, str) and access else None)

    async def userinfo(self, meta: ProviderMetadata, access_token: str | None) -> dict[str, Any]:
        """Claims from the userinfo endpoint (used when the ID token lacks e-mail or groups)."""
        if meta.userinfo_endpoint is None or access_token is None:
            raise Unauthenticated(
                "the ID token lacks the configured e-mail or groups claim and the provider "
                "offers no userinfo endpoint to ask",
                code="oidc_userinfo_failed",
            )
        headers = {"Authorization": f"Bearer {access_token}"}
        try:
            response = await self.http.get(meta.userinfo_endpoint, headers=headers)
        except httpx.HTTPError as exc:
            raise _unreachable(exc) from None
        body = _json_object(response)
        if response.status_code != 200 or body is None:
            raise Unauthenticated(
                f"userinfo answered {response.status_code}", code="oidc_userinfo_failed"
            )
        return body

    def _client_auth(self, meta: ProviderMetadata, form: dict[str, str]) -> dict[str, str]:
        """Adds client authentication to ``form`` or returns it as headers."""
        method = token_auth_method(self.settings, meta)
        secret = self.settings.client_secret
        if method == "client_secret_basic" and secret is not None:
            # RFC 6749 2.3.1: both parts are form-encoded before base64.
            pair = f"{quote(self.settings.client_id, safe='')}:"
            pair += quote(secret.get_secret_value(), safe="")
            return {"Authorization": "Basic " + _b64(pair)}
        form["client_id"] = self.settings.client_id
        if method == "client_secret_post" and secret is not None:
            form["client_secret"] = secret.get_secret_value()
        return {}

    async def _get_json(self, url: str, code: str) -> dict[str, Any]:
        try:
            response = await self.http.get(url)
        except httpx.HTTPError as exc:
            raise _unreachable(exc) from None
        body = _json_object(response)
        if response.status_code != 200 or body is None:
            raise Unavailable(f"{url} answered {response.status_code} without JSON", code=code)
        return body

    async def _cached_json(self, key: str) -> dict[str, Any] | None:
        if self.settings.metadata_ttl_seconds == 0:
            return None
        raw = await self.cache.get(key)
        if raw is None:
            return None
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
        return value if isinstance(value, dict) else None

    async def _store_json(self, key: str, value: dict[str, Any]) -> None:
        if self.settings.metadata_ttl_seconds > 0:
            await self.cache.set(key, orjson.dumps(value), self.settings.metadata_ttl_seconds)


def token_auth_method(settings: OidcSettings, meta: ProviderMetadata) -> str:
    """The client authentication to use at the token endpoint (see ``OidcSettings.token_auth``)."""
    if settings.token_auth in _EXPLICIT_CLIENT_AUTH:
        return settings.token_auth
    if settings.client_secret is None:
        return "none"
    supported = meta.token_auth_methods
    if "client_secret_basic" not in supported and "client_secret_post" in supported:
        return "client_secret_post"
    return "client_secret_basic"


def parse_metadata(document: dict[str, Any], issuer: str) -> ProviderMetadata:
    """The usable parts of a discovery document, which must name exactly ``issuer``.

    Refused (Unavailable, ``oidc_discovery_failed``): another issuer, a missing endpoint, or a
    provider that lists its PKCE methods without S256.
    """
    if document.get("issuer") != issuer:
        raise Unavailable(
            f"the discovery document names issuer {document.get('issuer')!r}, not {issuer!r}",
            code="oidc_discovery_failed",
        )
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            raise Unavailable(f"the discovery document lacks {name}", code="oidc_discovery_failed")
        endpoints[name] = value
    methods = document.get("code_challenge_methods_supported")
    if isinstance(methods, list) and "S256" not in methods:
        raise Unavailable("the provider does not support PKCE S256", code="oidc_discovery_failed")
    userinfo = document.get("userinfo_endpoint")
    # Absent means client_secret_basic only (OpenID Connect Discovery 1.0, section 3).
    auth_methods = document.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
    return ProviderMetadata(
        issuer=issuer,
        authorization_endpoint=endpoints["authorization_endpoint"],
        token_endpoint=endpoints["token_endpoint"],
        jwks_uri=endpoints["jwks_uri"],
        userinfo_endpoint=userinfo if isinstance(userinfo, str) else None,
        token_auth_methods=tuple(m for m in auth_methods if isinstance(m, str)),
    )


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        value = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _oauth_error(body: dict[str, Any] | None, response: httpx.Response) -> str:
    if body is None:
        return f"HTTP {response.status_code}"
    error = str(body.get("error", f"HTTP {response.status_code}"))[:100]
    description = body.get("error_description")
    return f"{error} ({str(description)[:200]})" if description else error


def _unreachable(exc: httpx.HTTPError) -> Unavailable:
    return Unavailable(
        f"the identity provider did not answer: {type(exc).__name__}",
        code="oidc_provider_unreachable",
    )


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")
