"""Approved changes applied by a real Celery worker to a moto organization, checked with boto3.

- every change type, in two member accounts, is visible in AWS afterwards;
- statements made elsewhere survive adding and removing ours;
- a task delivered twice leaves exactly one statement;
- a permanent AWS error is recorded on the change, and the request fails.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from consoleme.config.models import Settings
from consoleme.core.task_client import APPLY_CHANGE
from consoleme.domain.change_request import ChangeRequest
from consoleme.domain.change_types import (
    AssumeRolePolicyChange,
    ChangeSpec,
    CloneRoleChange,
    CreateRoleChange,
    InlinePolicyChange,
    ManagedPolicyChange,
    ManagedPolicyDocumentChange,
    PermissionsBoundaryChange,
    ResourcePolicyChange,
)
from consoleme.store.cache import Cache
from consoleme.store.change_requests import ChangeRequestRepository
from consoleme.store.inventory_cache import InventoryCache
from tests.integration.change_requests.support import (
    EXISTING,
    LAMBDA_TRUST,
    MakeTargets,
    MemberAws,
    RecordingTaskClient,
    Targets,
    allow,
    doc,
    granted_tag,
    resource_grants,
    settled,
    sids,
    store_approved,
    team_read,
)
from tests.integration.inventory.worker import eventually

pytestmark = pytest.mark.integration

NEW_TRUST = doc(LAMBDA_TRUST)


def every_type(t: Targets) -> list[ChangeSpec]:
    """One change of every type (c1..c12), each adding a statement with Sid ``Added``."""
    role = t.role_arn()
    added = allow("Added", "s3:GetObject", "arn:aws:s3:::reports/*")
    return [
        InlinePolicyChange(principal_arn=role, policy_name="team", policy_document=doc(added)),
        InlinePolicyChange(
            principal_arn=t.user_arn, policy_name="team", policy_document=doc(added)
        ),
        ManagedPolicyChange(principal_arn=role, policy_arn=t.policy_arn),
        ManagedPolicyDocumentChange(
            policy_arn=t.policy_arn, policy_document=doc(allow("Added", "ec2:DescribeInstances"))
        ),
        *resource_grants(t),
        AssumeRolePolicyChange(
            principal_arn=role,
            policy_document=doc({**LAMBDA_TRUST, "Sid": "Added"}),
        ),
        PermissionsBoundaryChange(principal_arn=role, policy_arn=t.boundary_arn),
        granted_tag(t),
        CreateRoleChange(
            account_id=t.account_id,
            role_name=f"cmtest-new-{t.suffix}",
            description="made by a request",
            assume_role_policy_document=NEW_TRUST,
            tags={"created-by": "consoleme"},
        ),
        CloneRoleChange(
            source_role_arn=t.role_arn(t.source_role),
            account_id=t.account_id,
            role_name=f"cmtest-clone-{t.suffix}",
        ),
    ]


async def apply_all(
    tasks: RecordingTaskClient,
    repository: ChangeRequestRepository,
    request: ChangeRequest,
    log: Path,
    seconds: float = 60,
) -> ChangeRequest:
    """Queue every change as the approval does, and wait until the request settles."""
    for change in request.changes:
        await tasks.enqueue(APPLY_CHANGE, {"request_id": request.id, "change_id": change.id})
    return await settled(repository, request.id, log, seconds)


def assert_statements_applied(aws: MemberAws, t: Targets) -> None:
    both = ["Existing", "Added"]
    assert sids(aws.inline(t.role, "team")) == both
    assert sids(aws.user_inline(t.user, "team")) == both
    version, managed = aws.default_version(t.policy_arn)
    assert (version, sids(managed)) == ("v2", both)
    assert sids(aws.bucket_policy(t.bucket)) == both
    assert sids(aws.queue_policy(t.queue_url)) == both
    assert sids(aws.topic_policy(t.topic_arn)) == both
    trust = aws.role(t.role)["AssumeRolePolicyDocument"]
    assert sids(trust) == [None, "Added"]
    assert trust["Statement"][1]["Principal"] == {"Service": "lambda.amazonaws.com"}


def assert_roles_applied(aws: MemberAws, t: Targets) -> None:
    role = aws.role(t.role)
    assert aws.attached(t.role) == sorted([t.policy_arn, t.attached_arn])
    assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == t.boundary_arn
    assert aws.role_tags(t.role) == {"team": "old", "granted": "yes"}
    new = aws.role(f"cmtest-new-{t.suffix}")
    assert new["AssumeRolePolicyDocument"] == NEW_TRUST
    assert new["Description"] == "made by a request"
    assert aws.role_tags(new["RoleName"]) == {"created-by": "consoleme"}
    clone, source = aws.role(f"cmtest-clone-{t.suffix}"), aws.role(t.source_role)
    assert clone["AssumeRolePolicyDocument"] == source["AssumeRolePolicyDocument"]
    assert (clone["Description"], clone["MaxSessionDuration"]) == ("the source of clones", 7200)
    assert aws.inline(clone["RoleName"], "reads") == doc(EXISTING)
    assert aws.attached(clone["RoleName"]) == [t.attached_arn]
    assert aws.role_tags(clone["RoleName"]) == {"owner": "platform", "cost-center": "42"}


@pytest.mark.parametrize("account", ["prod", "security"])
async def test_every_change_type_is_applied_and_visible_in_aws(
    account: str,
    worker: Path,
    fresh_targets: MakeTargets,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
) -> None:
    aws, t = fresh_targets(account)
    request = await store_approved(repository, every_type(t))
    done = await apply_all(tasks, repository, request, worker)

    assert done.status == "applied", [(c.id, c.status, c.error) for c in done.changes]
    assert [c.attempts for c in done.changes] == [1] * 12
    assert_statements_applied(aws, t)
    assert_roles_applied(aws, t)
    by_id = {c.id: c for c in done.changes}
    assert by_id["c1"].applied_state == {"sids": ["Added"], "replaced": {}}
    assert by_id["c1"].before == doc(EXISTING)
    assert sids(by_id["c1"].after) == ["Existing", "Added"]
    assert by_id["c3"].applied_state == {"attached": True}
    assert by_id["c3"].before == {"AttachedPolicies": [t.attached_arn]}
    assert by_id["c3"].after == {"AttachedPolicies": sorted([t.attached_arn, t.policy_arn])}
    assert (by_id["c9"].before, by_id["c9"].after) == (
        {"PermissionsBoundary": None},
        {"PermissionsBoundary": t.boundary_arn},
    )
    assert by_id["c10"].after == {"Tags": {"granted": "yes", "team": "old"}}
    assert by_id["c11"].before == {"Role": None}
    assert (by_id["c11"].after or {})["AssumeRolePolicyDocument"] == NEW_TRUST
    assert by_id["c9"].applied_state == {"previous": None}
    assert by_id["c10"].applied_state == {
        "key": "granted",
        "value": "yes",
        "existed": False,
        "previous": None,
    }
    assert by_id["c11"].applied_state == {"created": True}
    assert by_id["c12"].applied_state["created"] is True
    kinds = [e.type for e in done.timeline]
    assert kinds.count("change_applied") == 12
    assert kinds.count("status_changed") == 1


async def test_statements_made_elsewhere_survive_add_and_remove(
    worker: Path,
    fresh_targets: MakeTargets,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
    change_settings: Settings,
    redis_url: str,
) -> None:
    aws, t = fresh_targets("prod")
    grant = allow("Added", "sqs:SendMessage", t.queue_arn, Principal={"AWS": t.role_arn()})
    specs: list[ChangeSpec] = [
        team_read(t),
        ResourcePolicyChange(
            resource_arn=t.queue_arn, resource_type="sqs", policy_document=doc(grant)
        ),
    ]
    added = await apply_all(tasks, repository, await store_approved(repository, specs), worker)
    assert added.status == "applied"
    assert sids(aws.inline(t.role, "team")) == ["Existing", "Added"]
    assert sids(aws.queue_policy(t.queue_url)) == ["Existing", "Added"]
    await inventory_shows(change_settings, redis_url, t, ["Existing", "Added"], worker)

    removals: list[ChangeSpec] = [
        spec.model_copy(update={"action": "remove"})
        for spec in specs  # same Sids
    ]
    removed = await apply_all(tasks, repository, await store_approved(repository, removals), worker)
    assert removed.status == "applied"
    assert aws.inline(t.role, "team") == doc(EXISTING)
    assert sids(aws.queue_policy(t.queue_url)) == ["Existing"]
    statement = doc(allow("Added", "s3:GetObject"))["Statement"][0]
    assert removed.changes[0].applied_state == {"removed": {"Added": statement}}
    await inventory_shows(change_settings, redis_url, t, ["Existing"], worker)


async def inventory_shows(
    settings: Settings, redis_url: str, t: Targets, expected: list[str], log: Path
) -> None:
    """The worker refreshed the role's inventory entry: its inline policy has ``expected``."""
    cache = Cache(redis_url, settings.cache.key_prefix)
    inventory = InventoryCache(cache)

    async def refreshed() -> bool | None:
        role: Any = await inventory.get_resource(t.account_id, "iam_role", t.role_arn())
        found = role and sids(role["inline_policies"].get("team"))
        return True if found == expected else None

    try:
        await eventually(refreshed, 20, f"the cached role to show {expected}", log)
    finally:
        await cache.close()


