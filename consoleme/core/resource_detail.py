"""One resource for its detail page: the cached document (or a live read), its links, its
account, and for principals the recent AccessDenied count."""

from __future__ import annotations

from dataclasses import dataclass

from consoleme.core.inventory_context import InventoryContext
from consoleme.core.inventory_refresh import read_live
from consoleme.core.resources import (
    ResourceLinks,
    access_denied_count,
    account_of,
    cached_resource,
    links_for,
    resource_arn,
)
from consoleme.core.search_sync import SearchSync
from consoleme.domain.inventory import Account, Resource, ResourceType
from consoleme.errors import NotFound


@dataclass(frozen=True, slots=True)
class ResourceDetail:
    """What a detail page shows."""

    resource: Resource
    links: ResourceLinks
    account: Account | None
    access_denied_count: int | None  # principals only (roles, users)


async def resource_detail(
    ctx: InventoryContext,
    sync: SearchSync,
    account_id: str,
    kind: ResourceType,
    name: str,
    region: str = "",
    *,
    refresh: bool = False,
) -> ResourceDetail:
    """The resource from the cache, or read from AWS now when ``refresh``; NotFound otherwise."""
    doc = await cached_resource(ctx, sync, account_id, kind, name, region)
    if refresh:
        arn = doc["arn"] if doc is not None else resource_arn(account_id, kind, name, region)
        doc = await read_live(ctx, arn, account_id)
    if doc is None:
        raise NotFound(f"no cached {kind} {name!r} in account {account_id}")
    denied = None
    if kind in ("iam_role", "iam_user"):
        denied = await access_denied_count(ctx, doc)
    return ResourceDetail(doc, links_for(doc), await account_of(ctx, account_id), denied)
