"""Which roles a caller may use, answered from a cached index (never recomputed per request).

Two cached layers in Redis:

1. the group index: ``group -> {arn: console?}`` plus facts about each role, built from the
   inventory, role tags and every mapping (config, dynamic, applications). Keyed by a
   *fingerprint* of what it depends on: the IAM role parts of the inventory, account names and
   the mapping epoch;
2. one entry per principal (user + groups): their eligible roles, built from the group index
   and the ``eligible_roles`` hook, stamped with the *generation* (inventory counter + mapping
   epoch) and the fingerprint, kept for ``access.index_ttl_seconds`` at most.

A request reads the generation, its entry and the user's favorites in one MGET; a web process
also reuses a parsed answer for ``access.local_cache_seconds``. When the generation moved, the
fingerprint is read: unchanged (say, only buckets were refreshed) re-stamps the entry,
changed recomputes it, so inventory and mapping changes apply on the next request.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
import pluggy

from consoleme.config.access import AccessSettings
from consoleme.core.role_mappings import RoleMappings
from consoleme.domain.eligibility import (
    EligibleRole,
    GroupIndex,
    RoleFacts,
    RoleGrantRule,
    TagRule,
    app_group,
    build_group_index,
    grants_for,
    merge_rules,
)
from consoleme.domain.identity import Identity
from consoleme.domain.role_match import split_role_arn
from consoleme.store.role_access_cache import RoleAccessCache


class RoleInventory(Protocol):
    """Where eligibility reads roles and account names (the inventory cache)."""

    generation_key: str  # cache key of the counter bumped whenever the inventory changes

    async def role_facts(self) -> list[RoleFacts]:
        """Every role of every account."""

    async def account_names(self) -> dict[str, str]:
        """Account id -> name."""

    async def fingerprint(self) -> str:
        """A value that changes whenever roles or account names change (and only rarely
        otherwise); cheaper to read than the roles themselves."""


@dataclass(frozen=True, slots=True)
class CallerRoles:
    """A caller's eligible roles (sorted by ARN) and favorite ARNs."""

    roles: tuple[EligibleRole, ...]
    favorites: frozenset[str]

    def arns(self, *, console_only: bool = False) -> list[str]:
        """The ARNs, sorted; only console ones when ``console_only``."""
        return [r.arn for r in self.roles if r.console or not console_only]

    def get(self, arn: str) -> EligibleRole | None:
        """The role with exactly this ARN, or None."""
        for role in self.roles:
            if role.arn == arn:
                return role
        return None


@dataclass(slots=True)
class _Memo:
    expires: float
    generation: str
    entry: bytes
    favorites: bytes | None
    answer: CallerRoles


@dataclass(frozen=True, slots=True)
class _IndexDoc:
    groups: GroupIndex
    facts: dict[str, tuple[str, str, int]]
    accounts: dict[str, str]