async def test_a_task_delivered_twice_leaves_one_statement(
    worker: Path,
    fresh_targets: MakeTargets,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
) -> None:
    aws, t = fresh_targets("security")
    spec = ResourcePolicyChange(
        resource_arn=t.topic_arn,
        resource_type="sns",
        policy_document=doc(allow("Added", "SNS:Publish", t.topic_arn, Principal={"AWS": "*"})),
    )
    request = await store_approved(repository, [spec])
    kwargs = {"request_id": request.id, "change_id": "c1"}
    await asyncio.gather(*(tasks.enqueue(APPLY_CHANGE, kwargs) for _ in range(3)))
    done = await settled(repository, request.id, worker)
    await tasks.enqueue(APPLY_CHANGE, kwargs)  # once more, after it was applied
    await asyncio.sleep(1.0)

    assert sids(aws.topic_policy(t.topic_arn)) == ["Existing", "Added"]
    final = await repository.get(request.id)
    assert final.status == done.status == "applied"
    assert [e.type for e in final.timeline].count("change_applied") == 1
    assert final.version == done.version  # the late copy wrote nothing


async def test_a_permanent_aws_error_is_recorded_on_the_change(
    worker: Path,
    fresh_targets: MakeTargets,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
) -> None:
    aws, t = fresh_targets("prod")
    missing = f"arn:aws:iam::{t.account_id}:policy/cmtest-missing-{t.suffix}"
    specs: list[ChangeSpec] = [
        ManagedPolicyChange(principal_arn=t.role_arn(), policy_arn=missing),
        granted_tag(t),
    ]
    done = await apply_all(tasks, repository, await store_approved(repository, specs), worker)

    assert done.status == "failed"
    failed, tagged = done.changes
    assert (failed.status, tagged.status) == ("failed", "applied")
    assert failed.error is not None
    assert "attach_role_policy" in failed.error
    assert "NoSuchEntity" in failed.error
    assert missing in failed.error
    assert failed.attempts == 1
    assert aws.attached(t.role) == [t.attached_arn]
    events = [(e.type, e.change_id) for e in done.timeline]
    assert ("change_failed", "c1") in events
    assert events[-1] == ("status_changed", None)
    assert json.dumps(failed.error)  # a plain string, no traceback object
