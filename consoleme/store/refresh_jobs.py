"""Progress of on-demand inventory refreshes in Redis.

    inventory:refresh_job:{<id>}          hash: status, target (JSON), requested_by,
                                          created_at, updated_at, parts, done, failed
    inventory:refresh_job:{<id>}:errors   list of error texts of failed parts

A job has one part per enqueued task; it is ``queued`` until a part starts, ``running`` until
every part finished, then ``done`` (all succeeded) or ``failed`` (any failed). Keys expire.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from consoleme.store.cache import Cache
from consoleme.store.inventory_cache import answering

_FINISH_PART = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if ARGV[1] == '1' then
  redis.call('HINCRBY', KEYS[1], 'done', 1)
else
  redis.call('HINCRBY', KEYS[1], 'failed', 1)
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
local parts = tonumber(redis.call('HGET', KEYS[1], 'parts'))
local done = tonumber(redis.call('HGET', KEYS[1], 'done') or '0')
local failed = tonumber(redis.call('HGET', KEYS[1], 'failed') or '0')
local status = 'running'
if done + failed >= parts then
  if failed > 0 then status = 'failed' else status = 'done' end
end
redis.call('HSET', KEYS[1], 'status', status, 'updated_at', ARGV[3])
return status
"""

_START_PART = """
if redis.call('HGET', KEYS[1], 'status') == 'queued' then
  redis.call('HSET', KEYS[1], 'status', 'running', 'updated_at', ARGV[1])
end
return 1
"""


class RefreshJobs:
    """Creates refresh jobs and follows their parts."""

    def __init__(self, cache: Cache, ttl_seconds: int) -> None:
        self.cache = cache
        self.ttl_seconds = ttl_seconds

    def _key(self, job_id: str) -> str:
        return self.cache.key(f"inventory:refresh_job:{{{job_id}}}")

    async def create(
        self, job_id: str, target: dict[str, Any], requested_by: str, parts: int
    ) -> None:
        now = repr(time.time())
        fields = {
            "status": "queued",
            "target": orjson.dumps(target),
            "requested_by": requested_by,
            "created_at": now,
            "updated_at": now,
            "parts": parts,
            "done": 0,
            "failed": 0,
        }
        async with answering():
            pipe = self.cache.client.pipeline(transaction=True)
            pipe.hset(self._key(job_id), mapping=fields)  # type: ignore[arg-type]
            pipe.expire(self._key(job_id), self.ttl_seconds)
            await pipe.execute()

    async def start_part(self, job_id: str) -> None:
        async with answering():
            await self.cache.client.eval(_START_PART, 1, self._key(job_id), repr(time.time()))

    async def finish_part(self, job_id: str, ok: bool, error: str = "") -> None:
        key = self._key(job_id)
        async with answering():
            await self.cache.client.eval(
                _FINISH_PART,
                2,
                key,
                key + ":errors",
                "1" if ok else "0",
                error[:2000],
                repr(time.time()),
                str(self.ttl_seconds),
            )

    async def get(self, job_id: str) -> dict[str, Any] | None:
        """The job as stored (``target`` decoded, ``errors`` added), None when unknown/expired."""
        key = self._key(job_id)
        async with answering():
            pipe = self.cache.client.pipeline(transaction=False)
            pipe.hgetall(key)
            pipe.lrange(key + ":errors", 0, 99)
            raw, errors = await pipe.execute()
        if not raw:
            return None
        fields = {k.decode(): v.decode() for k, v in raw.items()}
        return {
            "id": job_id,
            "status": fields["status"],
            "target": orjson.loads(fields["target"]),
            "requested_by": fields["requested_by"],
            "created_at": float(fields["created_at"]),
            "updated_at": float(fields["updated_at"]),
            "parts": int(fields["parts"]),
            "done": int(fields.get("done", 0)),
            "failed": int(fields.get("failed", 0)),
            "errors": [e.decode() for e in errors],
        }
