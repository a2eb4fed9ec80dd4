"""Applying survives what goes wrong around it: a worker lost after its AWS write, two copies
of one task at the same moment, a task that never ran, AWS throttling.

The failing attempts run the worker's use-case in this process (the test decides when it fails);
the retries the sweep queues run on the real worker.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from consoleme.aws.hub import AwsHub
from consoleme.config.models import AwsSettings
from consoleme.core import change_worker
from consoleme.core.change_worker import ChangeWorkerContext
from consoleme.core.task_client import APPLY_CHANGE
from consoleme.domain.change_request import ChangeRequest
from consoleme.domain.change_types import (
    ChangeSpec,
    ManagedPolicyChange,
    ResourcePolicyChange,
)
from consoleme.errors import AwsError, Throttled
from consoleme.store.cache import Cache
from consoleme.store.change_requests import ChangeRequestRepository
from tests.integration.change_requests.support import (
    MakeTargets,
    RecordingTaskClient,
    allow,
    doc,
    granted_tag,
    later,
    settled,
    sids,
    store_approved,
    team_read,
)

pytestmark = pytest.mark.integration


class LostAfterAwsRepository(ChangeRequestRepository):
    """The real repository, except that recording a change of ``lose`` as applied fails once
    per change: the worker died after its AWS write, before it recorded the outcome."""

    def __init__(self, inner: ChangeRequestRepository, lose: set[str]) -> None:
        super().__init__(inner.store)
        self.lose = set(lose)

    async def save(
        self, request: ChangeRequest, before: ChangeRequest | None = None
    ) -> ChangeRequest:
        for change in request.changes:
            if change.id in self.lose and change.status == "applied":
                self.lose.discard(change.id)
                raise RuntimeError("worker lost after the AWS call")
        return await super().save(request, before)


class ThrottlingHub(AwsHub):
    """The real hub, except that the next ``times[op]`` calls of operation ``op`` fail as AWS
    fails when it throttles (after botocore's own retries)."""

    def __init__(self, settings: AwsSettings, times: dict[str, int]) -> None:
        super().__init__(settings)
        self.times = dict(times)

    async def call(self, service: str, operation: str, **params: Any) -> dict[str, Any]:
        if self.times.get(operation, 0) > 0:
            self.times[operation] -= 1
            raise AwsError(
                f"{service}:{operation} failed: Throttling: Rate exceeded",
                details={"operation": operation, "aws_code": "Throttling"},
            )
        return await super().call(service, operation, **params)


def applied_events(request: ChangeRequest) -> int:
    return [e.type for e in request.timeline].count("change_applied")


async def test_a_task_that_fails_after_its_aws_call_is_retried_and_applies_once(
    worker: Path,
    fresh_targets: MakeTargets,
    ctx: ChangeWorkerContext,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
) -> None:
    aws, t = fresh_targets("prod")
    specs: list[ChangeSpec] = [
        team_read(t),
        ManagedPolicyChange(principal_arn=t.role_arn(), policy_arn=t.policy_arn),
    ]
    request = await store_approved(repository, specs)
    lost = dataclasses.replace(ctx, repository=LostAfterAwsRepository(repository, {"c1", "c2"}))
    for change_id in ("c1", "c2"):
        with pytest.raises(RuntimeError, match="worker lost"):
            await change_worker.apply_change(lost, request.id, change_id)

    # AWS was changed; the store still says applying, with what was there before the write.
    assert sids(aws.inline(t.role, "team")) == ["Existing", "Added"]
    assert aws.attached(t.role) == sorted([t.attached_arn, t.policy_arn])
    stuck = await repository.get(request.id)
    assert [(c.status, c.attempts) for c in stuck.changes] == [("applying", 1)] * 2
    assert stuck.changes[1].before == {"AttachedPolicies": [t.attached_arn]}

    # The sweep finds them stuck and queues them again; the real worker retries them.
    queued = [(APPLY_CHANGE, {"request_id": request.id, "change_id": c}) for c in ("c1", "c2")]
    await change_worker.sweep(ctx, later(10))  # not stuck for long enough yet
    assert not [q for q in queued if q in tasks.sent]
    await change_worker.sweep(ctx, later(ctx.settings.change_requests.apply_stuck_seconds + 1))
    assert all(q in tasks.sent for q in queued)
    done = await settled(repository, request.id, worker)

    assert done.status == "applied"
    assert [(c.status, c.attempts) for c in done.changes] == [("applied", 2)] * 2
    assert sids(aws.inline(t.role, "team")) == ["Existing", "Added"]  # exactly one "Added"
    # The retry saw the policy attached, but knew from the recorded state that it attached it.
    assert done.changes[1].applied_state == {"attached": True}
    assert applied_events(done) == 2


async def test_two_copies_applying_one_change_at_once_apply_it_once(
    fresh_targets: MakeTargets,
    ctx: ChangeWorkerContext,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
    redis_url: str,
) -> None:
    aws, t = fresh_targets("security")
    grant = allow("Added", "s3:GetObject", f"arn:aws:s3:::{t.bucket}/*", Principal={"AWS": "*"})
    spec = ResourcePolicyChange(
        resource_arn=f"arn:aws:s3:::{t.bucket}",
        resource_type="s3",
        account_id=t.account_id,
        policy_document=doc(grant),
    )
    request = await store_approved(repository, [spec, granted_tag(t)])

    # Different lock spaces: the lock cannot help, only idempotency can.
    other_tasks = RecordingTaskClient()
    other = dataclasses.replace(
        ctx, cache=Cache(redis_url, "another-lock-space:"), task_client=other_tasks
    )
    try:
        results = await asyncio.gather(
            change_worker.apply_change(ctx, request.id, "c1"),
            change_worker.apply_change(other, request.id, "c1"),
        )
    finally:
        await other.cache.close()
    assert sorted(results) == ["applied", "skipped"]
    assert sids(aws.bucket_policy(t.bucket)) == ["Existing", "Added"]
    applied = tasks.events("change_applied") + other_tasks.events("change_applied")
    assert [e["change_id"] for e in applied] == ["c1"]

    # The same lock space: the second copy does not even start.
    results = await asyncio.gather(
        change_worker.apply_change(ctx, request.id, "c2"),
        change_worker.apply_change(ctx, request.id, "c2"),
    )
    assert sorted(results) in (["applied", "busy"], ["applied", "skipped"])
    done = await repository.get(request.id)
    assert done.status == "applied"
    assert applied_events(done) == 2
    assert aws.role_tags(t.role) == {"team": "old", "granted": "yes"}


async def test_the_sweep_queues_again_an_approved_change_whose_task_was_lost(
    worker: Path,
    fresh_targets: MakeTargets,
    ctx: ChangeWorkerContext,
    repository: ChangeRequestRepository,
    tasks: RecordingTaskClient,
) -> None:
    aws, t = fresh_targets("prod")
    request = await store_approved(repository, [granted_tag(t)])
    queued = (APPLY_CHANGE, {"request_id": request.id, "change_id": "c1"})

    await change_worker.sweep(ctx)  # just approved: its task may still be on its way
    assert queued not in tasks.sent
    await change_worker.sweep(ctx, later(ctx.settings.change_requests.apply_stuck_seconds + 1))
    assert queued in tasks.sent
    done = await settled(repository, request.id, worker)

    assert (done.status, done.changes[0].attempts) == ("applied", 1)
    assert aws.role_tags(t.role) == {"team": "old", "granted": "yes"}


async def test_throttling_is_retried_and_the_last_try_records_it(
    aws_settings: AwsSettings,
    fresh_targets: MakeTargets,
    ctx: ChangeWorkerContext,
    repository: ChangeRequestRepository,
) -> None:
    aws, t = fresh_targets("security")
    specs: list[ChangeSpec] = [team_read(t), granted_tag(t)]
    request = await store_approved(repository, specs)
    async with ThrottlingHub(aws_settings, {"put_role_policy": 1, "tag_role": 99}) as hub:
        throttled = dataclasses.replace(ctx, hub=hub)
        for change_id in ("c1", "c2"):
            with pytest.raises(Throttled):
                await change_worker.apply_change(throttled, request.id, change_id)
        waiting = await repository.get(request.id)
        assert [(c.status, c.error) for c in waiting.changes] == [("applying", None)] * 2

        assert await change_worker.apply_change(throttled, request.id, "c1") == "applied"
        last = await change_worker.apply_change(throttled, request.id, "c2", last_try=True)
        assert last == "failed"

    done = await repository.get(request.id)
    assert [(c.status, c.attempts) for c in done.changes] == [("applied", 2), ("failed", 2)]
    assert done.changes[1].error is not None
    assert "Throttling" in done.changes[1].error
    assert sids(aws.inline(t.role, "team")) == ["Existing", "Added"]
    assert aws.role_tags(t.role) == {"team": "old"}
    assert done.status == "failed"
