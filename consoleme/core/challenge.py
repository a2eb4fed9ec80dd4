"""CLI sign-in approved in a browser: weep's challenge flow (contract section 2.6).

1. ``generate``: the CLI names a user; we store a pending challenge for ``ttl_seconds``.
2. ``show``: that user, signed in in a browser, opens the challenge page; it becomes *visited*
   and gets a nonce (a second visit is refused).
3. ``approve``: the page posts the nonce (with the XSRF token); the challenge becomes
   *approved* with the browser session's groups.
4. ``poll``: the CLI polls; once approved it receives a CLI-audience token, exactly once.

With ``auth.challenge.bind_ip`` the browser and the poller must use the creating IP address.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from consoleme.config.access import ChallengeSettings
from consoleme.core.audit import AccessAudit
from consoleme.core.authn import Authenticator
from consoleme.domain.audit import Caller
from consoleme.domain.identity import Identity, normalize_user
from consoleme.errors import BadRequest, ConsoleMeError, Forbidden, NotFound
from consoleme.store.challenges import ChallengeStore

_USER = re.compile(r"^[^\s<>\"'/\\]{1,254}$")
_GRACE_SECONDS = 60  # entries outlive their expiry a little so pollers learn "expired"
PollStatus = Literal["success", "pending", "expired", "unknown", "unauthorized"]


@dataclass(frozen=True, slots=True)
class ChallengeUrls:
    """Where the user approves the challenge, and where the CLI polls."""

    challenge_url: str
    polling_url: str


@dataclass(frozen=True, slots=True)
class ChallengePrompt:
    """What the approval page shows, and the nonce it must send back."""

    message: str
    nonce: str
    show_approve_button: bool


@dataclass(frozen=True, slots=True)
class PollAnswer:
    """The poller's answer; token fields only with status "success"."""

    status: PollStatus
    cookie_name: str | None = None
    expiration: int | None = None
    encoded_jwt: str | None = None
    user: str | None = None


class ChallengeLogin:
    """The four steps above."""

    def __init__(
        self,
        settings: ChallengeSettings,
        store: ChallengeStore,
        authenticator: Authenticator,
        audit: AccessAudit,
    ) -> None:
        self.settings = settings
        self.store = store
        self.authenticator = authenticator
        self.audit = audit

    async def generate(self, user: str, ip: str, base_url: str) -> ChallengeUrls:
        """A new pending challenge for ``user`` created from ``ip``."""
        if not self.settings.enabled:
            raise NotFound("CLI challenge sign-in is turned off")
        if not _USER.match(user.strip()):
            raise BadRequest("not a user name", code="invalid_user")
        token = secrets.token_urlsafe(32)
        entry = {
            "user": normalize_user(user),
            "ip": ip,
            "status": "pending",
            "expires_at": time.time() + self.settings.ttl_seconds,
        }
        await self.store.create(token, _dump(entry), self.settings.ttl_seconds + _GRACE_SECONDS)
        base = base_url.rstrip("/")
        return ChallengeUrls(
            challenge_url=f"{base}/challenge_validator/{token}",
            polling_url=f"{base}/noauth/v1/challenge_poller/{token}",
        )

    async def show(self, token: str, identity: Identity, caller: Caller) -> ChallengePrompt:
        """Mark the challenge visited by its user's browser and hand out the nonce."""
        async with self._refusals(caller):
            raw, entry = await self._usable(token, identity, caller.source_ip, "pending")
            nonce = secrets.token_urlsafe(24)
            if not await self.store.replace(
                token, raw, _dump({**entry, "status": "visited", "nonce": nonce})
            ):
                raise Forbidden("this challenge was just used elsewhere", code="challenge_used")
        message = (
            f"A command line client asks to sign in as **{entry['user']}** from "
            f"`{entry['ip']}`. Approve only if you started it yourself just now "
            "(`weep` or `cme login`)."
        )
        return ChallengePrompt(message=message, nonce=nonce, show_approve_button=True)

    async def approve(self, token: str, identity: Identity, caller: Caller, nonce: str) -> None:
        """The browser approved: record the user's groups for the poller."""
        async with self._refusals(caller):
            raw, entry = await self._usable(token, identity, caller.source_ip, "visited")
            if not hmac.compare_digest(str(entry.get("nonce", "")), nonce):
                raise Forbidden("the nonce does not match this challenge", code="challenge_nonce")
            approved = {**entry, "status": "approved", "groups": list(identity.groups)}
            if not await self.store.replace(token, raw, _dump(approved)):
                raise Forbidden("this challenge was just used elsewhere", code="challenge_used")

    @asynccontextmanager
    async def _refusals(self, caller: Caller) -> AsyncIterator[None]:
        """Refused approvals are audit events too (someone else's challenge, another IP...)."""
        try:
            yield
        except ConsoleMeError as exc:
            message = f"CLI sign-in approval refused: {exc.message}"
            await self.audit.refused(caller, "cli_login", exc.code, message)
            raise

    async def poll(self, token: str, caller: Caller) -> PollAnswer:
        """The CLI's poll; the token is handed out once, then the challenge is gone."""
        raw = await self.store.get(token)
        if raw is None:
            return PollAnswer("unknown")
        entry = orjson.loads(raw)
        if entry["expires_at"] < time.time():
            await self.store.discard(token)
            return PollAnswer("expired")
        if self.settings.bind_ip and caller.source_ip != entry["ip"]:
            return PollAnswer("unauthorized")
        if entry["status"] != "approved":
            return PollAnswer("pending")
        if not await self.store.remove(token, raw):
            return PollAnswer("unknown")  # another poller collected it a moment ago
        identity, issued = self.authenticator.sign_in_cli(
            entry["user"], entry.get("groups", []), "challenge"
        )
        await self.audit.issued(
            Caller(
                identity.user,
                identity.groups,
                caller.source_ip,
                caller.user_agent,
                caller.request_id,
                caller.client_kind,
            ),
            "cli_login",
            f"CLI token issued through a browser-approved challenge from {entry['ip']}",
            duration_seconds=issued.expires_at - int(time.time()),
        )
        return PollAnswer(
            "success",
            cookie_name=self.authenticator.settings.session.cli_cookie_name,
            expiration=issued.expires_at,
            encoded_jwt=issued.token,
            user=identity.user,
        )

    async def _usable(
        self, token: str, identity: Identity, ip: str, status: str
    ) -> tuple[bytes, dict[str, Any]]:
        if not self.settings.enabled:
            raise NotFound("CLI challenge sign-in is turned off")
        if identity.kind != "browser":
            raise Forbidden("approve CLI sign-ins from a browser session", code="browser_only")
        raw = await self.store.get(token)
        if raw is None:
            raise NotFound("unknown or expired challenge", code="challenge_unknown")
        entry: dict[str, Any] = orjson.loads(raw)
        if entry["expires_at"] < time.time():
            raise Forbidden(
                "this challenge has expired; run the CLI again", code="challenge_expired"
            )
        if entry["status"] != status:
            raise Forbidden("this challenge was already used", code="challenge_used")
        if entry["user"] != identity.user:
            raise Forbidden(
                f"this challenge is for {entry['user']}, not for you", code="challenge_user"
            )
        if self.settings.bind_ip and entry["ip"] != ip:
            raise Forbidden(
                "this challenge was created from another IP address", code="challenge_ip"
            )
        return raw, entry


def _dump(entry: dict[str, Any]) -> bytes:
    return orjson.dumps(entry)
