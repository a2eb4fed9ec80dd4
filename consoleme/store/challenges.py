"""CLI sign-in challenges in Redis: short-lived entries changed only by compare-and-set.

Every state change (visited, approved, collected) replaces the exact value it read, or fails,
so two browsers or two pollers racing on one token cannot both win: a challenge is used once.
Values are opaque bytes here; :mod:`consoleme.core.challenge` owns their format.
"""

from __future__ import annotations

from consoleme.store.cache import Cache, _answering

_PREFIX = "challenge:"

# Replace KEYS[1] by ARGV[2] (keeping its TTL) only while it still holds ARGV[1].
_REPLACE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0
"""
# Delete KEYS[1] only while it still holds ARGV[1].
_DELETE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"""


class ChallengeStore:
    """Challenge entries under ``<prefix>challenge:<token>``."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def _key(self, token: str) -> str:
        return self.cache.key(_PREFIX + token)

    async def create(self, token: str, value: bytes, ttl_seconds: int) -> bool:
        """Store a new entry; False when the token exists already."""
        return await self.cache.set_if_absent(_PREFIX + token, value, ttl_seconds)

    async def get(self, token: str) -> bytes | None:
        return await self.cache.get(_PREFIX + token)

    async def replace(self, token: str, expected: bytes, value: bytes) -> bool:
        """Swap ``expected`` for ``value``; False when someone changed or removed it first."""
        async with _answering():
            done = await self.cache.client.eval(_REPLACE, 1, self._key(token), expected, value)
        return bool(done)

    async def remove(self, token: str, expected: bytes) -> bool:
        """Delete the entry if it still holds ``expected``; True for exactly one caller."""
        async with _answering():
            done = await self.cache.client.eval(_DELETE, 1, self._key(token), expected)
        return bool(done)

    async def discard(self, token: str) -> None:
        await self.cache.delete(_PREFIX + token)
