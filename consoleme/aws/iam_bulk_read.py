"""Read every IAM role or user of an account in bulk, as the same documents as
:mod:`consoleme.aws.iam_read`.

``GetAccountAuthorizationDetails`` returns roles and users with their inline policies,
attachments, tags, boundaries and (roles) last use, up to 1,000 per page; ``ListRoles`` adds what
it lacks for roles (description, maximum session duration). Two paginated listings replace four
or more calls per principal, which is what makes whole-account refreshes cheap on large
accounts (and far kinder to IAM's API rate limits). The per-principal readers remain for
single, live reads.
"""

from __future__ import annotations

import asyncio
from typing import Any

from consoleme.aws.documents import (
    attached_policies,
    iso_utc,
    last_used,
    now,
    policy_document,
    tag_dict,
)
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import PolicyDocument, Role, User

_PAGE = 1000


def _inline(items: list[dict[str, Any]] | None) -> dict[str, PolicyDocument]:
    return {str(p["PolicyName"]): policy_document(p.get("PolicyDocument")) for p in items or []}


def _boundary(detail: dict[str, Any]) -> str | None:
    boundary = detail.get("PermissionsBoundary") or {}
    arn = boundary.get("PermissionsBoundaryArn")
    return str(arn) if arn else None


def role_document(account_id: str, detail: dict[str, Any], listed: dict[str, Any]) -> Role:
    """A role from its ``RoleDetailList`` entry and its ``ListRoles`` entry."""
    return Role(
        arn=detail["Arn"],
        type="iam_role",
        account_id=account_id,
        name=detail["RoleName"],
        region="",
        tags=tag_dict(detail.get("Tags")),
        fetched_at=now(),
        role_id=detail["RoleId"],
        path=detail.get("Path", "/"),
        created=iso_utc(detail.get("CreateDate")),
        description=listed.get("Description", ""),
        max_session_duration=int(listed.get("MaxSessionDuration", 3600)),
        assume_role_policy=policy_document(detail.get("AssumeRolePolicyDocument")),
        inline_policies=_inline(detail.get("RolePolicyList")),
        managed_policies=attached_policies(detail.get("AttachedManagedPolicies", [])),
        permissions_boundary=_boundary(detail),
        last_used=last_used(detail.get("RoleLastUsed")),
    )


def user_document(account_id: str, detail: dict[str, Any]) -> User:
    """A user from its ``UserDetailList`` entry."""
    return User(
        arn=detail["Arn"],
        type="iam_user",
        account_id=account_id,
        name=detail["UserName"],
        region="",
        tags=tag_dict(detail.get("Tags")),
        fetched_at=now(),
        user_id=detail["UserId"],
        path=detail.get("Path", "/"),
        created=iso_utc(detail.get("CreateDate")),
        groups=sorted(str(g) for g in detail.get("GroupList", [])),
        inline_policies=_inline(detail.get("UserPolicyList")),
        managed_policies=attached_policies(detail.get("AttachedManagedPolicies", [])),
        permissions_boundary=_boundary(detail),
    )


async def read_roles_bulk(hub: AwsHub, account_id: str) -> list[Role]:
    """Every role of ``account_id``, in ``GetAccountAuthorizationDetails`` order."""
    iam = await hub.client("iam", account_id)
    details, listed = await asyncio.gather(
        iam.collect(
            "get_account_authorization_details",
            "RoleDetailList",
            Filter=["Role"],
            PaginationConfig={"PageSize": _PAGE},
        ),
        iam.collect("list_roles", "Roles", PaginationConfig={"PageSize": _PAGE}),
    )
    by_arn = {str(r["Arn"]): r for r in listed}
    # A role created between the two listings has no ListRoles entry; defaults stand in.
    return [role_document(account_id, d, by_arn.get(str(d["Arn"]), {})) for d in details]


async def read_users_bulk(hub: AwsHub, account_id: str) -> list[User]:
    """Every IAM user of ``account_id``, in ``GetAccountAuthorizationDetails`` order."""
    iam = await hub.client("iam", account_id)
    details = await iam.collect(
        "get_account_authorization_details",
        "UserDetailList",
        Filter=["User"],
        PaginationConfig={"PageSize": _PAGE},
    )
    return [user_document(account_id, d) for d in details]
