"""Accounts: merged from AWS Organizations, settings and the ``account_inventory`` hook, cached
in Redis and snapshotted to the store; listed with each account's refresh state and errors."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from consoleme.core.inventory_context import InventoryContext, failure_text
from consoleme.core.inventory_restore import ACCOUNTS_SNAPSHOT, ensure_loaded
from consoleme.domain.accounts import (
    PartStatus,
    RefreshState,
    merge_accounts,
    plugin_account,
    refresh_state,
)
from consoleme.domain.inventory import RESOURCE_TYPES, Account, ReadFailure

log = logging.getLogger("consoleme.inventory")

ORGANIZATION_PART = "organization:accounts"


def configured_accounts(ctx: InventoryContext) -> list[Account]:
    """The accounts named in ``aws.accounts``."""
    return [
        Account(
            id=a.id,
            name=a.name,
            environment=a.environment,
            status="ACTIVE",
            ou_path="",
            tags=dict(a.tags),
            source="config",
        )
        for a in ctx.settings.aws.accounts
    ]


def hook_accounts(ctx: InventoryContext) -> list[Account]:
    """The accounts every ``account_inventory`` implementation returned (invalid ids skipped)."""
    found: list[Account] = []
    for items in ctx.plugins.hook.account_inventory():
        for item in items or []:
            account = plugin_account(item)
            if account is None:
                log.warning("account_inventory item without a 12-digit id", extra={"item": item})
            else:
                found.append(account)
    return found


async def _organization_accounts(ctx: InventoryContext) -> list[Account]:
    """Accounts from Organizations; the last known ones when Organizations cannot be read."""
    if not ctx.settings.aws.use_organizations:
        return []
    at = time.time()
    try:
        accounts, _, _ = await ctx.source.organization()
    except Exception as exc:
        reason = failure_text(exc)
        log.warning("organizations not read", extra={"error": reason})
        failure = ReadFailure(account_id="organization", type="accounts", error=reason, at=at)
        await ctx.cache.record_failure(failure)
        return [a for a in await ctx.cache.accounts() if a["source"] == "organizations"]
    await ctx.cache.record_refresh(ORGANIZATION_PART, at, time.time() - at, len(accounts))
    return accounts


async def refresh_account_list(ctx: InventoryContext) -> list[Account]:
    """Merge every source into the account list; store it in Redis and the store."""
    merged = merge_accounts(
        await _organization_accounts(ctx), configured_accounts(ctx), hook_accounts(ctx)
    )
    await ctx.cache.set_accounts(merged)
    try:
        await ctx.snapshots.save(ACCOUNTS_SNAPSHOT, list(merged))
    except Exception as exc:
        log.warning("accounts snapshot not saved", extra={"error": str(exc)})
    return merged


@dataclass(frozen=True, slots=True)
class AccountView:
    """An account with the state of its inventory."""

    account: Account
    state: RefreshState
    last_refreshed_at: float | None
    failures: list[ReadFailure]
    counts: dict[str, int]  # cached resources by type


async def list_accounts(ctx: InventoryContext, q: str = "") -> list[AccountView]:
    """Every known account whose name or id contains ``q`` (case-insensitive), by name."""
    await ensure_loaded(ctx)
    accounts = await ctx.cache.accounts()
    refreshed, failures = await ctx.cache.refresh_outcomes()
    wanted = q.strip().lower()
    views: list[AccountView] = []
    for account in accounts:
        if wanted and wanted not in account["name"].lower() and wanted not in account["id"]:
            continue
        views.append(_view(account, refreshed, failures))
    return views


def _view(
    account: Account, refreshed: dict[str, dict[str, Any]], failures: dict[str, ReadFailure]
) -> AccountView:
    prefix = account["id"] + ":"
    parts: dict[str, PartStatus] = {}
    counts: dict[str, int] = {}
    own_failures = [f for part, f in sorted(failures.items()) if part.startswith(prefix)]
    for part, outcome in refreshed.items():
        if part.startswith(prefix):
            kind = part[len(prefix) :]
            if kind in RESOURCE_TYPES:
                parts[kind] = PartStatus(float(outcome["at"]), failures.get(part))
                counts[kind] = int(outcome.get("count", 0))
    for failure in own_failures:
        kind = failure["type"]
        if kind not in parts:
            parts[kind] = PartStatus(None, failure)
    state, latest = refresh_state(parts)
    return AccountView(account, state, latest, own_failures, counts)
