"""The role access use-cases of one process, built once from settings (``services.access``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import orjson
import pluggy

from consoleme.config.models import Settings
from consoleme.core.audit import AccessAudit
from consoleme.core.authn import Authenticator
from consoleme.core.challenge import ChallengeLogin
from consoleme.core.console_login import ConsoleLogin, SigninTokens
from consoleme.core.credentials import CredentialBroker, RoleAssumer
from consoleme.core.eligibility import Eligibility, RoleInventory
from consoleme.core.favorites import FavoriteRoles
from consoleme.core.metrics import Metrics
from consoleme.core.role_mappings import RoleMappings
from consoleme.domain.eligibility import RoleFacts
from consoleme.domain.inventory import Role
from consoleme.store.cache import Cache
from consoleme.store.challenges import ChallengeStore
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.protocol import Store
from consoleme.store.role_access_cache import RoleAccessCache


class ClosableSigninTokens(SigninTokens, Protocol):
    """The federation client, which holds connections to release at shutdown."""

    async def close(self) -> None:
        """Release connections."""


class InventoryRoles:
    """The inventory cache as eligibility reads it (a :class:`RoleInventory`)."""

    def __init__(self, inventory: InventoryCache) -> None:
        self.inventory = inventory
        self.generation_key = inventory.generation_key

    async def role_facts(self) -> list[RoleFacts]:
        return [role_facts(role) for role in await self.inventory.all_roles()]

    async def account_names(self) -> dict[str, str]:
        return await self.inventory.account_names()

    async def fingerprint(self) -> str:
        """Hash of the IAM role parts' write counters and the account names."""
        versions = await self.inventory.part_versions()
        role_parts = sorted((p, v) for p, v in versions.items() if p.endswith(":iam_role"))
        names = sorted((await self.inventory.account_names()).items())
        return hashlib.sha256(orjson.dumps([role_parts, names])).hexdigest()[:24]


def role_facts(role: Role) -> RoleFacts:
    """What eligibility needs of an inventory role document."""
    return RoleFacts(
        arn=role["arn"],
        account_id=role["account_id"],
        role_name=role["name"],
        tags=role.get("tags") or {},
        max_session_duration=int(role.get("max_session_duration") or 3600),
    )


@dataclass
class Access:
    """Eligibility, favorites, mappings, credentials, console and CLI sign-in, audit."""

    eligibility: Eligibility
    favorites: FavoriteRoles
    mappings: RoleMappings
    credentials: CredentialBroker
    console: ConsoleLogin
    challenges: ChallengeLogin
    audit: AccessAudit
    federation: ClosableSigninTokens

    async def close(self) -> None:
        """Release the federation client's connections."""
        await self.federation.close()


def build_access(
    settings: Settings,
    plugins: pluggy.PluginManager,
    store: Store,
    cache: Cache,
    metrics: Metrics,
    authenticator: Authenticator,
    inventory: RoleInventory,
    sts: RoleAssumer,
    federation: ClosableSigninTokens,
) -> Access:
    """Wire the use-cases together. Performs no I/O."""
    access = settings.access
    role_cache = RoleAccessCache(cache, inventory.generation_key)
    audit = AccessAudit(store, metrics)
    favorites = FavoriteRoles(store, role_cache)
    holder: list[Eligibility] = []

    async def mappings_changed() -> None:
        await holder[0].invalidate()

    mappings = RoleMappings(access, store, mappings_changed)
    app_prefix = settings.auth.certificate.app_prefix
    eligibility = Eligibility(
        access, app_prefix, role_cache, inventory, mappings, plugins, favorites.load
    )
    holder.append(eligibility)
    issuer = settings.server.public_url or settings.site_name
    return Access(
        eligibility=eligibility,
        favorites=favorites,
        mappings=mappings,
        credentials=CredentialBroker(access, app_prefix, eligibility, sts, audit),
        console=ConsoleLogin(access, issuer, eligibility, sts, federation, audit),
        challenges=ChallengeLogin(
            settings.auth.challenge, ChallengeStore(cache), authenticator, audit
        ),
        audit=audit,
        federation=federation,
    )
