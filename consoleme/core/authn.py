"""Authentication use-cases: who is calling, signing in, signing out, admin checks."""

from __future__ import annotations

import time

import pluggy

from consoleme.config.models import AuthSettings
from consoleme.core.sessions import Audience, IssuedToken, SessionSigner
from consoleme.domain.identity import Identity, RequestInfo, normalize_user
from consoleme.errors import Unauthenticated
from consoleme.store.cache import Cache

_REVOKED = "session:revoked:"


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

    async def identify(self, request: RequestInfo) -> Identity | None:
        """The caller, or None when the request carries no credentials at all.

        Order: ``Authorization: Bearer`` (CLI token), the browser session cookie, then the
        ``identity_from_request`` hook. A token that is present but invalid, expired or revoked
        raises Unauthenticated (``invalid_jwt``) rather than falling through to the next source.
        """
        bearer = _bearer_token(request.headers.get("Authorization", ""))
        if bearer is not None:
            return await self._verify(bearer, "cli")
        cookie = request.cookies.get(self.settings.session.cookie_name)
        if cookie:
            return await self._verify(cookie, "browser")
        found: Identity | None = self.plugins.hook.identity_from_request(request=request)
        if found is None:
            return None
        groups = self.groups_for(found)
        return Identity(found.user, groups, found.method, found.kind, found.expires_at)

    async def _verify(self, token: str, audience: Audience) -> Identity:
        identity, jti = self.signer.verify(token, audience)
        if await self.cache.exists(_REVOKED + jti):
            raise Unauthenticated("session was signed out", code="invalid_jwt")
        return identity

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

    async def sign_out(self, token: str, audience: Audience) -> None:
        """Revoke ``token`` until it would have expired anyway."""
        identity, jti = self.signer.verify(token, audience)
        ttl = max(1, (identity.expires_at or 0) - _now())
        await self.cache.set(_REVOKED + jti, b"1", ttl_seconds=ttl + 60)

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
