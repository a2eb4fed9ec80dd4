"""Read the current IAM state a change acts on, and write IAM changes, in one account.

Reads give what a change needs to decide what to write (an inline policy, the default version of
a managed policy, a trust policy, a boundary, tags, attached policies, a role as a whole for
cloning); writes make one IAM call each, except :func:`set_managed_policy_document` which makes
room for a new version first. Every call goes through :func:`consoleme.aws.retryable.call`, so a
failure is an :class:`~consoleme.errors.AwsError`, or :class:`~consoleme.errors.Throttled` when
retrying later may succeed. Deleting what is already gone is not an error.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from consoleme.aws.documents import permissions_boundary, policy_document, tag_dict
from consoleme.aws.hub import AwsHub
from consoleme.aws.retryable import call, classify
from consoleme.domain.arn import parse_arn
from consoleme.domain.inventory import PolicyDocument
from consoleme.errors import AwsError, BadRequest

MAX_POLICY_VERSIONS = 5


@dataclass(frozen=True, slots=True)
class Principal:
    """An IAM role or user: what every principal call needs."""

    kind: Literal["role", "user"]
    account_id: str
    name: str

    @classmethod
    def from_arn(cls, arn: str) -> Principal:
        """The role or user an ARN names (``role/path/name`` -> ``name``)."""
        parsed = parse_arn(arn)
        kind = parsed.resource.split("/", 1)[0] if parsed is not None else ""
        if parsed is None or parsed.service != "iam" or kind not in ("role", "user"):
            raise BadRequest(f"{arn} is not an IAM role or user ARN", code="invalid_arn")
        return cls("role" if kind == "role" else "user", parsed.account_id, parsed.resource_name)

    @property
    def key(self) -> dict[str, str]:
        """The name parameter of IAM calls: ``{"RoleName": ...}`` or ``{"UserName": ...}``."""
        return {"RoleName" if self.kind == "role" else "UserName": self.name}


@dataclass(frozen=True, slots=True)
class RoleCopy:
    """Everything about a role that a clone may copy."""

    name: str
    path: str
    description: str
    max_session_duration: int
    trust: PolicyDocument
    inline: dict[str, PolicyDocument] = field(default_factory=dict)
    managed: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    boundary: str | None = None


async def _iam(hub: AwsHub, account_id: str, operation: str, **params: Any) -> dict[str, Any]:
    return await call(hub, "iam", operation, account_id=account_id, **params)


async def _collect(
    hub: AwsHub, account_id: str, operation: str, key: str, **params: Any
) -> list[Any]:
    try:
        client = await hub.client("iam", account_id)
        return await client.collect(operation, key, **params)
    except AwsError as exc:
        raise classify(exc) from None


async def _unless_gone(hub: AwsHub, account_id: str, operation: str, **params: Any) -> bool:
    """Run a delete-like call; False when IAM says the thing is already gone."""
    try:
        await _iam(hub, account_id, operation, **params)
    except AwsError as exc:
        if exc.aws_code == "NoSuchEntity":
            return False
        raise
    return True


def policy_account(policy_arn: str) -> str:
    """The account of a customer managed policy; BadRequest for AWS managed ones."""
    if policy_arn.split(":")[4:5] == ["aws"]:
        raise BadRequest(f"{policy_arn} is an AWS managed policy; it cannot be changed")
    parsed = parse_arn(policy_arn)
    if parsed is None or parsed.service != "iam" or not parsed.resource.startswith("policy/"):
        raise BadRequest(f"{policy_arn} is not a managed policy ARN", code="invalid_arn")
    if not parsed.account_id:
        raise BadRequest(f"{policy_arn} names no account", code="invalid_arn")
    return parsed.account_id


# --- principals: inline policies, attachments, boundary, tags ---------------------------------


async def inline_policy(hub: AwsHub, who: Principal, policy_name: str) -> PolicyDocument | None:
    """The inline policy ``policy_name`` of a role or user; None when it has none of that name."""
    try:
        answer = await _iam(
            hub, who.account_id, f"get_{who.kind}_policy", PolicyName=policy_name, **who.key
        )
    except AwsError as exc:
        if exc.aws_code != "NoSuchEntity":
            raise
        await describe(hub, who)  # the principal itself missing is an error, not "no policy"
        return None
    return policy_document(answer["PolicyDocument"])


async def put_inline_policy(
    hub: AwsHub, who: Principal, policy_name: str, document: PolicyDocument
) -> None:
    """Create or replace an inline policy."""
    await _iam(
        hub,
        who.account_id,
        f"put_{who.kind}_policy",
        PolicyName=policy_name,
        PolicyDocument=json.dumps(document),
        **who.key,
    )


async def delete_inline_policy(hub: AwsHub, who: Principal, policy_name: str) -> None:
    """Delete an inline policy (nothing happens when it is already gone)."""
    await _unless_gone(
        hub, who.account_id, f"delete_{who.kind}_policy", PolicyName=policy_name, **who.key
    )


async def attached_policies(hub: AwsHub, who: Principal) -> list[str]:
    """ARNs of the managed policies attached to a role or user, sorted."""
    operation = f"list_attached_{who.kind}_policies"
    items = await _collect(hub, who.account_id, operation, "AttachedPolicies", **who.key)
    return sorted(str(item["PolicyArn"]) for item in items)


async def attach_policy(hub: AwsHub, who: Principal, policy_arn: str) -> None:
    """Attach a managed policy (attaching one already attached changes nothing)."""
    await _iam(hub, who.account_id, f"attach_{who.kind}_policy", PolicyArn=policy_arn, **who.key)


async def detach_policy(hub: AwsHub, who: Principal, policy_arn: str) -> None:
    """Detach a managed policy (nothing happens when it is not attached)."""
    await _unless_gone(
        hub, who.account_id, f"detach_{who.kind}_policy", PolicyArn=policy_arn, **who.key
    )


async def describe(hub: AwsHub, who: Principal) -> dict[str, Any]:
    """GetRole's ``Role`` or GetUser's ``User``; NotFound-like AwsError when it does not exist."""
    answer = await _iam(hub, who.account_id, f"get_{who.kind}", **who.key)
    return dict(answer["Role" if who.kind == "role" else "User"])


async def boundary(hub: AwsHub, who: Principal) -> str | None:
    """The permissions boundary policy ARN of a role or user, or None."""
    return permissions_boundary(await describe(hub, who))


async def put_boundary(hub: AwsHub, who: Principal, policy_arn: str) -> None:
    """Set the permissions boundary."""
    operation = f"put_{who.kind}_permissions_boundary"
    await _iam(hub, who.account_id, operation, PermissionsBoundary=policy_arn, **who.key)


async def delete_boundary(hub: AwsHub, who: Principal) -> None:
    """Remove the permissions boundary (nothing happens when there is none)."""
    await _unless_gone(hub, who.account_id, f"delete_{who.kind}_permissions_boundary", **who.key)


async def tags(hub: AwsHub, who: Principal) -> dict[str, str]:
    """Tags of a role or user (IAM allows at most 50, one page)."""
    answer = await _iam(hub, who.account_id, f"list_{who.kind}_tags", **who.key)
    return tag_dict(answer.get("Tags"))


async def tag(hub: AwsHub, who: Principal, values: dict[str, str]) -> None:
    """Add or overwrite tags."""
    items = [{"Key": k, "Value": v} for k, v in values.items()]
    await _iam(hub, who.account_id, f"tag_{who.kind}", Tags=items, **who.key)


async def untag(hub: AwsHub, who: Principal, keys: list[str]) -> None:
    """Remove tags (keys that are not there are ignored by IAM)."""
    await _iam(hub, who.account_id, f"untag_{who.kind}", TagKeys=keys, **who.key)


# --- roles: trust policy, create, read for a clone ---------------------------------------------


async def find_role(hub: AwsHub, account_id: str, role_name: str) -> dict[str, Any] | None:
    """GetRole's ``Role`` (trust policy decoded), or None when there is no such role."""
    try:
        role = await describe(hub, Principal("role", account_id, role_name))
    except AwsError as exc:
        if exc.aws_code == "NoSuchEntity":
            return None
        raise
    role["AssumeRolePolicyDocument"] = policy_document(role.get("AssumeRolePolicyDocument"))
    return role


