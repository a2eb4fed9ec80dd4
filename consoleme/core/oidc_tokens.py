"""The pure parts of OpenID Connect sign-in: random values, PKCE, URLs and ID-token checks.

Nothing here does I/O; :mod:`consoleme.core.oidc` fetches what these functions check. Every
refusal is :class:`~consoleme.errors.Unauthenticated` with a stable ``oidc_*`` code naming the
check that failed, so that operators (and tests) can tell an expired token from a forged one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt

from consoleme.errors import BadRequest, Unauthenticated

# Algorithms we never accept, whatever the settings say: unsigned and shared-secret tokens.
_NEVER = frozenset({"none", "HS256", "HS384", "HS512"})
_MAX_NEXT = 2048


def new_secret() -> str:
    """A random URL-safe value with 256 bits of entropy (state, nonce)."""
    return secrets.token_urlsafe(32)


def pkce_verifier() -> str:
    """A PKCE code verifier: 86 characters from the unreserved set (RFC 7636 section 4.1)."""
    return secrets.token_urlsafe(64)


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of ``verifier``: unpadded base64url of its SHA-256."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def state_binding(state: str) -> str:
    """What the browser-binding cookie holds for ``state``: its SHA-256, hex."""
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def binding_matches(state: str, cookie: str | None) -> bool:
    """True when ``cookie`` is the binding of ``state`` (compared in constant time)."""
    return cookie is not None and hmac.compare_digest(state_binding(state), cookie)


def safe_next_path(raw: str | None) -> str:
    """Where to send the browser after sign-in: a local path, "/" when none was given.

    Only paths on this site are accepted ("/..." but not "//host" or "/\\host", which browsers
    treat as another host); anything else is a BadRequest (``invalid_next``), so the sign-in
    cannot be turned into an open redirect.
    """
    if raw is None or raw == "":
        return "/"
    if (
        len(raw) > _MAX_NEXT
        or not raw.startswith("/")
        or raw.startswith("//")
        or "\\" in raw
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in raw)
    ):
        raise BadRequest(
            "next must be a path on this site, starting with a single /", code="invalid_next"
        )
    return raw


def authorization_url(
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str,
    scopes: list[str],
    state: str,
    nonce: str,
    code_challenge: str,
) -> str:
    """The provider's authorization endpoint with an authorization-code + PKCE request."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
            "nonce": nonce,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _refuse(code: str, message: str) -> Unauthenticated:
    return Unauthenticated(f"ID token rejected: {message}", code=code)


def token_header(token: str, allowed_algorithms: list[str]) -> tuple[str, str | None]:
    """The ``alg`` and ``kid`` of an ID token whose algorithm is allowed.

    Refuses ``none`` and HMAC algorithms even if configured, and anything not in
    ``allowed_algorithms`` (``oidc_token_algorithm``); unparsable tokens are
    ``oidc_token_malformed``.
    """
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise _refuse("oidc_token_malformed", "not a signed JWT") from None
    alg = header.get("alg")
    if not isinstance(alg, str) or alg in _NEVER or alg not in allowed_algorithms:
        raise _refuse("oidc_token_algorithm", f"algorithm {alg!r} is not allowed")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise _refuse("oidc_token_malformed", "kid is not a string")
    return alg, kid


def find_key(jwks: Mapping[str, Any], kid: str | None, alg: str) -> jwt.PyJWK | None:
    """The signing key ``kid`` of the JWKS, bound to ``alg``; None when there is no such key.

    A token without ``kid`` may only use a JWKS holding exactly one signing key. A key whose
    own ``alg`` differs from ``alg`` is refused (``oidc_token_algorithm``).
    """
    keys = [
        k
        for k in jwks.get("keys", [])
        if isinstance(k, dict) and k.get("use", "sig") == "sig" and k.get("kty") != "oct"
    ]
    if kid is None:
        candidates = keys if len(keys) == 1 else []
    else:
        candidates = [k for k in keys if k.get("kid") == kid]
    if not candidates:
        return None
    found = candidates[0]
    if found.get("alg", alg) != alg:
        raise _refuse("oidc_token_algorithm", f"key {kid!r} is for {found.get('alg')}, not {alg}")
    try:
        return jwt.PyJWK(found, algorithm=alg)
    except jwt.PyJWTError:
        raise _refuse("oidc_token_key", f"key {kid!r} cannot verify {alg}") from None


