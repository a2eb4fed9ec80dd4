"""Accounts from several sources merged into one list, and each account's refresh status.

Sources in order: AWS Organizations, then settings, then the ``account_inventory`` hook. A later
source updates an account an earlier one named (non-empty names and environments replace, tags
merge); an account only a later source names is added with that source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from consoleme.domain.inventory import RESOURCE_TYPES, Account, ReadFailure

AccountSource = Literal["config", "organizations", "plugin"]
RefreshState = Literal["ok", "failed", "partial", "never"]


def plugin_account(item: Mapping[str, Any]) -> Account | None:
    """An ``account_inventory`` hook item as an Account; None when its id is not 12 digits."""
    account_id = str(item.get("id", ""))
    if len(account_id) != 12 or not account_id.isdigit():
        return None
    tags = item.get("tags") or {}
    return Account(
        id=account_id,
        name=str(item.get("name") or ""),  # "" keeps the name other sources give
        environment=str(item.get("environment") or ""),
        status=str(item.get("status") or ""),  # "" leaves other sources' status alone
        ou_path=str(item.get("ou_path") or ""),
        tags={str(k): str(v) for k, v in dict(tags).items()},
        source="plugin",
    )


def _update(base: Account, newer: Account) -> Account:
    merged = Account(**base)
    for field in ("name", "environment", "ou_path"):
        if newer[field]:
            merged[field] = newer[field]
    if newer["source"] != "config" and newer["status"]:
        merged["status"] = newer["status"]
    merged["tags"] = {**base["tags"], **newer["tags"]}
    return merged


def merge_accounts(*sources: Iterable[Account]) -> list[Account]:
    """Accounts of every source, merged by id (later sources update earlier ones).

    Organizations' status wins over settings (settings cannot know an account was suspended).
    Sorted by name, then id.
    """
    merged: dict[str, Account] = {}
    for source in sources:
        for account in source:
            known = merged.get(account["id"])
            merged[account["id"]] = Account(**account) if known is None else _update(known, account)
    for account in merged.values():
        account["status"] = account["status"] or "ACTIVE"
        account["name"] = account["name"] or account["id"]
    return sorted(merged.values(), key=lambda a: (a["name"].lower(), a["id"]))


@dataclass(frozen=True, slots=True)
class PartStatus:
    """The last refresh of one (account, resource type)."""

    refreshed_at: float | None  # last success, epoch seconds
    failure: ReadFailure | None  # set while the last attempt failed


def refresh_state(parts: Mapping[str, PartStatus]) -> tuple[RefreshState, float | None]:
    """An account's state over its resource types, and the time of its latest successful refresh.

    ``parts`` maps each resource type to its status (missing types were never refreshed).
    ``ok``: every type refreshed and none failing; ``failed``: every type failing; ``partial``:
    some failing or not refreshed yet; ``never``: nothing refreshed or failed yet.
    """
    statuses = [parts.get(kind, PartStatus(None, None)) for kind in RESOURCE_TYPES]
    failed = sum(1 for s in statuses if s.failure is not None)
    times = [s.refreshed_at for s in statuses if s.refreshed_at is not None]
    latest = max(times) if times else None
    if failed == len(statuses):
        return "failed", latest
    if failed or (times and len(times) < len(statuses)):
        return "partial", latest
    if not times:
        return "never", None
    return "ok", latest