async def trust_policy(hub: AwsHub, account_id: str, role_name: str) -> PolicyDocument:
    """The trust (assume role) policy of a role."""
    role = await describe(hub, Principal("role", account_id, role_name))
    return policy_document(role.get("AssumeRolePolicyDocument"))


async def update_trust_policy(
    hub: AwsHub, account_id: str, role_name: str, document: PolicyDocument
) -> None:
    """Replace the trust policy of a role."""
    await _iam(
        hub,
        account_id,
        "update_assume_role_policy",
        RoleName=role_name,
        PolicyDocument=json.dumps(document),
    )


async def create_role(hub: AwsHub, account_id: str, role: RoleCopy) -> dict[str, Any]:
    """Create a role with its trust policy, description, tags and boundary; CreateRole's ``Role``.

    Inline and managed policies of ``role`` are not written here (see the clone use-case).
    """
    params: dict[str, Any] = {
        "RoleName": role.name,
        "Path": role.path,
        "AssumeRolePolicyDocument": json.dumps(role.trust),
        "Description": role.description,
        "MaxSessionDuration": role.max_session_duration,
    }
    if role.tags:
        params["Tags"] = [{"Key": k, "Value": v} for k, v in role.tags.items()]
    if role.boundary:
        params["PermissionsBoundary"] = role.boundary
    return dict((await _iam(hub, account_id, "create_role", **params))["Role"])


