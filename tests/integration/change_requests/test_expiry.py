"""Time-bound grants taken back by the sweep: exactly what each grant added, nothing else.

Grants are applied by the worker's use-case in this process, then the sweep runs at a moment
after they expire (its ``now`` is an argument).
"""

from __future__ import annotations

import json

import pytest

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.demo_plan import trust_hub
from consoleme.core import change_worker
from consoleme.core.change_worker import ChangeWorkerContext
from consoleme.domain.change_request import ChangeRequest, now_iso
from consoleme.domain.change_types import (
    AssumeRolePolicyChange,
    ChangeSpec,
    InlinePolicyChange,
    ManagedPolicyChange,
    ManagedPolicyDocumentChange,
    PermissionsBoundaryChange,
    TagChange,
)
from consoleme.store.change_requests import ChangeRequestRepository
from tests.integration.change_requests.support import (
    EXISTING,
    LAMBDA_TRUST,
    MakeTargets,
    RecordingTaskClient,
    Targets,
    allow,
    doc,
    later,
    resource_grants,
    sids,
    store_approved,
    tag,
)

pytestmark = pytest.mark.integration

HOUR = 3600.0
TRUST_GRANT = {"Sid": "Added", **LAMBDA_TRUST}


def grants(t: Targets) -> list[ChangeSpec]:
    """c1..c12 are grants; c13 (a boundary) is not, and must stay."""
    role = t.role_arn()
    added = doc(allow("Added", "s3:GetObject", "arn:aws:s3:::reports/*"))
    return [
        InlinePolicyChange(principal_arn=role, policy_name="team", policy_document=added),
        InlinePolicyChange(principal_arn=role, policy_name="grant-only", policy_document=added),
        ManagedPolicyChange(principal_arn=role, policy_arn=t.policy_arn),
        ManagedPolicyChange(principal_arn=role, policy_arn=t.attached_arn),  # attached already
        ManagedPolicyDocumentChange(
            policy_arn=t.policy_arn, policy_document=doc(allow("Added", "ec2:DescribeInstances"))
        ),
        *resource_grants(t),
        AssumeRolePolicyChange(principal_arn=role, policy_document=doc(TRUST_GRANT)),
        TagChange(principal_arn=role, key="team", value="new"),  # "old" before
        TagChange(principal_arn=role, key="granted", value="yes"),  # new
        TagChange(principal_arn=role, key="contested", value="ours"),  # changed by others later
        PermissionsBoundaryChange(principal_arn=role, policy_arn=t.boundary_arn),
    ]


async def apply_every_change(ctx: ChangeWorkerContext, request: ChangeRequest) -> ChangeRequest:
    for change in request.changes:
        assert await change_worker.apply_change(ctx, request.id, change.id) == "applied"
    return await ctx.repository.get(request.id)


async def test_expired_grants_are_taken_back_and_nothing_else(
    aws_org: DemoOrg,
    fresh_targets: MakeTargets,
    ctx: ChangeWorkerContext,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
    refreshed: list[tuple[str, str]],
) -> None:
    aws, t = fresh_targets("security")
    expires = now_iso(later(HOUR))
    request = await store_approved(repository, grants(t), expires_at=expires)
    applied = await apply_every_change(ctx, request)
    assert applied.status == "applied"
    assert applied.changes[3].applied_state == {"attached": False}
    assert applied.changes[9].applied_state["previous"] == "old"
    aws.iam.tag_role(RoleName=t.role, Tags=[tag("contested", "theirs")])
    aws.iam.tag_role(RoleName=t.role, Tags=[tag("made-elsewhere", "1")])

    await change_worker.sweep(ctx, later(HOUR / 2))  # not due yet
    assert (await repository.get(request.id)).changes[0].status == "applied"
    await change_worker.sweep(ctx, later(2 * HOUR))

    done = await repository.get(request.id)
    assert [c.status for c in done.changes] == ["expired"] * 12 + ["applied"]
    assert all(c.expired_at and c.error is None for c in done.changes[:12])
    grants_ids = {f"c{n}" for n in range(1, 13)}
    expired = [e.change_id for e in done.timeline if e.type == "grant_expired"]
    assert (len(expired), set(expired)) == (12, grants_ids)
    queued = [e["change_id"] for e in tasks.events("grant_expired")]
    assert (len(queued), set(queued)) == (12, grants_ids)
    due = await repository.due_grants(now_iso(later(2 * HOUR)))
    assert not [g for g in due if g.request_id == request.id]
    assert (t.role_arn(), t.account_id) in refreshed

    # Exactly what was granted is gone; what others made, and the boundary, stay.
    assert aws.inline(t.role, "team") == doc(EXISTING)
    assert aws.inline(t.role, "grant-only") is None
    assert aws.attached(t.role) == [t.attached_arn]
    version, managed = aws.default_version(t.policy_arn)
    assert (version, managed) == ("v3", doc(EXISTING))
    assert sids(aws.bucket_policy(t.bucket)) == ["Existing"]
    assert sids(aws.queue_policy(t.queue_url)) == ["Existing"]
    assert sids(aws.topic_policy(t.topic_arn)) == ["Existing"]
    role = aws.role(t.role)
    assert role["AssumeRolePolicyDocument"] == trust_hub(aws_org.management_id)
    assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == t.boundary_arn
    assert aws.role_tags(t.role) == {"team": "old", "contested": "theirs", "made-elsewhere": "1"}


async def test_a_grant_that_cannot_be_taken_back_keeps_its_error_for_the_next_sweep(
    aws_org: DemoOrg,
    fresh_targets: MakeTargets,
    ctx: ChangeWorkerContext,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
) -> None:
    aws, t = fresh_targets("prod")
    spec = AssumeRolePolicyChange(principal_arn=t.role_arn(), policy_document=doc(TRUST_GRANT))
    request = await store_approved(repository, [spec], expires_at=now_iso(later(HOUR)))
    await apply_every_change(ctx, request)
    # Someone leaves our statement as the only one: taking it back would empty the trust policy.
    aws.iam.update_assume_role_policy(RoleName=t.role, PolicyDocument=json.dumps(doc(TRUST_GRANT)))

    for _ in range(2):
        await change_worker.sweep(ctx, later(2 * HOUR))
    kept = await repository.get(request.id)
    change = kept.changes[0]
    assert change.status == "applied"
    assert change.error is not None
    assert "without any statement" in change.error
    assert [(e.type, e.why) for e in kept.timeline].count(("change_failed", change.error)) == 1
    assert [g.request_id for g in await repository.due_grants(now_iso(later(2 * HOUR)))].count(
        request.id
    ) == 1
    assert [e["change_id"] for e in tasks.events("change_failed")] == ["c1"]

    # Once the trust policy has another statement again, the next sweep takes ours back.
    hub_trust = trust_hub(aws_org.management_id)
    both = {**hub_trust, "Statement": [*hub_trust["Statement"], TRUST_GRANT]}
    aws.iam.update_assume_role_policy(RoleName=t.role, PolicyDocument=json.dumps(both))
    await change_worker.sweep(ctx, later(2 * HOUR))
    done = await repository.get(request.id)
    assert (done.changes[0].status, done.changes[0].error) == ("expired", None)
    assert aws.role(t.role)["AssumeRolePolicyDocument"] == hub_trust
