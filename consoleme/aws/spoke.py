"""Spoke credentials: AssumeRole into ``<account>:role/<spoke_role_name>``, cached per account.

Credentials are reused until :data:`REFRESH_MARGIN_SECONDS` before they expire. A lock per
account makes concurrent callers wait for one AssumeRole instead of each making their own.
The botocore glue at the bottom lets a client built once keep working across refreshes: its
credentials are refreshable and refresh through this cache.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiobotocore.credentials import AioCredentialResolver, AioRefreshableCredentials

REFRESH_MARGIN_SECONDS = 300
# botocore blocks every caller for a refresh this close to expiry (must be <= the margin).
_MANDATORY_REFRESH_SECONDS = 120


@dataclass(frozen=True)
class SpokeCredentials:
    """Temporary credentials of one spoke role session. Secrets stay out of ``repr``."""

    access_key: str
    secret_key: str = field(repr=False)
    token: str = field(repr=False)
    expires_at: datetime

    def fresh(self, now: datetime, margin_seconds: float = REFRESH_MARGIN_SECONDS) -> bool:
        """True while more than ``margin_seconds`` remain before expiry."""
        return (self.expires_at - now).total_seconds() > margin_seconds

    def metadata(self) -> dict[str, str]:
        """The shape botocore's refreshable credentials are built from."""
        return {
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "token": self.token,
            "expiry_time": self.expires_at.isoformat(),
        }


AssumeSpoke = Callable[[str], Awaitable[SpokeCredentials]]


def utc_now() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


class SpokeCredentialCache:
    """Spoke credentials by account id; ``assume`` is called at most once at a time per account."""

    def __init__(
        self,
        assume: AssumeSpoke,
        *,
        margin_seconds: float = REFRESH_MARGIN_SECONDS,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._assume = assume
        self._margin = margin_seconds
        self._clock = clock
        self._credentials: dict[str, SpokeCredentials] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.assume_calls: dict[str, int] = {}

    async def get(self, account_id: str) -> SpokeCredentials:
        """Cached credentials for ``account_id``, assuming the spoke role when near expiry."""
        cached = self._credentials.get(account_id)
        if cached is not None and cached.fresh(self._clock(), self._margin):
            return cached
        lock = self._locks.setdefault(account_id, asyncio.Lock())
        async with lock:
            cached = self._credentials.get(account_id)
            if cached is not None and cached.fresh(self._clock(), self._margin):
                return cached
            self.assume_calls[account_id] = self.assume_calls.get(account_id, 0) + 1
            fresh = await self._assume(account_id)
            self._credentials[account_id] = fresh
            return fresh

    def forget(self, account_id: str) -> None:
        """Drop cached credentials (e.g. after the spoke role was changed)."""
        self._credentials.pop(account_id, None)


class _SpokeProvider:
    """A botocore credential provider returning refreshable credentials fed by the cache."""

    METHOD = "consoleme-spoke"

    def __init__(self, cache: SpokeCredentialCache, account_id: str) -> None:
        self._cache = cache
        self._account_id = account_id

    async def _fetch(self) -> dict[str, str]:
        return (await self._cache.get(self._account_id)).metadata()

    async def load(self) -> Any:
        return AioRefreshableCredentials.create_from_metadata(
            await self._fetch(),
            refresh_using=self._fetch,
            method=self.METHOD,
            advisory_timeout=REFRESH_MARGIN_SECONDS,
            mandatory_timeout=_MANDATORY_REFRESH_SECONDS,
        )


def spoke_credential_resolver(cache: SpokeCredentialCache, account_id: str) -> Any:
    """A ``credential_provider`` component for a botocore session of one spoke account."""
    return AioCredentialResolver(providers=[_SpokeProvider(cache, account_id)])