async def read_role_copy(hub: AwsHub, account_id: str, role_name: str) -> RoleCopy:
    """A role with its trust, inline and attached policies, tags and boundary."""
    who = Principal("role", account_id, role_name)
    detail, names, managed, tag_map = await asyncio.gather(
        describe(hub, who),
        _collect(hub, account_id, "list_role_policies", "PolicyNames", RoleName=role_name),
        attached_policies(hub, who),
        tags(hub, who),
    )
    documents = await asyncio.gather(*(inline_policy(hub, who, n) for n in names))
    inline = {n: d for n, d in zip(names, documents, strict=True) if d is not None}
    return RoleCopy(
        name=role_name,
        path=str(detail.get("Path", "/")),
        description=str(detail.get("Description", "")),
        max_session_duration=int(detail.get("MaxSessionDuration", 3600)),
        trust=policy_document(detail.get("AssumeRolePolicyDocument")),
        inline=inline,
        managed=managed,
        tags=tag_map,
        boundary=permissions_boundary(detail),
    )


# --- customer managed policies ----------------------------------------------------------------


async def managed_policy_document(hub: AwsHub, policy_arn: str) -> PolicyDocument:
    """The document of the default version of a customer managed policy."""
    account_id = policy_account(policy_arn)
    policy = (await _iam(hub, account_id, "get_policy", PolicyArn=policy_arn))["Policy"]
    version = await _iam(
        hub,
        account_id,
        "get_policy_version",
        PolicyArn=policy_arn,
        VersionId=policy["DefaultVersionId"],
    )
    return policy_document(version["PolicyVersion"]["Document"])


async def set_managed_policy_document(
    hub: AwsHub, policy_arn: str, document: PolicyDocument
) -> str:
    """Make ``document`` the new default version; returns its version id.

    IAM keeps at most five versions: when five exist, the oldest non-default one is deleted
    first (the default version is never deleted).
    """
    account_id = policy_account(policy_arn)
    listed = await _iam(hub, account_id, "list_policy_versions", PolicyArn=policy_arn)
    versions = [v for v in listed.get("Versions", []) if not v.get("IsDefaultVersion")]
    if len(listed.get("Versions", [])) >= MAX_POLICY_VERSIONS and versions:
        oldest = min(versions, key=lambda v: v["CreateDate"])
        await _unless_gone(
            hub,
            account_id,
            "delete_policy_version",
            PolicyArn=policy_arn,
            VersionId=oldest["VersionId"],
        )
    answer = await _iam(
        hub,
        account_id,
        "create_policy_version",
        PolicyArn=policy_arn,
        PolicyDocument=json.dumps(document),
        SetAsDefault=True,
    )
    return str(answer["PolicyVersion"]["VersionId"])
