"""Readiness: are the store and the cache answering?"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from consoleme.errors import ConsoleMeError

Check = Callable[[], Awaitable[None]]


async def readiness(checks: dict[str, Check], limit_seconds: float = 2.0) -> dict[str, str]:
    """``{"store": "ok", "cache": "unavailable: ..."}``; each check gets ``limit_seconds``."""

    async def run(check: Check) -> str:
        try:
            await asyncio.wait_for(check(), limit_seconds)
        except TimeoutError:
            return "unavailable: timed out"
        except ConsoleMeError as exc:
            return f"unavailable: {exc.message}"
        except Exception as exc:  # a dependency failing in an unexpected way is still "not ready"
            return f"unavailable: {type(exc).__name__}"
        return "ok"

    names = list(checks)
    results = await asyncio.gather(*(run(checks[name]) for name in names))
    return dict(zip(names, results, strict=True))