def principal_id(identity: Identity) -> str:
    """Cache id of (user, groups): tokens carry groups, so both decide eligibility."""
    text = "\x00".join([identity.user, *sorted(identity.groups)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Eligibility:
    """Answers "which roles may this caller use" from the cache, recomputing on change."""

    def __init__(
        self,
        settings: AccessSettings,
        app_prefix: str,
        cache: RoleAccessCache,
        inventory: RoleInventory,
        mappings: RoleMappings,
        plugins: pluggy.PluginManager,
        load_favorites: Callable[[str], Awaitable[bytes]],
    ) -> None:
        self.settings = settings
        self.app_prefix = app_prefix
        self.cache = cache
        self.inventory = inventory
        self.mappings = mappings
        self.plugins = plugins
        self.load_favorites = load_favorites
        self._memo: dict[tuple[str, tuple[str, ...]], _Memo] = {}
        self._index: tuple[str, _IndexDoc] | None = None  # (fingerprint, index)
        self._fingerprint_of: tuple[str, str] | None = None  # (generation, fingerprint)
        self._inflight: dict[str, asyncio.Future[bytes]] = {}

    async def roles_for(self, identity: Identity) -> CallerRoles:
        """The caller's eligible roles and favorites (a cache lookup on the hot path)."""
        memo_key = (identity.user, identity.groups)
        memo = self._memo.get(memo_key)
        now = time.monotonic()
        if memo is not None and memo.expires > now:
            return memo.answer
        principal = principal_id(identity)
        snap = await self.cache.snapshot(principal, identity.user)
        entry = snap.entry
        if entry is None or not entry.startswith(snap.generation.encode() + b"\n"):
            entry = await self._single_flight(principal, identity, snap.generation, entry)
        favorites = snap.favorites
        if favorites is None:
            favorites = await self.load_favorites(identity.user)
        if memo is not None and memo.entry == entry and memo.favorites == favorites:
            answer = memo.answer
        else:
            answer = CallerRoles(_parse_entry(entry), frozenset(orjson.loads(favorites)))
        expires = now + self.settings.local_cache_seconds
        self._memo[memo_key] = _Memo(expires, snap.generation, entry, favorites, answer)
        if len(self._memo) > 10_000:
            self._memo.clear()
        return answer

    async def account_names(self) -> dict[str, str]:
        """Account id -> name, as of the current generation."""
        fingerprint = await self._fingerprint(await self.cache.generation())
        return (await self._group_index(fingerprint)).accounts

    def forget(self, identity: Identity) -> None:
        """Drop this process's reused answer for the caller (after their favorites changed)."""
        self._memo.pop((identity.user, identity.groups), None)

    async def invalidate(self) -> None:
        """Mappings changed: start a new generation."""
        await self.cache.new_epoch()
        self._memo.clear()

    async def _single_flight(
        self, principal: str, identity: Identity, generation: str, stale: bytes | None
    ) -> bytes:
        running = self._inflight.get(principal)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._inflight[principal] = future
        try:
            entry = await self._refresh(principal, identity, generation, stale)
            future.set_result(entry)
            return entry
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody else needs to
            raise
        finally:
            del self._inflight[principal]

    async def _refresh(
        self, principal: str, identity: Identity, generation: str, stale: bytes | None
    ) -> bytes:
        """The caller's entry for ``generation``: the stale one re-stamped when nothing it
        depends on changed (another resource type was refreshed), else recomputed."""
        fingerprint = await self._fingerprint(generation)
        _, old_fingerprint, body = _split_entry(stale) if stale else ("", "", b"")
        if old_fingerprint != fingerprint:
            body = await self._recompute(identity, fingerprint)
        entry = b"\n".join([generation.encode(), fingerprint.encode(), body])
        await self.cache.put_entry(principal, entry, self.settings.index_ttl_seconds)
        return entry

    async def _fingerprint(self, generation: str) -> str:
        """What eligibility depends on (roles, account names, the mapping epoch), hashed."""
        if self._fingerprint_of is not None and self._fingerprint_of[0] == generation:
            return self._fingerprint_of[1]
        epoch = generation.rpartition("/")[2]
        text = f"{await self.inventory.fingerprint()}/{epoch}"
        fingerprint = hashlib.sha256(text.encode()).hexdigest()[:24]
        self._fingerprint_of = (generation, fingerprint)
        return fingerprint

    async def _recompute(self, identity: Identity, fingerprint: str) -> bytes:
        doc = await self._group_index(fingerprint)
        groups = list(identity.groups)
        if identity.user.startswith(self.app_prefix):
            groups.append(app_group(self.app_prefix, identity.user[len(self.app_prefix) :]))
        hooked = self.plugins.hook.eligible_roles(user=identity.user, groups=list(identity.groups))
        extra = [arn for result in hooked for arn in result or []]
        grants = grants_for(groups, doc.groups, extra)
        rows = [_row(arn, console, doc) for arn, console in sorted(grants.items())]
        return orjson.dumps([row for row in rows if row is not None])

    async def _group_index(self, fingerprint: str) -> _IndexDoc:
        if self._index is not None and self._index[0] == fingerprint:
            return self._index[1]
        raw = await self.cache.group_index(fingerprint)
        if raw is None:
            raw = await self._build_group_index()
            await self.cache.put_group_index(fingerprint, raw, self.settings.index_ttl_seconds)
        data = orjson.loads(raw)
        doc = _IndexDoc(
            groups=data["groups"],
            facts={arn: (f[0], f[1], f[2]) for arn, f in data["facts"].items()},
            accounts=data["accounts"],
        )
        self._index = (fingerprint, doc)
        return doc

    async def _build_group_index(self) -> bytes:
        roles = await self.inventory.role_facts()
        accounts = await self.inventory.account_names()
        apps = {
            app_group(self.app_prefix, name): RoleGrantRule(tuple(g.roles), tuple(g.cli_only_roles))
            for name, g in self.settings.app_mappings.items()
        }
        rules = merge_rules(self.mappings.configured(), await self.mappings.dynamic(), apps)
        tags = TagRule(
            tuple(self.settings.tag_keys),
            tuple(self.settings.cli_only_tag_keys),
            self.settings.tag_value_separator,
        )
        groups = build_group_index(roles, rules, tags)
        facts = {r.arn: [r.account_id, r.role_name, r.max_session_duration] for r in roles}
        return orjson.dumps({"groups": groups, "facts": facts, "accounts": accounts})


def _row(arn: str, console: bool, doc: _IndexDoc) -> list[Any] | None:
    fact = doc.facts.get(arn)
    if fact is None:
        try:
            account_id, role_name = split_role_arn(arn)
        except ValueError:
            return None  # a mapping or hook named something that is not a role ARN
        fact = (account_id, role_name, 3600)
    account_id, role_name, max_duration = fact
    return [arn, account_id, doc.accounts.get(account_id), role_name, console, max_duration]


def _split_entry(entry: bytes) -> tuple[str, str, bytes]:
    """An entry is ``<generation>\\n<fingerprint>\\n<JSON rows>``."""
    generation, fingerprint, body = entry.split(b"\n", 2)
    return generation.decode(), fingerprint.decode(), body


def _parse_entry(entry: bytes) -> tuple[EligibleRole, ...]:
    _, _, body = _split_entry(entry)
    return tuple(
        EligibleRole(arn, account, name, role, bool(console), int(max_duration))
        for arn, account, name, role, console, max_duration in orjson.loads(body)
    )
