"""Count recent AccessDenied / Unauthorized errors by principal from CloudTrail ``LookupEvents``.

LookupEvents cannot filter on the error code, so every management event since ``since_epoch`` is
scanned, up to ``max_pages`` pages (50 events each). Errors by an assumed-role session are counted
against the role (``sessionContext.sessionIssuer.arn``), so a role's page can show them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from consoleme.aws.hub import AwsHub

DEFAULT_MAX_PAGES = 40


def is_access_denied(error_code: str | None) -> bool:
    """True for AccessDenied(Exception), (Client.)UnauthorizedOperation and *Unauthorized*."""
    if not error_code:
        return False
    return "AccessDenied" in error_code or "Unauthorized" in error_code


def principal_arn(record: Mapping[str, Any]) -> str | None:
    """A record's principal: the role for role sessions, else ``userIdentity.arn``."""
    identity = record.get("userIdentity") or {}
    if identity.get("type") == "AssumedRole":
        issuer = ((identity.get("sessionContext") or {}).get("sessionIssuer") or {}).get("arn")
        if issuer:
            return str(issuer)
    arn = identity.get("arn")
    return str(arn) if arn else None


def count_access_denied(events: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Denied events by principal ARN, from LookupEvents ``Events`` entries.

    Each entry's ``CloudTrailEvent`` is the record as a JSON string; entries without one, or
    whose JSON is unreadable, are ignored.
    """
    counts: Counter[str] = Counter()
    for event in events:
        raw = event.get("CloudTrailEvent")
        if not raw:
            continue
        try:
            record = json.loads(raw) if isinstance(raw, str) else dict(raw)
        except (json.JSONDecodeError, TypeError, ValueError):
            continue
        if not isinstance(record, dict) or not is_access_denied(record.get("errorCode")):
            continue
        arn = principal_arn(record)
        if arn:
            counts[arn] += 1
    return dict(counts)


async def read_access_denied(
    hub: AwsHub,
    account_id: str,
    since_epoch: float,
    *,
    region: str | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> dict[str, int]:
    """AccessDenied-like errors in ``account_id`` since ``since_epoch``, by principal ARN."""
    trail = await hub.client("cloudtrail", account_id, region)
    start = datetime.fromtimestamp(since_epoch, UTC)
    counts: Counter[str] = Counter()
    async for page in trail.pages("lookup_events", max_pages=max_pages, StartTime=start):
        counts.update(count_access_denied(page.get("Events", [])))
    return dict(counts)
