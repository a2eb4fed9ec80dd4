"""Outcomes of background tasks in Redis, read by ``/metrics`` at scrape time.

    tasks:last_success     hash task name -> epoch seconds of its last success
    tasks:last_duration    hash task name -> seconds its last success took
    tasks:successes        hash task name -> successful runs
    tasks:failures         hash task name -> failed runs

Redis may be flushed: the counters then restart from zero, which Prometheus treats as a reset.
"""

from __future__ import annotations

from dataclasses import dataclass

from consoleme.store.cache import Cache
from consoleme.store.inventory_cache import answering

LAST_SUCCESS = "tasks:last_success"
LAST_DURATION = "tasks:last_duration"
SUCCESSES = "tasks:successes"
FAILURES = "tasks:failures"


@dataclass(frozen=True, slots=True)
class TaskStats:
    """What is known about one task."""

    task: str
    last_success: float | None
    last_duration: float | None
    successes: int
    failures: int


class TaskRecords:
    """Records task outcomes and reads them back."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    async def success(self, task: str, at: float, duration: float) -> None:
        key = self.cache.key
        async with answering():
            pipe = self.cache.client.pipeline(transaction=True)
            pipe.hset(key(LAST_SUCCESS), task, repr(at))
            pipe.hset(key(LAST_DURATION), task, repr(duration))
            pipe.hincrby(key(SUCCESSES), task, 1)
            await pipe.execute()

    async def failure(self, task: str) -> None:
        async with answering():
            await self.cache.client.hincrby(self.cache.key(FAILURES), task, 1)

    async def all(self) -> list[TaskStats]:
        """Every task that ever ran, by name."""
        key = self.cache.key
        async with answering():
            pipe = self.cache.client.pipeline(transaction=False)
            for name in (LAST_SUCCESS, LAST_DURATION, SUCCESSES, FAILURES):
                pipe.hgetall(key(name))
            last, duration, ok, failed = await pipe.execute()
        names = {_text(k) for table in (last, duration, ok, failed) for k in table}

        def number(table: dict[bytes, bytes], name: str) -> float | None:
            raw = table.get(name.encode())
            return None if raw is None else float(raw)

        return [
            TaskStats(
                task=name,
                last_success=number(last, name),
                last_duration=number(duration, name),
                successes=int(number(ok, name) or 0),
                failures=int(number(failed, name) or 0),
            )
            for name in sorted(names)
        ]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
