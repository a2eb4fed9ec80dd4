"""Apply role creation: a new role, or a clone of an existing one.

Creating is idempotent: a role that already exists with the trust policy we would give it is
taken as created (a retry after a crash, or someone was quicker), one with another trust policy
is an error. A clone then copies, each write idempotent, what its options say: trust policy,
inline policies, managed policies (customer managed ones by the same name in the target
account) and tags. The source's permissions boundary is always copied, so a clone never has
more power than its source.
"""

from __future__ import annotations

import json
from typing import Any

from consoleme.aws import iam_write
from consoleme.aws.documents import iso_utc, policy_document, tag_dict
from consoleme.aws.hub import AwsHub
from consoleme.aws.iam_write import RoleCopy
from consoleme.core.change_outcome import ApplyOutcome
from consoleme.domain.arn import parse_arn
from consoleme.domain.change_types import CloneRoleChange, CreateRoleChange
from consoleme.errors import Conflict

RoleChange = CreateRoleChange | CloneRoleChange
State = dict[str, Any]


def _summary(role: dict[str, Any] | None) -> dict[str, Any] | None:
    """A role as the review page shows it (the keys of the change preview)."""
    if role is None:
        return None
    return {
        "RoleName": role["RoleName"],
        "Arn": role["Arn"],
        "Path": role.get("Path", "/"),
        "Description": role.get("Description", ""),
        "MaxSessionDuration": int(role.get("MaxSessionDuration", 3600)),
        "AssumeRolePolicyDocument": policy_document(role.get("AssumeRolePolicyDocument")),
        "Tags": dict(sorted(tag_dict(role.get("Tags")).items())),
        "CreateDate": iso_utc(role.get("CreateDate")),
    }


def _canonical(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


def _require_same_trust(spec: RoleChange, existing: dict[str, Any], trust: dict[str, Any]) -> None:
    found = policy_document(existing.get("AssumeRolePolicyDocument"))
    if _canonical(found) != _canonical(trust):
        raise Conflict(
            f"role {spec.role_name} already exists in account {spec.account_id} with another "
            "trust policy; choose another name or change that role instead",
            code="role_exists",
        )


async def read_before(hub: AwsHub, spec: RoleChange) -> State:
    """``{"Role": <summary> | None}``: the role of that name as it is now."""
    return {"Role": _summary(await iam_write.find_role(hub, spec.account_id, spec.role_name))}


async def _ensure_role(
    hub: AwsHub, spec: RoleChange, wanted: RoleCopy, recorded: State | None
) -> tuple[State, dict[str, Any], bool]:
    """(before, the role, whether this request created it)."""
    existing = await iam_write.find_role(hub, spec.account_id, spec.role_name)
    before = recorded if recorded is not None else {"Role": _summary(existing)}
    if existing is None:
        role = await iam_write.create_role(hub, spec.account_id, wanted)
    else:
        _require_same_trust(spec, existing, wanted.trust)
        role = existing
    return before, role, before.get("Role") is None


async def apply_create(hub: AwsHub, spec: CreateRoleChange, recorded: State | None) -> ApplyOutcome:
    """Create the role, or accept an identical one that exists."""
    wanted = RoleCopy(
        name=spec.role_name,
        path=spec.path,
        description=spec.description,
        max_session_duration=spec.max_session_duration,
        trust=spec.assume_role_policy_document,
        tags=dict(spec.tags),
    )
    before, role, created = await _ensure_role(hub, spec, wanted, recorded)
    return ApplyOutcome({"created": created}, before, _summary(role))


def _in_account(policy_arn: str, account_id: str) -> str:
    """A customer managed policy ARN moved to ``account_id`` (AWS managed ones unchanged)."""
    parsed = parse_arn(policy_arn)
    if parsed is None or not parsed.account_id or parsed.account_id == account_id:
        return policy_arn
    return f"arn:{parsed.partition}:iam::{account_id}:{parsed.resource}"


def clone_plan(spec: CloneRoleChange, source: RoleCopy) -> RoleCopy:
    """The role a clone creates from ``source`` and the clone's options."""
    account = spec.account_id
    partition = spec.source_role_arn.split(":")[1]
    # A role needs a trust policy: without the source's, trust the account itself, whose
    # administrators then decide who may assume it.
    own_account = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    return RoleCopy(
        name=spec.role_name,
        path="/",
        description=spec.description if spec.description is not None else source.description,
        max_session_duration=source.max_session_duration,
        trust=source.trust if spec.copy_assume_role_policy else own_account,
        inline=dict(source.inline) if spec.copy_inline_policies else {},
        managed=[_in_account(a, account) for a in source.managed]
        if spec.copy_managed_policies
        else [],
        tags=dict(source.tags) if spec.copy_tags else {},
        boundary=_in_account(source.boundary, account) if source.boundary else None,
    )


async def apply_clone(hub: AwsHub, spec: CloneRoleChange, recorded: State | None) -> ApplyOutcome:
    """Create the clone (or continue one a crashed attempt began) and copy what it should."""
    source_arn = iam_write.Principal.from_arn(spec.source_role_arn)
    source = await iam_write.read_role_copy(hub, source_arn.account_id, source_arn.name)
    wanted = clone_plan(spec, source)
    before, role, created = await _ensure_role(hub, spec, wanted, recorded)
    who = iam_write.Principal("role", spec.account_id, spec.role_name)
    for name, document in wanted.inline.items():
        await iam_write.put_inline_policy(hub, who, name, document)
    for policy_arn in wanted.managed:
        await iam_write.attach_policy(hub, who, policy_arn)
    if wanted.tags and not created:
        await iam_write.tag(hub, who, wanted.tags)  # a role we created got them with it
    state: State = {
        "created": created,
        "inline_policies": sorted(wanted.inline),
        "managed_policies": list(wanted.managed),
        "tags": sorted(wanted.tags),
    }
    after = {
        **(_summary(role) or {}),
        "CopiedFrom": spec.source_role_arn,
        "InlinePolicies": sorted(wanted.inline),
        "ManagedPolicies": sorted(wanted.managed),
    }
    return ApplyOutcome(state, before, after)
