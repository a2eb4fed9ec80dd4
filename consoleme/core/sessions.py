"""Our own session tokens: short, signed JWTs (HS256) carrying the user and groups.

Every token gets a fresh ``iat``/``nbf``/``exp`` and a random ``jti``. The first signing key
signs; every configured key verifies, so keys rotate by adding a new one in front and dropping
the old one after a session lifetime. Browser tokens and CLI tokens have different audiences so
that one cannot stand in for the other.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Literal

import jwt

from consoleme.domain.identity import Identity
from consoleme.errors import Unauthenticated

Audience = Literal["browser", "cli"]
ISSUER = "consoleme"
_ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: int


class SessionSigner:
    """Issues and verifies session JWTs with a list of keys (first signs, all verify)."""

    def __init__(self, keys: list[str], *, clock_skew_seconds: int = 30) -> None:
        if not keys:
            raise ValueError("at least one signing key is required")
        self._keys = keys
        self._skew = clock_skew_seconds

    def issue(self, identity: Identity, audience: Audience, lifetime_seconds: int) -> IssuedToken:
        """A token for ``identity`` valid for ``lifetime_seconds`` from now."""
        now = int(time.time())
        jti = secrets.token_urlsafe(16)
        claims = {
            "iss": ISSUER,
            "aud": f"consoleme:{audience}",
            "sub": identity.user,
            "email": identity.user,
            "groups": list(identity.groups),
            "amr": identity.method,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime_seconds,
            "jti": jti,
        }
        token = jwt.encode(claims, self._keys[0], algorithm=_ALGORITHM)
        return IssuedToken(token=token, jti=jti, expires_at=now + lifetime_seconds)

    def verify(self, token: str, audience: Audience) -> tuple[Identity, str]:
        """Identity and ``jti`` of a valid token; Unauthenticated (``invalid_jwt``) otherwise."""
        for key in self._keys:
            try:
                claims = jwt.decode(
                    token,
                    key,
                    algorithms=[_ALGORITHM],
                    audience=f"consoleme:{audience}",
                    issuer=ISSUER,
                    leeway=self._skew,
                    options={"require": ["exp", "iat", "nbf", "sub", "jti", "aud", "iss"]},
                )
            except jwt.InvalidSignatureError:
                continue
            except jwt.PyJWTError as exc:
                raise Unauthenticated(
                    f"session token rejected: {exc}", code="invalid_jwt"
                ) from None
            groups = claims.get("groups", [])
            if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
                raise Unauthenticated("session token has malformed groups", code="invalid_jwt")
            identity = Identity(
                user=str(claims["sub"]),
                groups=tuple(groups),
                method=str(claims.get("amr", "session")),
                kind=audience,
                expires_at=int(claims["exp"]),
            )
            return identity, str(claims["jti"])
        raise Unauthenticated("session token rejected: bad signature", code="invalid_jwt")
