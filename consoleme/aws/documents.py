"""Pure helpers shared by the readers: policy documents, tags and timestamps as AWS returns them."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from consoleme.domain.inventory import AttachedPolicy, LastUsed, PolicyDocument


def policy_document(value: Any) -> PolicyDocument:
    """A policy document as a dict, whether AWS sent a dict, JSON, or URL-encoded JSON (IAM).

    botocore already decodes IAM documents; other services (SQS, SNS, S3, Organizations) send
    JSON strings. Empty input gives ``{}``.
    """
    if isinstance(value, Mapping):
        return dict(value)
    if not value:
        return {}
    text = str(value)
    try:
        decoded = json.loads(text)
    except json.JSONDecodeError:
        decoded = json.loads(urllib.parse.unquote(text))
    if not isinstance(decoded, dict):
        raise ValueError("a policy document must be a JSON object")
    return decoded


def optional_policy(value: Any) -> PolicyDocument | None:
    """:func:`policy_document`, or None when there is no policy at all."""
    return policy_document(value) if value else None


def tag_dict(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """``[{"Key": k, "Value": v}, ...]`` (any capitalisation of the keys) as ``{k: v}``."""
    result: dict[str, str] = {}
    for tag in tags or ():
        key = tag.get("Key", tag.get("key"))
        if key is not None:
            result[str(key)] = str(tag.get("Value", tag.get("value", "")))
    return result


def iso_utc(value: Any) -> str:
    """A datetime (or string) as ISO 8601 in UTC; ``""`` for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    return str(value)


def attached_policies(items: Iterable[Mapping[str, Any]]) -> list[AttachedPolicy]:
    """``AttachedPolicies`` entries as ``[{"arn", "name"}]``, sorted by ARN."""
    found = [AttachedPolicy(arn=str(p["PolicyArn"]), name=str(p["PolicyName"])) for p in items]
    return sorted(found, key=lambda p: p["arn"])


def last_used(value: Mapping[str, Any] | None) -> LastUsed | None:
    """``RoleLastUsed`` as ``{"date", "region"}``, None when never used."""
    if not value or not value.get("LastUsedDate"):
        return None
    return LastUsed(date=iso_utc(value["LastUsedDate"]), region=str(value.get("Region", "")))


def now() -> float:
    """Epoch seconds, for ``fetched_at``."""
    return time.time()
