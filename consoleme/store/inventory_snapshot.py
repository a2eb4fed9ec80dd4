"""Inventory snapshots in the store of record, so a flushed Redis can be refilled without AWS.

One snapshot per name (``<account>:<type>``, ``accounts``, ``organization``...), kind
``inventory_snapshot``. A store record holds at most ~400 KB (DynamoDB's item limit), so a
snapshot is a *manifest* plus numbered *chunks*::

    key <name>                     sort_key m:<name>          {"name", "snapshot", "chunks",
                                                               "count", "digest", "at"}
    key <name>:<snapshot>:<n>      sort_key c:<name>:...      {"items": [...]}

Chunks of a new snapshot are written first under a fresh snapshot id, then the manifest is
switched to it, then the old chunks are deleted: a reader following the manifest always finds a
complete set. A snapshot whose content (ignoring ``fetched_at``) did not change is not rewritten.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from collections.abc import Awaitable
from typing import Any, TypeVar

import orjson

from consoleme.store.protocol import Store

KIND = "inventory_snapshot"
_VOLATILE = "fetched_at"
_PARALLEL = 8

log = logging.getLogger("consoleme.inventory")
T = TypeVar("T")


def chunked(items: list[Any], max_bytes: int) -> list[list[Any]]:
    """``items`` split into lists whose JSON stays under ``max_bytes`` (an item never splits)."""
    chunks: list[list[Any]] = [[]]
    size = 2
    for item in items:
        item_size = len(orjson.dumps(item)) + 1
        if chunks[-1] and size + item_size > max_bytes:
            chunks.append([])
            size = 2
        chunks[-1].append(item)
        size += item_size
    return chunks


def content_digest(items: list[Any]) -> str:
    """A hash of ``items`` that ignores when each was fetched."""
    stable = [
        {k: v for k, v in item.items() if k != _VOLATILE} if isinstance(item, dict) else item
        for item in items
    ]
    return hashlib.sha256(orjson.dumps(stable, option=orjson.OPT_SORT_KEYS)).hexdigest()


async def _bounded(calls: list[Awaitable[T]]) -> list[T]:
    gate = asyncio.Semaphore(_PARALLEL)

    async def run(call: Awaitable[T]) -> T:
        async with gate:
            return await call

    return await asyncio.gather(*(run(c) for c in calls))


class InventorySnapshots:
    """Saves and loads named snapshots (lists of JSON items) in a :class:`Store`."""

    def __init__(self, store: Store, chunk_bytes: int = 300_000) -> None:
        self.store = store
        self.chunk_bytes = chunk_bytes

    async def save(self, name: str, items: list[Any]) -> bool:
        """Store ``items`` as snapshot ``name``; False when the stored content is the same."""
        digest = content_digest(items)
        manifest = await self.store.get(KIND, name)
        if manifest is not None and manifest.data.get("digest") == digest:
            return False
        snapshot = secrets.token_hex(4)
        chunks = chunked(items, self.chunk_bytes)
        await _bounded(
            [
                self.store.put(
                    KIND, f"{name}:{snapshot}:{n}", {"items": chunk}, sort_key=f"c:{name}:{n}"
                )
                for n, chunk in enumerate(chunks)
            ]
        )
        data = {
            "name": name,
            "snapshot": snapshot,
            "chunks": len(chunks),
            "count": len(items),
            "digest": digest,
            "at": time.time(),
        }
        await self.store.put(KIND, name, data, sort_key=f"m:{name}")
        if manifest is not None:
            await self._drop_chunks(name, manifest.data)
        return True

    async def _drop_chunks(self, name: str, manifest: dict[str, Any]) -> None:
        old = manifest.get("snapshot")
        await _bounded(
            [
                self.store.delete(KIND, f"{name}:{old}:{n}")
                for n in range(int(manifest.get("chunks", 0)))
            ]
        )

    async def load(self, name: str) -> list[Any] | None:
        """The items of snapshot ``name``, None when there is none."""
        for _ in range(3):  # a writer may switch snapshots between our reads
            manifest = await self.store.get(KIND, name)
            if manifest is None:
                return None
            snapshot, count = manifest.data["snapshot"], int(manifest.data["chunks"])
            records = await _bounded(
                [self.store.get(KIND, f"{name}:{snapshot}:{n}") for n in range(count)]
            )
            if all(r is not None for r in records):
                return [item for r in records if r is not None for item in r.data["items"]]
        log.warning("snapshot kept changing while being read", extra={"snapshot": name})
        return None

    async def delete(self, name: str) -> None:
        manifest = await self.store.get(KIND, name)
        if manifest is not None:
            await self.store.delete(KIND, name)
            await self._drop_chunks(name, manifest.data)

    async def names(self) -> list[str]:
        """Every snapshot name, sorted."""
        found: list[str] = []
        cursor: str | None = None
        while True:
            page = await self.store.query(KIND, sort_key_prefix="m:", limit=1000, cursor=cursor)
            found.extend(r.key for r in page.records)
            if page.cursor is None:
                return sorted(found)
            cursor = page.cursor
