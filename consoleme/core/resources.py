"""Reading the inventory: search, one resource, SCPs of an account, weep's typeahead and
resource URLs. Everything is served from the cache (and the process's search index)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from consoleme.core.inventory_context import InventoryContext
from consoleme.core.inventory_restore import ensure_loaded
from consoleme.core.search_sync import SearchSync
from consoleme.domain.arn import Arn, parse_arn, resource_type_of
from consoleme.domain.inventory import (
    Account,
    OrganizationNode,
    Queue,
    Resource,
    ResourceType,
)
from consoleme.domain.resource_links import console_login_path, console_url, ui_path
from consoleme.domain.scp import AppliedPolicy, policies_for_account
from consoleme.domain.search import SearchPage, SearchQuery
from consoleme.errors import BadRequest, NotFound


async def search_resources(sync: SearchSync, query: SearchQuery) -> SearchPage:
    """One page of cached resources matching ``query`` (see :class:`SearchQuery`)."""
    await sync.wait_ready(sync.ctx.settings.inventory.search_warmup_seconds)
    return await sync.index.search(query)


def resource_arn(account_id: str, kind: ResourceType, name: str, region: str = "") -> str:
    """The ARN of a resource without an IAM path (IAM resources may have one)."""
    if kind == "iam_role":
        return f"arn:aws:iam::{account_id}:role/{name}"
    if kind == "iam_user":
        return f"arn:aws:iam::{account_id}:user/{name}"
    if kind == "managed_policy":
        return f"arn:aws:iam::{account_id}:policy/{name}"
    if kind == "s3_bucket":
        return f"arn:aws:s3:::{name}"
    service = "sqs" if kind == "sqs_queue" else "sns"
    return f"arn:aws:{service}:{region}:{account_id}:{name}"


async def cached_resource(
    ctx: InventoryContext,
    sync: SearchSync | None,
    account_id: str,
    kind: ResourceType,
    name: str,
    region: str = "",
) -> Resource | None:
    """A cached resource by account, type, name (and region for SQS/SNS); None when unknown.

    IAM resources with a path are found through the search index.
    """
    doc = await _get_or_restore(ctx, account_id, kind, resource_arn(account_id, kind, name, region))
    if doc is not None or kind not in ("iam_role", "iam_user", "managed_policy") or sync is None:
        return doc
    await sync.wait_ready(ctx.settings.inventory.search_warmup_seconds)
    page = await sync.index.search(SearchQuery(q=name, account_id=account_id, type=kind, limit=200))
    for entry in page.entries:
        if entry["name"] == name:
            return await ctx.cache.get_resource(account_id, kind, entry["arn"])
    return None


async def _get_or_restore(
    ctx: InventoryContext, account_id: str, kind: ResourceType, arn: str
) -> Resource | None:
    doc = await ctx.cache.get_resource(account_id, kind, arn)
    if doc is None and not await ctx.cache.is_loaded():
        await ensure_loaded(ctx)
        doc = await ctx.cache.get_resource(account_id, kind, arn)
    return doc


async def find_by_arn(ctx: InventoryContext, arn: Arn) -> Resource | None:
    """The cached resource an ARN names, in whichever account holds it; None when unknown."""
    kind = resource_type_of(arn)
    if kind is None:
        return None
    text = f"arn:{arn.partition}:{arn.service}:{arn.region}:{arn.account_id}:{arn.resource}"
    candidates = [arn.account_id] if arn.account_id else await ctx.cache.accounts_with(kind)
    if not candidates and not await ctx.cache.is_loaded():
        await ensure_loaded(ctx)
        candidates = await ctx.cache.accounts_with(kind)
    for account_id in candidates:
        doc = await _get_or_restore(ctx, account_id, kind, text)
        if doc is not None:
            return doc
    return None


@dataclass(frozen=True, slots=True)
class ResourceLinks:
    """Where a resource is shown."""

    ui_path: str  # ConsoleMe's page
    console_url: str  # the AWS console page
    console_login_path: str  # ConsoleMe path: sign in to the account, then open console_url


def links_for(doc: Resource) -> ResourceLinks:
    """The links of a cached resource."""
    arn = parse_arn(doc["arn"])
    if arn is None:  # pragma: no cover - readers only produce valid ARNs
        raise BadRequest(f"not an ARN: {doc['arn']}")
    url = cast(Queue, doc).get("url", "") if doc["type"] == "sqs_queue" else ""
    console = console_url(arn, doc["type"], doc["region"], url)
    return ResourceLinks(
        ui_path=ui_path(doc["type"], doc["account_id"], doc["region"], doc["name"]),
        console_url=console,
        console_login_path=console_login_path(doc["account_id"], console),
    )


async def access_denied_count(ctx: InventoryContext, doc: Resource) -> int:
    """Recent AccessDenied errors by this principal (0 when none were counted)."""
    return (await ctx.cache.access_denied(doc["account_id"])).get(doc["arn"], 0)


async def account_of(ctx: InventoryContext, account_id: str) -> Account | None:
    """The cached account, or None when it is not known."""
    for account in await ctx.cache.accounts():
        if account["id"] == account_id:
            return account
    return None


async def service_control_policies(
    ctx: InventoryContext, account_id: str
) -> tuple[list[OrganizationNode], list[AppliedPolicy]]:
    """The account's OU path (root first) and the SCPs applying to it through that path."""
    await ensure_loaded(ctx)
    org = await ctx.cache.organization()
    if org is None:
        raise NotFound("the organization has not been read yet (or is not used)")
    scps, tree = org
    path, applied = policies_for_account(tree, scps, account_id)
    if not path:
        raise NotFound(f"account {account_id} is not in the organization")
    return path, applied


async def typeahead(
    ctx: InventoryContext, sync: SearchSync, resource: str, search: str, limit: int
) -> list[str]:
    """Weep's typeahead titles: ``"<name> (<id>)"`` for accounts, full ARNs for roles."""
    wanted = search.strip().lower()
    if resource == "account":
        await ensure_loaded(ctx)
        titles = [
            f"{a['name']} ({a['id']})"
            for a in await ctx.cache.accounts()
            if wanted in a["name"].lower() or wanted in a["id"]
        ]
        return titles[:limit]
    await sync.wait_ready(ctx.settings.inventory.search_warmup_seconds)
    page = await sync.index.search(
        SearchQuery(q=wanted, type="iam_role", limit=limit), short="substring"
    )
    return [entry["arn"] for entry in page.entries]


async def resource_url(ctx: InventoryContext, arn_text: str) -> str:
    """The UI path weep's ``open`` sends the user to; NotFound when the resource is not cached."""
    arn = parse_arn(arn_text)
    if arn is None:
        raise BadRequest(f"not an ARN: {arn_text}")
    if resource_type_of(arn) is not None:
        doc = await find_by_arn(ctx, arn)
        if doc is None:
            raise NotFound(f"{arn_text} is not in ConsoleMe's inventory cache")
        return links_for(doc).ui_path
    if not arn.account_id:
        raise NotFound(f"ConsoleMe has no page for {arn_text}")
    return console_login_path(arn.account_id, console_url(arn, None))
