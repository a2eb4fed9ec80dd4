"""Small in-memory stand-ins for the access use-cases' collaborators (cache, inventory, store,
STS, federation), so the use-cases can be tested without processes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pluggy

from consoleme.config.access import AccessSettings
from consoleme.core.audit import AccessAudit
from consoleme.core.eligibility import Eligibility
from consoleme.core.metrics import Metrics
from consoleme.core.role_mappings import RoleMappings
from consoleme.domain.assume_role import AssumedSession, AssumeRoleSpec
from consoleme.domain.eligibility import RoleFacts
from consoleme.errors import AwsError, Conflict
from consoleme.plugins import hookspecs
from consoleme.store.protocol import Page, Record
from consoleme.store.role_access_cache import Snapshot


class FakeRoleCache:
    """``RoleAccessCache`` over dicts."""

    def __init__(self) -> None:
        self.epoch = "e1"
        self.inventory = "1"
        self.values: dict[str, bytes] = {}

    @property
    def current(self) -> str:
        return f"{self.inventory}/{self.epoch}"

    async def snapshot(self, principal: str, user: str) -> Snapshot:
        return Snapshot(
            self.current, self.values.get("p:" + principal), self.values.get("f:" + user)
        )

    async def generation(self) -> str:
        return self.current

    async def new_epoch(self) -> None:
        self.epoch = secrets.token_hex(4)

    async def group_index(self, generation: str) -> bytes | None:
        return self.values.get("g:" + generation)

    async def put_group_index(self, generation: str, data: bytes, ttl_seconds: int) -> None:
        self.values["g:" + generation] = data

    async def put_entry(self, principal: str, data: bytes, ttl_seconds: int) -> None:
        self.values["p:" + principal] = data

    async def put_favorites(self, user: str, data: bytes, ttl_seconds: int) -> None:
        self.values["f:" + user] = data

    async def drop_favorites(self, user: str) -> None:
        self.values.pop("f:" + user, None)


@dataclass
class FakeInventory:
    roles: list[RoleFacts]
    accounts: dict[str, str] = field(default_factory=dict)
    generation_key: str = "inventory:generation"
    reads: int = 0
    version: int = 1  # bump when roles or accounts change

    async def fingerprint(self) -> str:
        return str(self.version)

    async def role_facts(self) -> list[RoleFacts]:
        self.reads += 1
        return list(self.roles)

    async def account_names(self) -> dict[str, str]:
        return dict(self.accounts)


class FakeStore:
    """The few store calls the access use-cases make, with versions."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], Record] = {}

    async def get(self, kind: str, key: str) -> Record | None:
        return self.records.get((kind, key))

    async def put(
        self,
        kind: str,
        key: str,
        data: dict[str, Any],
        *,
        expected_version: int | None = None,
        sort_key: str = "",
        indexes: dict[str, str] | None = None,
    ) -> Record:
        current = self.records.get((kind, key))
        version = current.version if current else 0
        if expected_version is not None and expected_version != version:
            raise Conflict("version mismatch")
        record = Record(kind, key, version + 1, data, sort_key, indexes or {})
        self.records[(kind, key)] = record
        return record

    async def delete(self, kind: str, key: str, *, expected_version: int | None = None) -> bool:
        return self.records.pop((kind, key), None) is not None

    async def query(self, kind: str, **options: Any) -> Page:
        index = options.get("index")
        found = [
            r
            for (k, _), r in sorted(self.records.items())
            if k == kind and (index is None or r.indexes.get(index[0]) == index[1])
        ]
        if options.get("descending"):
            found.sort(key=lambda r: (r.sort_key, r.key), reverse=True)
        return Page(found, None)


class FakeSts:
    def __init__(self, fail_for: str | None = None) -> None:
        self.specs: list[AssumeRoleSpec] = []
        self.fail_for = fail_for

    async def assume(self, spec: AssumeRoleSpec) -> AssumedSession:
        self.specs.append(spec)
        if spec.role_arn == self.fail_for:
            raise AwsError("sts:assume_role failed: AccessDenied: no")
        expires = datetime.now(UTC) + timedelta(seconds=spec.duration_seconds or 3600)
        return AssumedSession("ASIAFAKE", "secret", "token", expires, spec.role_arn)


def plugin_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


@dataclass
class AccessKit:
    """Eligibility, mappings and audit over the fakes."""

    settings: AccessSettings
    cache: FakeRoleCache
    inventory: FakeInventory
    store: FakeStore
    plugins: pluggy.PluginManager
    eligibility: Eligibility
    mappings: RoleMappings
    audit: AccessAudit


def access_kit(roles: list[RoleFacts], **settings: Any) -> AccessKit:
    access = AccessSettings.model_validate({"local_cache_seconds": 0, **settings})
    cache, store, plugins = FakeRoleCache(), FakeStore(), plugin_manager()
    inventory = FakeInventory(roles, {r.account_id: f"acct-{r.account_id[-1]}" for r in roles})
    holder: list[Eligibility] = []

    async def changed() -> None:
        await holder[0].invalidate()

    mappings = RoleMappings(access, store, changed)  # type: ignore[arg-type]

    async def no_favorites(user: str) -> bytes:
        return b"[]"

    eligibility = Eligibility(
        access,
        "app:",
        cache,
        inventory,
        mappings,
        plugins,
        no_favorites,  # type: ignore[arg-type]
    )
    holder.append(eligibility)
    audit = AccessAudit(store, Metrics())  # type: ignore[arg-type]
    return AccessKit(access, cache, inventory, store, plugins, eligibility, mappings, audit)