@dataclass(frozen=True, slots=True)
class IdTokenExpectations:
    """What a valid ID token for one sign-in must say."""

    issuer: str
    client_id: str
    nonce: str
    leeway_seconds: int
    issued_after: int = 0  # unix time; tokens issued (well) before the login began are refused


_DECODE_ERRORS: tuple[tuple[type[jwt.PyJWTError], str, str], ...] = (
    (jwt.InvalidSignatureError, "oidc_token_signature", "signature does not verify"),
    (jwt.ExpiredSignatureError, "oidc_token_expired", "token has expired"),
    (jwt.ImmatureSignatureError, "oidc_token_not_yet_valid", "token is not valid yet"),
    (jwt.InvalidAudienceError, "oidc_token_audience", "token is for another client"),
    (jwt.InvalidIssuerError, "oidc_token_issuer", "token is from another issuer"),
    (jwt.MissingRequiredClaimError, "oidc_token_claims", "a required claim is missing"),
    (jwt.InvalidAlgorithmError, "oidc_token_algorithm", "algorithm is not allowed"),
    (jwt.InvalidKeyError, "oidc_token_key", "the provider's key is unusable"),
    (jwt.DecodeError, "oidc_token_malformed", "token cannot be decoded"),
)


def verify_id_token(token: str, key: jwt.PyJWK, expect: IdTokenExpectations) -> dict[str, Any]:
    """The claims of ``token`` after every check of OpenID Connect Core 3.1.3.7.

    Signature with ``key`` (whose algorithm was already checked by :func:`token_header`),
    ``iss``, ``aud`` (and ``azp``), ``exp``/``iat``/``nbf`` with leeway, and ``nonce``.
    """
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[key.algorithm_name],
            audience=expect.client_id,
            issuer=expect.issuer,
            leeway=expect.leeway_seconds,
            options={
                "require": ["iss", "sub", "aud", "exp", "iat"],
                "enforce_minimum_key_length": True,
            },
        )
    except jwt.PyJWTError as exc:
        for kind, code, message in _DECODE_ERRORS:
            if isinstance(exc, kind):
                raise _refuse(code, message) from None
        raise _refuse("oidc_token_invalid", type(exc).__name__) from None
    _check_authorized_party(claims, expect.client_id)
    if int(claims["iat"]) < expect.issued_after - expect.leeway_seconds:
        raise _refuse("oidc_token_stale", "token was issued before this sign-in began")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce, expect.nonce):
        raise _refuse("oidc_token_nonce", "nonce does not match this sign-in")
    return claims


def _check_authorized_party(claims: Mapping[str, Any], client_id: str) -> None:
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    azp = claims.get("azp")
    if azp is None and len(audiences) > 1:
        raise _refuse("oidc_token_audience", "several audiences but no azp")
    if azp is not None and azp != client_id:
        raise _refuse("oidc_token_audience", "azp is another client")


def claim_user(
    claims: Mapping[str, Any], email_claim: str, groups_claim: str
) -> tuple[str | None, list[str] | None]:
    """The e-mail and groups in ``claims`` (None for each that is absent).

    Groups may be a list of strings or a single string. An e-mail the provider marks as not
    verified (``email_verified: false``) is refused (``oidc_email_unverified``).
    """
    email = claims.get(email_claim)
    if email is not None and (not isinstance(email, str) or "@" not in email):
        raise Unauthenticated(f"claim {email_claim!r} is not an e-mail", code="oidc_bad_claims")
    if email is not None and claims.get("email_verified") is False:
        raise Unauthenticated(
            "the identity provider has not verified this e-mail", code="oidc_email_unverified"
        )
    raw_groups = claims.get(groups_claim)
    if raw_groups is None:
        return email, None
    if isinstance(raw_groups, str):
        raw_groups = [raw_groups]
    if not isinstance(raw_groups, list) or not all(isinstance(g, str) for g in raw_groups):
        raise Unauthenticated(
            f"claim {groups_claim!r} is not a list of names", code="oidc_bad_claims"
        )
    return email, [g for g in raw_groups if g]
