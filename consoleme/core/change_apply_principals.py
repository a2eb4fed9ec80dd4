"""Apply and take back changes to a role or user that are not documents: managed policy
attachments, permissions boundaries and tags.

What was there before the first attempt decides what a grant may take back later: an
attachment is recorded as ours only when the policy was not attached before, a tag records
its previous value, so expiry never detaches or deletes what someone else put there.
"""

from __future__ import annotations

from typing import Any

from consoleme.aws import iam_write
from consoleme.aws.hub import AwsHub
from consoleme.core.change_outcome import ApplyOutcome
from consoleme.domain.change_types import ManagedPolicyChange, PermissionsBoundaryChange, TagChange
from consoleme.errors import Conflict

PrincipalChange = ManagedPolicyChange | PermissionsBoundaryChange | TagChange
State = dict[str, Any]


async def read_before(hub: AwsHub, spec: PrincipalChange) -> State:
    """What the change looks at now: attached policies, the boundary, or the tags."""
    who = iam_write.Principal.from_arn(spec.principal_arn)
    if isinstance(spec, ManagedPolicyChange):
        return {"AttachedPolicies": await iam_write.attached_policies(hub, who)}
    if isinstance(spec, PermissionsBoundaryChange):
        return {"PermissionsBoundary": await iam_write.boundary(hub, who)}
    return {"Tags": dict(sorted((await iam_write.tags(hub, who)).items()))}


async def apply(hub: AwsHub, spec: PrincipalChange, recorded: State | None) -> ApplyOutcome:
    """Attach/detach, set/remove the boundary, or set/remove the tag, if not done already."""
    current = await read_before(hub, spec)
    before = recorded if recorded is not None else current
    if isinstance(spec, ManagedPolicyChange):
        return await _attachment(hub, spec, before, current)
    if isinstance(spec, PermissionsBoundaryChange):
        return await _boundary(hub, spec, before, current)
    return await _tag(hub, spec, before, current)


async def _attachment(
    hub: AwsHub, spec: ManagedPolicyChange, before: State, current: State
) -> ApplyOutcome:
    who = iam_write.Principal.from_arn(spec.principal_arn)
    attached = set(current["AttachedPolicies"])
    was_attached = spec.policy_arn in before["AttachedPolicies"]
    if spec.action == "attach":
        if spec.policy_arn not in attached:
            await iam_write.attach_policy(hub, who, spec.policy_arn)
        attached.add(spec.policy_arn)
        state: State = {"attached": not was_attached}
    else:
        if spec.policy_arn in attached:
            await iam_write.detach_policy(hub, who, spec.policy_arn)
        attached.discard(spec.policy_arn)
        state = {"detached": was_attached}
    return ApplyOutcome(state, before, {"AttachedPolicies": sorted(attached)})


async def _boundary(
    hub: AwsHub, spec: PermissionsBoundaryChange, before: State, current: State
) -> ApplyOutcome:
    who = iam_write.Principal.from_arn(spec.principal_arn)
    now = current["PermissionsBoundary"]
    if spec.action == "attach":
        if now != spec.policy_arn:
            await iam_write.put_boundary(hub, who, spec.policy_arn)
        now = spec.policy_arn
    elif now == spec.policy_arn:
        await iam_write.delete_boundary(hub, who)
        now = None
    elif now is not None:
        raise Conflict(
            f"the permissions boundary of {spec.principal_arn} is {now}, not {spec.policy_arn}; "
            "it was left in place",
            code="boundary_differs",
        )
    state: State = {"previous": before["PermissionsBoundary"]}
    return ApplyOutcome(state, before, {"PermissionsBoundary": now})


async def _tag(hub: AwsHub, spec: TagChange, before: State, current: State) -> ApplyOutcome:
    who = iam_write.Principal.from_arn(spec.principal_arn)
    tags = dict(current["Tags"])
    previous = before["Tags"].get(spec.key)
    if spec.action == "add":
        if tags.get(spec.key) != spec.value:
            await iam_write.tag(hub, who, {spec.key: spec.value})
        tags[spec.key] = spec.value
        state: State = {
            "key": spec.key,
            "value": spec.value,
            "existed": spec.key in before["Tags"],
            "previous": previous,
        }
    else:
        if spec.key in tags:
            await iam_write.untag(hub, who, [spec.key])
        tags.pop(spec.key, None)
        state = {"key": spec.key, "removed": spec.key in before["Tags"], "previous": previous}
    return ApplyOutcome(state, before, {"Tags": dict(sorted(tags.items()))})


async def revert(hub: AwsHub, spec: PrincipalChange, applied_state: State) -> None:
    """Detach a policy only we attached; put a tag back as it was if it still has our value."""
    who = iam_write.Principal.from_arn(spec.principal_arn)
    if isinstance(spec, ManagedPolicyChange):
        if applied_state.get("attached") and spec.policy_arn in (
            await iam_write.attached_policies(hub, who)
        ):
            await iam_write.detach_policy(hub, who, spec.policy_arn)
        return
    if isinstance(spec, TagChange) and spec.action == "add":
        key = str(applied_state.get("key", spec.key))
        if (await iam_write.tags(hub, who)).get(key) != applied_state.get("value", spec.value):
            return  # changed since by someone else: theirs now
        previous = applied_state.get("previous")
        if applied_state.get("existed") and previous is not None:
            await iam_write.tag(hub, who, {key: str(previous)})
        else:
            await iam_write.untag(hub, who, [key])
        return
    raise Conflict(f"a {spec.type} change is not a time-bound grant", code="not_a_grant")
