"""Read IAM roles, users and customer managed policies of one account as inventory documents.

Listings are paginated; the per-principal details (tags, inline documents, attachments) are read
in parallel, each call bounded by the account's slots in :class:`consoleme.aws.hub.AwsHub`.
A principal deleted between the listing and its detail read is left out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

from consoleme.aws.client import AwsClient
from consoleme.aws.documents import (
    now,
    policy_document,
    role_document,
    tag_dict,
    user_document,
)
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import ManagedPolicy, PolicyDocument, Role, User
from consoleme.errors import AwsError

T = TypeVar("T")


async def _skip_missing(read: Awaitable[T]) -> T | None:
    try:
        return await read
    except AwsError as exc:
        if exc.aws_code == "NoSuchEntity":
            return None
        raise


async def _gather_present(reads: list[Awaitable[T | None]]) -> list[T]:
    return [item for item in await asyncio.gather(*reads) if item is not None]


async def _inline_policies(
    iam: AwsClient, kind: str, name_key: str, name: str
) -> dict[str, PolicyDocument]:
    """Inline policies of a role or user (``kind`` is ``role`` or ``user``) by policy name."""
    params: dict[str, Any] = {name_key: name}
    names = await iam.collect(f"list_{kind}_policies", "PolicyNames", **params)

    async def one(policy_name: str) -> PolicyDocument:
        answer = await iam.call(f"get_{kind}_policy", **{name_key: name, "PolicyName": policy_name})
        return policy_document(answer["PolicyDocument"])

    documents = await asyncio.gather(*(one(n) for n in names))
    return dict(zip(names, documents, strict=True))


async def read_role(hub: AwsHub, account_id: str, role_name: str) -> Role:
    """One role with its trust policy, inline and attached policies, tags, boundary, last use."""
    iam = await hub.client("iam", account_id)
    detail, inline, attached = await asyncio.gather(
        iam.call("get_role", RoleName=role_name),
        _inline_policies(iam, "role", "RoleName", role_name),
        iam.collect("list_attached_role_policies", "AttachedPolicies", RoleName=role_name),
    )
    return role_document(account_id, detail["Role"], inline, attached)


async def read_roles(hub: AwsHub, account_id: str) -> list[Role]:
    """Every role of ``account_id`` (see :func:`read_role`), in listing order."""
    iam = await hub.client("iam", account_id)
    listed = await iam.collect("list_roles", "Roles")
    return await _gather_present(
        [_skip_missing(read_role(hub, account_id, r["RoleName"])) for r in listed]
    )


async def read_user(hub: AwsHub, account_id: str, user_name: str) -> User:
    """One user with groups, inline and attached policies, tags and permissions boundary."""
    iam = await hub.client("iam", account_id)
    detail, inline, attached, groups = await asyncio.gather(
        iam.call("get_user", UserName=user_name),
        _inline_policies(iam, "user", "UserName", user_name),
        iam.collect("list_attached_user_policies", "AttachedPolicies", UserName=user_name),
        iam.collect("list_groups_for_user", "Groups", UserName=user_name),
    )
    names = [str(g["GroupName"]) for g in groups]
    return user_document(account_id, detail["User"], inline, attached, names)


async def read_users(hub: AwsHub, account_id: str) -> list[User]:
    """Every IAM user of ``account_id`` (see :func:`read_user`)."""
    iam = await hub.client("iam", account_id)
    listed = await iam.collect("list_users", "Users")
    return await _gather_present(
        [_skip_missing(read_user(hub, account_id, u["UserName"])) for u in listed]
    )


async def _managed_policy(iam: AwsClient, account_id: str, listed: dict[str, Any]) -> ManagedPolicy:
    arn = listed["Arn"]
    version_id = listed["DefaultVersionId"]
    version, tags = await asyncio.gather(
        iam.call("get_policy_version", PolicyArn=arn, VersionId=version_id),
        iam.collect("list_policy_tags", "Tags", PolicyArn=arn),
    )
    return ManagedPolicy(
        arn=arn,
        type="managed_policy",
        account_id=account_id,
        name=listed["PolicyName"],
        region="",
        tags=tag_dict(tags),
        fetched_at=now(),
        policy_id=listed["PolicyId"],
        path=listed.get("Path", "/"),
        default_version=version_id,
        document=policy_document(version["PolicyVersion"]["Document"]),
        attachment_count=int(listed.get("AttachmentCount", 0)),
        description=listed.get("Description", ""),
    )


async def read_managed_policy(hub: AwsHub, account_id: str, policy_arn: str) -> ManagedPolicy:
    """One managed policy with its default version's document."""
    iam = await hub.client("iam", account_id)
    listed = (await iam.call("get_policy", PolicyArn=policy_arn))["Policy"]
    return await _managed_policy(iam, account_id, listed)


async def read_managed_policies(hub: AwsHub, account_id: str) -> list[ManagedPolicy]:
    """Customer managed policies (``Scope=Local``) of ``account_id`` with default documents."""
    iam = await hub.client("iam", account_id)
    listed = await iam.collect("list_policies", "Policies", Scope="Local")
    return await _gather_present(
        [_skip_missing(_managed_policy(iam, account_id, p)) for p in listed]
    )
