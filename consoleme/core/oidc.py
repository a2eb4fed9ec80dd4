"""OpenID Connect sign-in: begin a login at the provider, complete it at our callback.

Authorization code flow with PKCE (S256), state and nonce. The pending login (nonce, PKCE
verifier, where to go afterwards) is kept in the cache under a hash of the state for ten minutes,
so that any web process can complete it, and is deleted by the one callback that uses it. The
browser that began the login holds the same hash in a short-lived cookie (:data:`BINDING_COOKIE`);
a callback whose state this browser did not begin is refused, which stops login CSRF (an attacker
handing a victim the callback URL of the attacker's own login).

Pure checks live in :mod:`consoleme.core.oidc_tokens`, provider calls in
:mod:`consoleme.core.oidc_provider`.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import orjson

from consoleme.config.models import Settings
from consoleme.core.oidc_provider import OidcProvider, ProviderMetadata, open_http_client
from consoleme.core.oidc_tokens import (
    IdTokenExpectations,
    authorization_url,
    binding_matches,
    claim_user,
    find_key,
    new_secret,
    pkce_challenge,
    pkce_verifier,
    safe_next_path,
    state_binding,
    token_header,
    verify_id_token,
)
from consoleme.errors import BadRequest, Forbidden, Unauthenticated
from consoleme.store.cache import Cache

LOGIN_TTL_SECONDS = 600
BINDING_COOKIE = "consoleme_oidc_login"
CALLBACK_PATH = "/auth/oidc/callback"
_PENDING = "oidc:login:"
_ERROR_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_MAX_PARAM = 4096


@dataclass(frozen=True, slots=True)
class LoginStart:
    """Where to send the browser, and the binding cookie value to give it first."""

    url: str
    binding: str


@dataclass(frozen=True, slots=True)
class CallbackParams:
    """The query parameters the provider sends the browser back with."""

    code: str | None = None
    state: str | None = None
    error: str | None = None
    error_description: str | None = None
    iss: str | None = None


@dataclass(frozen=True, slots=True)
class OidcUser:
    """A person the provider vouched for, and where they were going."""

    email: str
    groups: list[str]
    next_path: str


@dataclass(frozen=True, slots=True)
class _PendingLogin:
    nonce: str
    verifier: str
    next_path: str
    created: int


def callback_url(settings: Settings) -> str:
    """Our redirect URI: ``auth.oidc.redirect_uri``, else the public URL + the callback path."""
    if settings.auth.oidc.redirect_uri:
        return settings.auth.oidc.redirect_uri
    server = settings.server
    base = server.public_url or f"http://{server.host}:{server.port}"
    return base.rstrip("/") + CALLBACK_PATH


async def begin_login(settings: Settings, cache: Cache, next_path: str | None) -> LoginStart:
    """Record a pending login and build the provider URL to send the browser to.

    ``next_path`` must be a local path (BadRequest ``invalid_next`` otherwise).
    """
    destination = safe_next_path(next_path)
    oidc = settings.auth.oidc
    async with open_http_client(oidc) as http:
        meta = await OidcProvider(oidc, cache, http).metadata()
    state, nonce, verifier = new_secret(), new_secret(), pkce_verifier()
    pending = {"nonce": nonce, "verifier": verifier, "next": destination, "created": _now()}
    await cache.set(_PENDING + state_binding(state), orjson.dumps(pending), LOGIN_TTL_SECONDS)
    url = authorization_url(
        meta.authorization_endpoint,
        client_id=oidc.client_id,
        redirect_uri=callback_url(settings),
        scopes=oidc.scopes,
        state=state,
        nonce=nonce,
        code_challenge=pkce_challenge(verifier),
    )
    return LoginStart(url=url, binding=state_binding(state))


async def complete_login(
    settings: Settings, cache: Cache, params: CallbackParams, binding: str | None
) -> OidcUser:
    """Check the callback, redeem the code and verify the ID token: the signed-in person.

    ``binding`` is the value of :data:`BINDING_COOKIE` the browser sent (None when absent).
    Refusals: the provider's own error (``oidc_provider_error``), a state this browser did not
    begin (``oidc_state_not_bound``), an unknown, expired or already used state
    (``oidc_state_unknown``), and every ``oidc_token_*`` check of the ID token.
    """
    await _refuse_provider_error(cache, params, binding)
    state, code = _required(params.state, "state"), _required(params.code, "code")
    if not binding_matches(state, binding):
        raise Forbidden(
            "this sign-in was not started in this browser; start again",
            code="oidc_state_not_bound",
        )
    pending = await _take_pending(cache, state)
    oidc = settings.auth.oidc
    if params.iss is not None and params.iss != oidc.issuer:
        raise Unauthenticated("the callback names another issuer", code="oidc_issuer_mismatch")
    expect = IdTokenExpectations(
        issuer=oidc.issuer,
        client_id=oidc.client_id,
        nonce=pending.nonce,
        leeway_seconds=oidc.clock_skew_seconds,
        issued_after=pending.created,
    )
    async with open_http_client(oidc) as http:
        provider = OidcProvider(oidc, cache, http)
        meta = await provider.metadata()
        tokens = await provider.exchange_code(meta, code, callback_url(settings), pending.verifier)
        claims = await check_id_token(provider, meta, tokens.id_token, expect)
        email, groups = await _person(provider, meta, claims, tokens.access_token)
    return OidcUser(email=email, groups=groups, next_path=pending.next_path)


async def check_id_token(
    provider: OidcProvider, meta: ProviderMetadata, token: str, expect: IdTokenExpectations
) -> dict[str, Any]:
    """The claims of an ID token verified against the provider's JWKS (refetched once when the
    token names an unknown key). Refusals are Unauthenticated with an ``oidc_token_*`` code."""
    alg, kid = token_header(token, provider.settings.allowed_algorithms)
    key = find_key(await provider.jwks(meta.jwks_uri), kid, alg)
    if key is None:
        key = find_key(await provider.jwks(meta.jwks_uri, refetch=True), kid, alg)
    if key is None:
        raise Unauthenticated(
            f"ID token rejected: the provider has no key {kid!r}", code="oidc_token_key_unknown"
        )
    return verify_id_token(token, key, expect)


async def _person(
    provider: OidcProvider, meta: ProviderMetadata, claims: dict[str, Any], access: str | None
) -> tuple[str, list[str]]:
    """E-mail and groups from the ID token, completed from userinfo when a claim is missing."""
    oidc = provider.settings
    email, groups = claim_user(claims, oidc.email_claim, oidc.groups_claim)
    if email is None or groups is None:
        info = await provider.userinfo(meta, access)
        if info.get("sub") != claims["sub"]:
            raise Unauthenticated(
                "userinfo describes another subject than the ID token", code="oidc_userinfo_failed"
            )
        extra_email, extra_groups = claim_user(info, oidc.email_claim, oidc.groups_claim)
        email = email if email is not None else extra_email
        groups = groups if groups is not None else extra_groups
    if email is None:
        raise Unauthenticated(
            f"the provider gave no {oidc.email_claim!r} claim", code="oidc_no_email"
        )
    return email, groups or []


async def _refuse_provider_error(cache: Cache, params: CallbackParams, binding: str | None) -> None:
    if params.error is None:
        return
    if params.state and binding_matches(params.state, binding):
        await cache.delete(_PENDING + state_binding(params.state))
    error = params.error if _ERROR_CODE.match(params.error) else "invalid_error"
    description = (params.error_description or "")[:300]
    raise Unauthenticated(
        f"the identity provider refused sign-in: {error}"
        + (f" ({description})" if description else ""),
        code="oidc_provider_error",
        details={"error": error, "error_description": description},
    )


def _required(value: str | None, name: str) -> str:
    if not value or len(value) > _MAX_PARAM:
        raise BadRequest(f"the callback has no valid {name} parameter", code="oidc_bad_callback")
    return value


async def _take_pending(cache: Cache, state: str) -> _PendingLogin:
    """The pending login of ``state``, removed so that it can be used once only."""
    key = _PENDING + state_binding(state)
    raw = await cache.get(key)
    # Only the caller whose delete removed the entry may use it: two racing callbacks with the
    # same state cannot both succeed.
    if raw is None or await cache.delete(key) != 1:
        raise Unauthenticated(
            "this sign-in is unknown, expired or already used; start again",
            code="oidc_state_unknown",
        )
    try:
        data = orjson.loads(raw)
        return _PendingLogin(
            nonce=str(data["nonce"]),
            verifier=str(data["verifier"]),
            next_path=str(data["next"]),
            created=int(data["created"]),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise Unauthenticated("this sign-in record is damaged", code="oidc_state_unknown") from None


def _now() -> int:
    return int(time.time())
