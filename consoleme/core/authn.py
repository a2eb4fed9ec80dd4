"""Authentication use-cases: who is calling, signing in, signing out, admin checks."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pluggy

from consoleme.config.models import AuthSettings
from consoleme.core.sessions import Audience, IssuedToken, SessionSigner
from consoleme.domain.identity import Identity, RequestInfo, normalize_user
from consoleme.errors import Unauthenticated
from consoleme.store.cache import Cache

_REVOKED = "session:revoked:"
_VERIFIED_MAX = 10_000


@dataclass(slots=True)
class _Verified:
    identity: Identity
    jti: str
    checked_until: float  # monotonic time until which "not revoked" is believed


class Authenticator:
    """Turns request credentials into an :class:`Identity` and issues our own session tokens."""

    def __init__(
        self,
        settings: AuthSettings,
        signer: SessionSigner,
        cache: Cache,
        plugins: pluggy.PluginManager,
    ) -> None:
        self.settings = settings
        self.signer = signer
        self.cache = cache
        self.plugins = plugins
        self._verified: dict[tuple[str, Audience], _Verified] = {}

    async def identify(self, request: RequestInfo) -> Identity | None:
        """The caller, or None when the request carries no credentials at all.

        Order: ``Authorization: Bearer`` (CLI token), the browser session cookie, the CLI
        cookie (``session.cli_cookie_name``, what weep sends), then the
        ``identity_from_request`` hook. A token that is present but invalid, expired or revoked
        raises Unauthenticated (``invalid_jwt``) rather than falling through to the next source.
        """
        bearer = _bearer_token(request.headers.get("Authorization", ""))
        if bearer is not None:
            return await self._verify(bearer, "cli")
        cookie = request.cookies.get(self.settings.session.cookie_name)
        if cookie:
            return await self._verify(cookie, "browser")
        cli_cookie = request.cookies.get(self.settings.session.cli_cookie_name)
        if cli_cookie:
            return await self._verify(cli_cookie, "cli")
        found: Identity | None = self.plugins.hook.identity_from_request(request=request)
        if found is None:
            return None
        groups = self.groups_for(found)
        return Identity(found.user, groups, found.method, found.kind, found.expires_at)

    async def _verify(self, token: str, audience: Audience) -> Identity:
        # Verified tokens are remembered until they expire: a signature check and a Redis
        # round trip cost more than the rest of a cached request. Revocation is asked again
        # after ``session.revocation_cache_seconds``; a sign-out in this process applies at once.
        key = (token, audience)
        known = self._verified.get(key)
        now = time.monotonic()
        if known is not None and (known.identity.expires_at or 0) > _now():
            if known.checked_until > now:
                return known.identity
        else:
            identity, jti = self.signer.verify(token, audience)
            if len(self._verified) >= _VERIFIED_MAX:
                self._verified.clear()
            known = _Verified(identity, jti, 0.0)
        if await self.cache.exists(_REVOKED + known.jti):
            self._verified.pop(key, None)
            raise Unauthenticated("session was signed out", code="invalid_jwt")
        known.checked_until = now + self.settings.session.revocation_cache_seconds
        self._verified[key] = known
        return known.identity

    def groups_for(self, identity: Identity) -> tuple[str, ...]:
        """The identity's groups merged with every ``groups_for_user`` result, sorted."""
        merged = set(identity.groups)
        for result in self.plugins.hook.groups_for_user(user=identity.user, identity=identity):
            merged.update(result)
        return tuple(sorted(merged))

    def sign_in(self, user: str, groups: list[str], method: str) -> tuple[Identity, IssuedToken]:
        """A browser session for ``user`` (normalized) with hook groups merged in."""
        base = Identity(normalize_user(user), tuple(groups), method, "browser")
        identity = Identity(base.user, self.groups_for(base), method, "browser")
        lifetime = self.settings.session.lifetime_minutes * 60
        token = self.signer.issue(identity, "browser", lifetime)
        signed_in = Identity(
            identity.user, identity.groups, method, "browser", expires_at=token.expires_at
        )
        return signed_in, token

    def sign_in_cli(
        self, user: str, groups: list[str], method: str
    ) -> tuple[Identity, IssuedToken]:
        """A CLI token (``session.cli_lifetime_minutes``) for ``user`` with hook groups merged."""
        base = Identity(normalize_user(user), tuple(groups), method, "cli")
        identity = Identity(base.user, self.groups_for(base), method, "cli")
        token = self.signer.issue(identity, "cli", self.settings.session.cli_lifetime_minutes * 60)
        return Identity(identity.user, identity.groups, method, "cli", token.expires_at), token

    async def sign_out(self, token: str, audience: Audience) -> None:
        """Revoke ``token`` until it would have expired anyway."""
        identity, jti = self.signer.verify(token, audience)
        ttl = max(1, (identity.expires_at or 0) - _now())
        await self.cache.set(_REVOKED + jti, b"1", ttl_seconds=ttl + 60)
        self._verified.pop((token, audience), None)

    def is_admin(self, identity: Identity) -> bool:
        return identity.in_any(self.settings.admin_groups)


def _bearer_token(header: str) -> str | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    value = value.strip()
    if not value:
        raise Unauthenticated("empty bearer token", code="invalid_jwt")
    return value


def _now() -> int:
    return int(time.time())
