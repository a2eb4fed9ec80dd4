"""The AWS inventory in Redis: documents per (account, type), accounts, the organization.

Readers elsewhere (eligibility, the search index, the API) use this module only::

    inventory = InventoryCache(cache)
    roles = await inventory.all_roles()        # every cached Role document, all accounts
    names = await inventory.account_names()    # account id -> name
    counter = await inventory.generation()     # changes on every inventory write
    # or read the counter yourself: cache key ``InventoryCache.generation_key``

Key layout (every key carries the cache prefix; ``<part>`` is ``<account>:<type>``; the braces
are Redis Cluster hash tags so a part's keys and their temporary copies share a slot)::

    inventory:generation                 INCR on every write below (resources, accounts, org...)
    inventory:versions                   hash <part> -> writes to that part (the search index
                                         re-reads only the parts whose number moved)
    inventory:docs:{<part>}              hash ARN -> document JSON (consoleme.domain.inventory)
    inventory:search:{<part>}            hash ARN -> [name, region, tags] JSON (search index)
    inventory:accounts_with:<type>       set of account ids that have <type> cached
    inventory:accounts                   JSON list of Account
    inventory:organization               JSON {"scps": [...], "tree": {...}, "at": epoch}
    inventory:access_denied:{<account>}  hash principal ARN -> recent AccessDenied count
    inventory:refreshed                  hash <part> -> {"at", "duration", "count"} JSON
    inventory:failures                   hash <part> -> ReadFailure JSON, while failing
    inventory:loaded                     a random epoch token, set once this Redis holds the
                                         inventory (restored from the store snapshot; writers
                                         restore before writing); a new token means "re-read all"
    inventory:restore_lock               held by the one process restoring a flushed Redis

Parts other than resources use pseudo types: ``<account>:access_denied``,
``organization:organization`` and ``accounts:accounts`` in ``refreshed`` / ``failures``.
A whole part is replaced atomically: written under a temporary key, then RENAMEd.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any, cast

import orjson
from redis.exceptions import RedisError

from consoleme.domain.inventory import (
    Account,
    OrganizationNode,
    ReadFailure,
    Resource,
    ResourceType,
    Role,
    ServiceControlPolicy,
)
from consoleme.errors import Unavailable
from consoleme.store.cache import Cache

GENERATION = "inventory:generation"
VERSIONS = "inventory:versions"
ACCOUNTS = "inventory:accounts"
ORGANIZATION = "inventory:organization"
REFRESHED = "inventory:refreshed"
FAILURES = "inventory:failures"
LOADED = "inventory:loaded"
RESTORE_LOCK = "inventory:restore_lock"
_WRITE_BATCH = 1000
_TMP_TTL = 900


@asynccontextmanager
async def answering() -> AsyncIterator[None]:
    """Redis failures become Unavailable (503), never a 500."""
    try:
        yield
    except (RedisError, OSError) as exc:
        raise Unavailable(f"cache did not answer: {type(exc).__name__}") from None


def part_name(account_id: str, kind: str) -> str:
    """``<account>:<type>``: one unit of refresh, caching and snapshotting."""
    return f"{account_id}:{kind}"


def search_projection(doc: Resource) -> bytes:
    """What the search index keeps of a document."""
    return orjson.dumps([doc["name"], doc.get("region", ""), doc.get("tags", {})])


class InventoryCache:
    """Reads and writes the keys above through one :class:`Cache`."""

    generation_key = GENERATION

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.redis = cache.client

    def key(self, name: str) -> str:
        return self.cache.key(name)

    def docs_key(self, account_id: str, kind: str) -> str:
        return self.key(f"inventory:docs:{{{part_name(account_id, kind)}}}")

    def search_key(self, account_id: str, kind: str) -> str:
        return self.key(f"inventory:search:{{{part_name(account_id, kind)}}}")

    def accounts_with_key(self, kind: str) -> str:
        return self.key(f"inventory:accounts_with:{kind}")

    def denied_key(self, account_id: str) -> str:
        return self.key(f"inventory:access_denied:{{{account_id}}}")

    # --- the counter -------------------------------------------------------------------------

    async def generation(self) -> int:
        """The inventory generation; 0 when Redis holds none (never written, or flushed)."""
        async with answering():
            raw = await self.redis.get(self.key(GENERATION))
        return int(raw) if raw is not None else 0

    async def part_versions(self) -> dict[str, int]:
        """``<account>:<type>`` -> its write counter, for every cached resource part."""
        async with answering():
            raw = await self.redis.hgetall(self.key(VERSIONS))
        return {_text(k): int(v) for k, v in raw.items()}

    # --- resources ---------------------------------------------------------------------------

    async def replace_part(self, account_id: str, kind: ResourceType, docs: list[Resource]) -> None:
        """Replace every cached document of ``(account_id, kind)`` at once."""
        docs_key, search_key = self.docs_key(account_id, kind), self.search_key(account_id, kind)
        token = secrets.token_hex(6)
        tmp_docs, tmp_search = f"{docs_key}:tmp:{token}", f"{search_key}:tmp:{token}"
        async with answering():
            for start in range(0, len(docs), _WRITE_BATCH):
                batch = docs[start : start + _WRITE_BATCH]
                pipe = self.redis.pipeline(transaction=False)
                pipe.hset(tmp_docs, mapping={d["arn"]: orjson.dumps(d) for d in batch})
                pipe.hset(tmp_search, mapping={d["arn"]: search_projection(d) for d in batch})
                pipe.expire(tmp_docs, _TMP_TTL)
                pipe.expire(tmp_search, _TMP_TTL)
                await pipe.execute()
            pipe = self.redis.pipeline(transaction=True)
            if docs:
                pipe.rename(tmp_docs, docs_key)
                pipe.persist(docs_key)
                pipe.rename(tmp_search, search_key)
                pipe.persist(search_key)
                pipe.sadd(self.accounts_with_key(kind), account_id)
            else:
                pipe.delete(docs_key, search_key)
                pipe.srem(self.accounts_with_key(kind), account_id)
            self._bump(pipe, part_name(account_id, kind))
            await pipe.execute()

    async def put_resource(self, doc: Resource) -> None:
        """Add or replace one document (a live read of a single resource)."""
        account_id, kind = doc["account_id"], doc["type"]
        async with answering():
            pipe = self.redis.pipeline(transaction=True)
            pipe.hset(self.docs_key(account_id, kind), doc["arn"], orjson.dumps(doc))
            pipe.hset(self.search_key(account_id, kind), doc["arn"], search_projection(doc))
            pipe.sadd(self.accounts_with_key(kind), account_id)
            self._bump(pipe, part_name(account_id, kind))
            await pipe.execute()

    async def delete_resource(self, account_id: str, kind: ResourceType, arn: str) -> None:
        """Forget one document (AWS says it no longer exists)."""
        async with answering():
            pipe = self.redis.pipeline(transaction=True)
            pipe.hdel(self.docs_key(account_id, kind), arn)
            pipe.hdel(self.search_key(account_id, kind), arn)
            self._bump(pipe, part_name(account_id, kind))
            await pipe.execute()

    def _bump(self, pipe: Any, part: str | None) -> None:
        if part is not None:
            pipe.hincrby(self.key(VERSIONS), part, 1)
        pipe.incr(self.key(GENERATION))

    async def get_resource(self, account_id: str, kind: ResourceType, arn: str) -> Resource | None:
        """One cached document, or None."""
        async with answering():
            raw = await self.redis.hget(self.docs_key(account_id, kind), arn)
        return None if raw is None else cast(Resource, orjson.loads(raw))

    async def part_docs(self, account_id: str, kind: ResourceType) -> list[Resource]:
        """Every cached document of one part, sorted by ARN."""
        async with answering():
            raw = await self.redis.hvals(self.docs_key(account_id, kind))
        return sorted((cast(Resource, orjson.loads(v)) for v in raw), key=lambda d: d["arn"])

    async def part_search_rows(self, account_id: str, kind: str) -> dict[str, Any]:
        """ARN -> [name, region, tags] of one part (what the search index needs)."""
        async with answering():
            raw = await self.redis.hgetall(self.search_key(account_id, kind))
        return {_text(k): orjson.loads(v) for k, v in raw.items()}

    async def accounts_with(self, kind: ResourceType) -> list[str]:
        """Account ids that have documents of ``kind`` cached, sorted."""
        async with answering():
            members = await self.redis.smembers(self.accounts_with_key(kind))
        return sorted(_text(m) for m in members)

    async def all_of_type(self, kind: ResourceType) -> list[Resource]:
        """Every cached document of ``kind`` in every account, sorted by ARN."""
        accounts = await self.accounts_with(kind)
        async with answering():
            pipe = self.redis.pipeline(transaction=False)
            for account_id in accounts:
                pipe.hvals(self.docs_key(account_id, kind))
            answers = await pipe.execute()
        docs = [cast(Resource, orjson.loads(v)) for values in answers for v in values]
        return sorted(docs, key=lambda d: d["arn"])

    async def all_roles(self) -> list[Role]:
        """Every cached IAM role of every account, sorted by ARN."""
        return cast(list[Role], await self.all_of_type("iam_role"))

    # --- accounts and the organization -------------------------------------------------------

    async def set_accounts(self, accounts: list[Account]) -> None:
        """Replace the account list (kept sorted by name, then id)."""
        ordered = sorted(accounts, key=lambda a: (a["name"].lower(), a["id"]))
        await self._set_json(ACCOUNTS, ordered)

    async def accounts(self) -> list[Account]:
        """Every known account (merged from all sources), sorted by name."""
        return cast(list[Account], await self._get_json(ACCOUNTS) or [])

    async def account_names(self) -> dict[str, str]:
        """Account id -> name."""
        return {a["id"]: a["name"] for a in await self.accounts()}

    async def set_organization(
        self, scps: list[ServiceControlPolicy], tree: OrganizationNode, at: float
    ) -> None:
        await self._set_json(ORGANIZATION, {"scps": scps, "tree": tree, "at": at})

    async def organization(self) -> tuple[list[ServiceControlPolicy], OrganizationNode] | None:
        """SCPs and the organization tree, None when never read."""
        data = await self._get_json(ORGANIZATION)
        return None if data is None else (data["scps"], data["tree"])

    async def _set_json(self, name: str, value: Any) -> None:
        async with answering():
            pipe = self.redis.pipeline(transaction=True)
            pipe.set(self.key(name), orjson.dumps(value))
            self._bump(pipe, None)
            await pipe.execute()

    async def _get_json(self, name: str) -> Any:
        async with answering():
            raw = await self.redis.get(self.key(name))
        return None if raw is None else orjson.loads(raw)

    # --- access denied -----------------------------------------------------------------------

    async def set_access_denied(self, account_id: str, counts: dict[str, int]) -> None:
        """Replace the recent AccessDenied counts of ``account_id``'s principals."""
        key = self.denied_key(account_id)
        async with answering():
            pipe = self.redis.pipeline(transaction=True)
            pipe.delete(key)
            if counts:
                pipe.hset(key, mapping=counts)  # type: ignore[arg-type]
            self._bump(pipe, None)
            await pipe.execute()

    async def access_denied(self, account_id: str) -> dict[str, int]:
        """Principal ARN -> recent AccessDenied count, for one account."""
        async with answering():
            raw = await self.redis.hgetall(self.denied_key(account_id))
        return {_text(k): int(v) for k, v in raw.items()}

    # --- refresh outcomes --------------------------------------------------------------------

    async def record_refresh(self, part: str, at: float, duration: float, count: int) -> None:
        """A part was refreshed: remember when, how long it took, and clear its failure."""
        entry = orjson.dumps({"at": at, "duration": duration, "count": count})
        async with answering():
            pipe = self.redis.pipeline(transaction=True)
            pipe.hset(self.key(REFRESHED), part, entry)
            pipe.hdel(self.key(FAILURES), part)
            await pipe.execute()

    async def record_failure(self, failure: ReadFailure) -> None:
        """A part failed to refresh; its last good documents stay cached."""
        part = part_name(failure["account_id"], failure["type"])
        async with answering():
            await self.redis.hset(self.key(FAILURES), part, orjson.dumps(failure))

    async def refresh_outcomes(self) -> tuple[dict[str, dict[str, Any]], dict[str, ReadFailure]]:
        """Last successes (part -> {at, duration, count}) and current failures (part -> ...)."""
        async with answering():
            pipe = self.redis.pipeline(transaction=False)
            pipe.hgetall(self.key(REFRESHED))
            pipe.hgetall(self.key(FAILURES))
            refreshed, failures = await pipe.execute()
        return (
            {_text(k): orjson.loads(v) for k, v in refreshed.items()},
            {_text(k): cast(ReadFailure, orjson.loads(v)) for k, v in failures.items()},
        )

    # --- cold start --------------------------------------------------------------------------

    async def is_loaded(self) -> bool:
        """True once this Redis holds the inventory (restored or written since a flush)."""
        async with answering():
            return bool(await self.redis.exists(self.key(LOADED)))

    async def mark_loaded(self) -> None:
        """Record that Redis now holds the inventory, under a new random epoch token."""
        async with answering():
            await self.redis.set(self.key(LOADED), secrets.token_hex(8))

    async def sync_state(self) -> tuple[int, str | None]:
        """The generation and the load epoch (None: not loaded), in one round trip."""
        async with answering():
            generation, epoch = await self.redis.mget([self.key(GENERATION), self.key(LOADED)])
        return (int(generation) if generation is not None else 0), (
            None if epoch is None else _text(epoch)
        )

    async def claim(self, name: str, ttl_seconds: int) -> bool:
        """True for the one caller that sets ``inventory:claim:<name>`` first (within the TTL)."""
        async with answering():
            key = self.key(f"inventory:claim:{name}")
            return bool(await self.redis.set(key, "1", ex=ttl_seconds, nx=True))

    async def try_restore_lock(self, owner: str, ttl_seconds: int) -> bool:
        """Take the restore lock; False when another process holds it."""
        async with answering():
            key = self.key(RESTORE_LOCK)
            return bool(await self.redis.set(key, owner, ex=ttl_seconds, nx=True))

    async def release_restore_lock(self, owner: str) -> None:
        async with answering():
            key = self.key(RESTORE_LOCK)
            if _text(await self.redis.get(key) or b"") == owner:
                await self.redis.delete(key)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def parts_of(versions: Iterable[str]) -> list[tuple[str, str]]:
    """``<account>:<type>`` names as ``(account, type)`` pairs."""
    return [(p.split(":", 1)[0], p.split(":", 1)[1]) for p in versions]
