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

from consoleme.aws.documents import policy_document, role_document, user_document
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import PolicyDocument, Role, User

_PAGE = 1000


_LISTED_ONLY = ("Description", "MaxSessionDuration")


def _inline(items: list[dict[str, Any]] | None) -> dict[str, PolicyDocument]:
    return {str(p["PolicyName"]): policy_document(p.get("PolicyDocument")) for p in items or []}


def role_from_details(account_id: str, detail: dict[str, Any], listed: dict[str, Any]) -> Role:
    """A role from its ``RoleDetailList`` entry and its ``ListRoles`` entry (which alone
    carries the description and the maximum session duration)."""
    described = {**detail, **{k: listed[k] for k in _LISTED_ONLY if k in listed}}
    inline = _inline(detail.get("RolePolicyList"))
    return role_document(account_id, described, inline, detail.get("AttachedManagedPolicies", []))


def user_from_details(account_id: str, detail: dict[str, Any]) -> User:
    """A user from its ``UserDetailList`` entry."""
    inline = _inline(detail.get("UserPolicyList"))
    attached = detail.get("AttachedManagedPolicies", [])
    groups = (str(g) for g in detail.get("GroupList", []))
    return user_document(account_id, detail, inline, attached, groups)


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
    return [role_from_details(account_id, d, by_arn.get(str(d["Arn"]), {})) for d in details]


async def read_users_bulk(hub: AwsHub, account_id: str) -> list[User]:
    """Every IAM user of ``account_id``, in ``GetAccountAuthorizationDetails`` order."""
    iam = await hub.client("iam", account_id)
    details = await iam.collect(
        "get_account_authorization_details",
        "UserDetailList",
        Filter=["User"],
        PaginationConfig={"PageSize": _PAGE},
    )
    return [user_from_details(account_id, d) for d in details]
