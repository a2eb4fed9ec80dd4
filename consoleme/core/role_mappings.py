"""Group-to-role mappings: the read-only ones from settings and the dynamic ones admins edit.

Dynamic mappings are store records of kind ``role_mapping`` keyed by group, written with
optimistic concurrency (``version``: 0 creates, n replaces version n, anything else is a 409).
Every change starts a new eligibility epoch, so cached answers are recomputed at once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from consoleme.config.access import AccessSettings
from consoleme.domain.eligibility import RoleGrantRule
from consoleme.errors import BadRequest, NotFound
from consoleme.store.protocol import Store

log = logging.getLogger("consoleme.access")

KIND = "role_mapping"
MAX_PATTERNS = 500


@dataclass(frozen=True, slots=True)
class RoleMapping:
    """One group's mapping as the API shows it."""

    group: str
    roles: tuple[str, ...]
    cli_only_roles: tuple[str, ...]
    source: Literal["config", "dynamic"]  # config ones are read-only
    version: int  # 0 for config mappings
    updated_by: str | None
    updated_at: str | None


class RoleMappings:
    """Reads both kinds of mappings; writes dynamic ones."""

    def __init__(
        self,
        settings: AccessSettings,
        store: Store,
        on_change: Callable[[], Awaitable[None]],
    ) -> None:
        self.settings = settings
        self.store = store
        self.on_change = on_change

    def configured(self) -> dict[str, RoleGrantRule]:
        """Mappings from settings."""
        return {
            group: RoleGrantRule(tuple(g.roles), tuple(g.cli_only_roles))
            for group, g in self.settings.group_mappings.items()
        }

    async def dynamic(self) -> dict[str, RoleGrantRule]:
        """Mappings admins stored."""
        return {m.group: RoleGrantRule(m.roles, m.cli_only_roles) for m in await self._stored()}

    async def every(self) -> list[RoleMapping]:
        """Every mapping: config ones first, then dynamic ones, each sorted by group."""
        configured = [
            RoleMapping(group, rule.roles, rule.cli_only_roles, "config", 0, None, None)
            for group, rule in sorted(self.configured().items())
        ]
        return configured + await self._stored()

    async def _stored(self) -> list[RoleMapping]:
        found: list[RoleMapping] = []
        cursor: str | None = None
        while True:
            page = await self.store.query(KIND, limit=1000, cursor=cursor)
            found.extend(_mapping(r.data, r.version) for r in page.records)
            cursor = page.cursor
            if cursor is None:
                return found

    async def put(
        self,
        group: str,
        roles: list[str],
        cli_only_roles: list[str],
        *,
        version: int,
        actor: str,
    ) -> RoleMapping:
        """Create (``version`` 0) or replace (the current version) the group's dynamic mapping."""
        group = _check_group(group)
        for pattern in [*roles, *cli_only_roles]:
            _check_pattern(pattern)
        if len(roles) + len(cli_only_roles) > MAX_PATTERNS:
            raise BadRequest(f"at most {MAX_PATTERNS} roles per group")
        data: dict[str, Any] = {
            "group": group,
            "roles": sorted(set(roles)),
            "cli_only_roles": sorted(set(cli_only_roles)),
            "updated_by": actor,
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        }
        record = await self.store.put(KIND, group, data, expected_version=version, sort_key=group)
        log.info("role mapping saved", extra={"group": group, "actor": actor, "mapping": data})
        await self.on_change()
        return _mapping(record.data, record.version)

    async def delete(self, group: str, *, version: int, actor: str) -> None:
        """Remove the group's dynamic mapping at ``version``; NotFound when there is none."""
        if await self.store.get(KIND, group) is None or not await self.store.delete(
            KIND, group, expected_version=version
        ):
            raise NotFound(f"no dynamic mapping for group {group!r}")
        log.info("role mapping deleted", extra={"group": group, "actor": actor})
        await self.on_change()


def _mapping(data: dict[str, Any], version: int) -> RoleMapping:
    return RoleMapping(
        group=str(data["group"]),
        roles=tuple(data.get("roles", [])),
        cli_only_roles=tuple(data.get("cli_only_roles", [])),
        source="dynamic",
        version=version,
        updated_by=data.get("updated_by"),
        updated_at=data.get("updated_at"),
    )


def _check_group(group: str) -> str:
    group = group.strip()
    if not group or len(group) > 256 or "\x00" in group:
        raise BadRequest("a group name is 1 to 256 characters")
    return group


def _check_pattern(pattern: str) -> None:
    if not pattern.startswith("arn:") or ":role/" not in pattern or len(pattern) > 2048:
        raise BadRequest(
            f"{pattern!r} is not a role ARN or pattern (arn:aws:iam::<account or *>:role/<name>)"
        )
