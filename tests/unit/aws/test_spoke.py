"""The spoke credential cache: one AssumeRole at a time per account, refreshed near expiry."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from consoleme.aws.spoke import REFRESH_MARGIN_SECONDS, SpokeCredentialCache, SpokeCredentials

pytestmark = pytest.mark.unit

START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def make_cache(
    clock: Clock, lifetime: timedelta = timedelta(hours=1)
) -> tuple[SpokeCredentialCache, list[str]]:
    calls: list[str] = []

    async def assume(account_id: str) -> SpokeCredentials:
        calls.append(account_id)
        number = len(calls)
        await asyncio.sleep(0.01)  # let concurrent callers pile up
        return SpokeCredentials(
            access_key=f"ASIA{number}",
            secret_key="secret",
            token="token",
            expires_at=clock() + lifetime,
        )

    return SpokeCredentialCache(assume, clock=clock), calls


async def test_concurrent_callers_share_one_assume_per_account() -> None:
    cache, calls = make_cache(Clock())
    got = await asyncio.gather(*(cache.get(a) for a in ["1", "1", "2", "1", "2"]))
    assert sorted(calls) == ["1", "2"]
    assert {c.access_key for c in got} == {"ASIA1", "ASIA2"}
    assert cache.assume_calls == {"1": 1, "2": 1}


async def test_credentials_are_reused_until_the_margin_before_expiry() -> None:
    clock = Clock()
    cache, calls = make_cache(clock)
    first = await cache.get("1")
    clock.now = START + timedelta(hours=1) - timedelta(seconds=REFRESH_MARGIN_SECONDS + 1)
    assert await cache.get("1") is first
    clock.now += timedelta(seconds=2)
    assert (await cache.get("1")).access_key == "ASIA2"
    assert calls == ["1", "1"]


async def test_forget_drops_cached_credentials() -> None:
    cache, calls = make_cache(Clock())
    await cache.get("1")
    cache.forget("1")
    await cache.get("1")
    assert calls == ["1", "1"]


async def test_a_failed_assume_is_not_cached() -> None:
    attempts: list[str] = []

    async def assume(account_id: str) -> SpokeCredentials:
        attempts.append(account_id)
        raise RuntimeError("denied")

    cache = SpokeCredentialCache(assume)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            await cache.get("1")
    assert attempts == ["1", "1"]


def test_secrets_stay_out_of_repr() -> None:
    creds = SpokeCredentials("ASIA1", "very-secret", "very-token", START)
    assert "very-secret" not in repr(creds)
    assert "very-token" not in repr(creds)
