"""Redis keys behind role access: the eligibility index and each user's favorite roles.

    <prefix>eligibility:epoch            random token, replaced whenever role mappings change
    <prefix>eligibility:groups:<fp>      group index (JSON) for one fingerprint of its inputs
    <prefix>eligibility:principal:<id>   one caller's eligible roles (carries generation and
                                         fingerprint)
    <prefix>favorites:<user>             the user's favorite role ARNs (JSON list)

A *generation* is ``<inventory generation>/<mapping epoch>``: it changes when the inventory
counter (owned by the inventory cache) is bumped or mappings change, which makes every cached
answer of an older generation stale. The hot path reads everything it needs in one MGET.
Values are opaque bytes here; :mod:`consoleme.core.eligibility` owns their format.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from consoleme.store.cache import Cache, _answering

_EPOCH = "eligibility:epoch"
_GROUPS = "eligibility:groups:"
_PRINCIPAL = "eligibility:principal:"
_FAVORITES = "favorites:"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one MGET returned for a caller."""

    generation: str
    entry: bytes | None
    favorites: bytes | None


class RoleAccessCache:
    """Reads and writes the keys above through one :class:`Cache`."""

    def __init__(self, cache: Cache, inventory_generation_key: str) -> None:
        self.cache = cache
        self.inventory_generation_key = inventory_generation_key

    async def snapshot(self, principal: str, user: str) -> Snapshot:
        """Current generation, the caller's cached entry and favorites, in one round trip."""
        names = [_EPOCH, self.inventory_generation_key, _PRINCIPAL + principal, _FAVORITES + user]
        async with _answering():
            epoch, inventory, entry, favorites = await self.cache.client.mget(
                [self.cache.key(name) for name in names]
            )
        if epoch is None:
            epoch = await self._start_epoch()
        return Snapshot(_generation(inventory, epoch), _bytes(entry), _bytes(favorites))

    async def generation(self) -> str:
        """The current generation alone."""
        async with _answering():
            epoch, inventory = await self.cache.client.mget(
                [self.cache.key(_EPOCH), self.cache.key(self.inventory_generation_key)]
            )
        if epoch is None:
            epoch = await self._start_epoch()
        return _generation(inventory, epoch)

    async def _start_epoch(self) -> bytes:
        await self.cache.set_if_absent(_EPOCH, secrets.token_hex(8), ttl_seconds=30 * 86400)
        return await self.cache.get(_EPOCH) or b"?"

    async def new_epoch(self) -> None:
        """Mappings changed: every cached answer becomes stale."""
        await self.cache.set(_EPOCH, secrets.token_hex(8), ttl_seconds=30 * 86400)

    async def group_index(self, fingerprint: str) -> bytes | None:
        return await self.cache.get(_GROUPS + fingerprint)

    async def put_group_index(self, fingerprint: str, data: bytes, ttl_seconds: int) -> None:
        await self.cache.set(_GROUPS + fingerprint, data, ttl_seconds=ttl_seconds)

    async def put_entry(self, principal: str, data: bytes, ttl_seconds: int) -> None:
        await self.cache.set(_PRINCIPAL + principal, data, ttl_seconds=ttl_seconds)

    async def put_favorites(self, user: str, data: bytes, ttl_seconds: int) -> None:
        await self.cache.set(_FAVORITES + user, data, ttl_seconds=ttl_seconds)

    async def drop_favorites(self, user: str) -> None:
        await self.cache.delete(_FAVORITES + user)


def _generation(inventory: bytes | str | None, epoch: bytes | str) -> str:
    def text(value: bytes | str | None) -> str:
        if value is None:
            return "0"
        return value.decode() if isinstance(value, bytes) else str(value)

    return f"{text(inventory)}/{text(epoch)}"


def _bytes(value: bytes | str | None) -> bytes | None:
    return value.encode() if isinstance(value, str) else value
