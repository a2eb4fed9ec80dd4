"""Pure helpers shared by the readers: policy documents, tags and timestamps as AWS returns them."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from consoleme.domain.inventory import AttachedPolicy, LastUsed, PolicyDocument, Role, User


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


def permissions_boundary(principal: Mapping[str, Any]) -> str | None:
    """The boundary policy ARN of an IAM role or user description, or None."""
    arn = (principal.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return str(arn) if arn else None


def role_document(
    account_id: str,
    role: Mapping[str, Any],
    inline: dict[str, PolicyDocument],
    attached: Iterable[Mapping[str, Any]],
) -> Role:
    """A role document from IAM's description of the role (GetRole's ``Role`` or a
    ``RoleDetailList`` entry with ``Description``/``MaxSessionDuration`` merged in)."""
    return Role(
        arn=role["Arn"],
        type="iam_role",
        account_id=account_id,
        name=role["RoleName"],
        region="",
        tags=tag_dict(role.get("Tags")),
        fetched_at=now(),
        role_id=role["RoleId"],
        path=role.get("Path", "/"),
        created=iso_utc(role.get("CreateDate")),
        description=role.get("Description", ""),
        max_session_duration=int(role.get("MaxSessionDuration", 3600)),
        assume_role_policy=policy_document(role.get("AssumeRolePolicyDocument")),
        inline_policies=inline,
        managed_policies=attached_policies(attached),
        permissions_boundary=permissions_boundary(role),
        last_used=last_used(role.get("RoleLastUsed")),
    )


def user_document(
    account_id: str,
    user: Mapping[str, Any],
    inline: dict[str, PolicyDocument],
    attached: Iterable[Mapping[str, Any]],
    groups: Iterable[str],
) -> User:
    """A user document from IAM's description of the user and its groups' names."""
    return User(
        arn=user["Arn"],
        type="iam_user",
        account_id=account_id,
        name=user["UserName"],
        region="",
        tags=tag_dict(user.get("Tags")),
        fetched_at=now(),
        user_id=user["UserId"],
        path=user.get("Path", "/"),
        created=iso_utc(user.get("CreateDate")),
        groups=sorted(groups),
        inline_policies=inline,
        managed_policies=attached_policies(attached),
        permissions_boundary=permissions_boundary(user),
    )
