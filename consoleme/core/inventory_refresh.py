"""Refreshing on demand: a live read of one resource, and queued refreshes with progress.

Who may queue what: administrators may refresh any account or ARN; other users only resources
they own, i.e. whose ``owner`` tag names one of their groups (several owners may be listed,
separated by ``,`` or ``:``). Queued work runs on the workers; its progress is kept in Redis
(:mod:`consoleme.store.refresh_jobs`) for ``inventory.refresh_job_ttl_seconds``.
"""

from __future__ import annotations

import re
import secrets
from typing import Any, cast

from consoleme.core.inventory import refresh_account_type
from consoleme.core.inventory_context import InventoryContext, failure_text
from consoleme.core.inventory_restore import ensure_loaded
from consoleme.core.inventory_source import is_gone
from consoleme.core.resources import find_by_arn
from consoleme.core.task_client import REFRESH_ACCOUNT_TYPE, REFRESH_RESOURCE
from consoleme.domain.arn import Arn, parse_arn, resource_type_of
from consoleme.domain.identity import Identity
from consoleme.domain.inventory import RESOURCE_TYPES, Queue, Resource, ResourceType
from consoleme.domain.resource_links import arn_text
from consoleme.errors import AwsError, BadRequest, Forbidden, NotFound

OWNER_TAG = "owner"
_OWNER_SEPARATORS = re.compile(r"[,:]")


def owners_of(doc: Resource) -> set[str]:
    """The groups named by a resource's ``owner`` tag."""
    raw = doc.get("tags", {}).get(OWNER_TAG, "")
    return {part.strip() for part in _OWNER_SEPARATORS.split(raw) if part.strip()}


def _read_key(kind: ResourceType, arn: Arn, doc: Resource | None) -> str | None:
    """What the single-resource reader needs: a name, the ARN, or a queue URL (None: unknown)."""
    if kind in ("managed_policy", "sns_topic"):
        return arn_text(arn)
    if kind == "sqs_queue":
        return cast(Queue, doc)["url"] if doc is not None else None
    return arn.resource_name


async def read_live(ctx: InventoryContext, arn_value: str, account_id: str) -> Resource:
    """Read one resource from AWS now and update the cache; NotFound when AWS says it is gone.

    A queue that is not cached yet (its URL is unknown) refreshes the account's queues instead.
    """
    await ensure_loaded(ctx)
    arn = parse_arn(arn_value)
    kind = resource_type_of(arn) if arn is not None else None
    if arn is None or kind is None:
        raise BadRequest(f"ConsoleMe does not cache resources like {arn_value}")
    cached = await ctx.cache.get_resource(account_id, kind, arn_value)
    key = _read_key(kind, arn, cached)
    if key is None:
        await refresh_account_type(ctx, account_id, kind)
        found = await ctx.cache.get_resource(account_id, kind, arn_value)
        if found is None:
            raise NotFound(f"{arn_value} does not exist")
        return found
    try:
        doc = await ctx.source.resource(account_id, kind, key, arn.region)
    except AwsError as exc:
        if not is_gone(exc):
            raise
        await ctx.cache.delete_resource(account_id, kind, arn_value)
        raise NotFound(f"{arn_value} no longer exists in AWS") from None
    await ctx.cache.put_resource(doc)
    return doc


async def request_refresh(
    ctx: InventoryContext,
    identity: Identity,
    is_admin: bool,
    account_id: str | None = None,
    arn: str | None = None,
) -> str:
    """Queue a refresh of one account (admins) or one ARN (admins, owners); returns the job id."""
    job_id = secrets.token_hex(12)
    if account_id is not None:
        if not is_admin:
            raise Forbidden("only administrators may refresh a whole account")
        target: dict[str, Any] = {"account_id": account_id}
        await ctx.jobs.create(job_id, target, identity.user, parts=len(RESOURCE_TYPES))
        for kind in RESOURCE_TYPES:
            kwargs = {"account_id": account_id, "resource_type": kind, "job_id": job_id}
            await ctx.task_client.enqueue(REFRESH_ACCOUNT_TYPE, kwargs)
        return job_id
    parsed = parse_arn(arn or "")
    if arn is None or parsed is None or resource_type_of(parsed) is None:
        raise BadRequest(f"ConsoleMe does not cache resources like {arn!r}")
    doc = await find_by_arn(ctx, parsed)
    if not is_admin and (doc is None or not owners_of(doc) & set(identity.groups)):
        raise Forbidden("only administrators and the resource's owners may refresh it")
    owner_account = doc["account_id"] if doc is not None else parsed.account_id
    if not owner_account:
        raise NotFound(f"{arn} is not cached; refresh its account instead")
    await ctx.jobs.create(job_id, {"arn": arn, "account_id": owner_account}, identity.user, 1)
    kwargs = {"arn": arn, "account_id": owner_account, "job_id": job_id}
    await ctx.task_client.enqueue(REFRESH_RESOURCE, kwargs)
    return job_id


async def refresh_resource(ctx: InventoryContext, arn: str, account_id: str, job_id: str) -> bool:
    """The worker side of an ARN refresh: a live read, with the outcome recorded on the job."""
    await ctx.jobs.start_part(job_id)
    try:
        await read_live(ctx, arn, account_id)
    except NotFound:
        pass  # the cache now agrees with AWS: the resource is gone
    except Exception as exc:
        await ctx.jobs.finish_part(job_id, False, f"{arn}: {failure_text(exc)}")
        return False
    await ctx.jobs.finish_part(job_id, True)
    return True


async def refresh_progress(
    ctx: InventoryContext, identity: Identity, is_admin: bool, job_id: str
) -> dict[str, Any]:
    """A refresh job as stored; only its requester and administrators may read it."""
    job = await ctx.jobs.get(job_id)
    if job is None or not (is_admin or job["requested_by"] == identity.user):
        raise NotFound(f"no refresh job {job_id} (it may have expired)")
    return job
