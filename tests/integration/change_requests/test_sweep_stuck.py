"""The sweep re-queues a change stuck applying by its own start time, whatever its siblings do."""

from __future__ import annotations

import time

import pytest

from consoleme.core import change_worker
from consoleme.core.change_worker import ChangeWorkerContext
from consoleme.core.task_client import APPLY_CHANGE
from consoleme.domain import change_request_state as state
from consoleme.domain.change_request import now_iso
from consoleme.domain.change_types import TagChange
from consoleme.store.change_requests import ChangeRequestRepository
from tests.integration.change_requests.support import RecordingTaskClient, store_approved

pytestmark = pytest.mark.integration

ROLE = "arn:aws:iam::111111111111:role/not-applied-here"


async def test_a_change_stuck_applying_is_requeued_though_a_sibling_just_finished(
    ctx: ChangeWorkerContext, repository: ChangeRequestRepository, tasks: RecordingTaskClient
) -> None:
    stuck_seconds = ctx.settings.change_requests.apply_stuck_seconds
    request = await store_approved(
        repository,
        [TagChange(principal_arn=ROLE, key="a", value="1"),
         TagChange(principal_arn=ROLE, key="b", value="2")],
    )  # fmt: skip
    long_ago = now_iso(time.time() - stuck_seconds - 30)
    await repository.update(request.id, lambda r: state.start_apply(r, "c1", "w", long_ago))
    await repository.update(request.id, lambda r: state.start_apply(r, "c2", "w", now_iso()))
    _, after = await repository.update(
        request.id, lambda r: state.finish_apply(r, "c2", now_iso(), error=None)
    )
    assert after.status == "approved"  # c1 still applying; the request was just updated

    await change_worker.sweep(ctx)

    queued = [k for name, k in tasks.sent if name == APPLY_CHANGE]
    assert queued == [{"request_id": request.id, "change_id": "c1"}]
