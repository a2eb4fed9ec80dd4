"""Permission requests in the store of record, on both backends: filters, order, paging,
optimistic concurrency and the expiry records of applied grants."""

from __future__ import annotations

import asyncio

import pytest

from consoleme.domain import change_request_state as state
from consoleme.domain.change_request import Change, ChangeRequest, RequestFilter, now_iso
from consoleme.domain.change_types import TagChange
from consoleme.errors import Conflict, NotFound
from consoleme.store.change_requests import ChangeRequestRepository
from consoleme.store.protocol import Store

pytestmark = pytest.mark.integration

A, B = "111111111111", "222222222222"


def _request(number: int, requester: str, account: str, role: str) -> ChangeRequest:
    at = now_iso(1_800_000_000 + number)
    return ChangeRequest(
        id=f"{number:020x}",
        requester=requester,
        justification=f"request {number}",
        created_at=at,
        updated_at=at,
        changes=[
            Change(
                id="c1",
                spec=TagChange(principal_arn=f"arn:aws:iam::{account}:role/{role}", key="k"),
            )
        ],
    )


async def _fill(repository: ChangeRequestRepository) -> list[ChangeRequest]:
    made = []
    for number in range(12):
        request = _request(
            number,
            "alice@example.com" if number % 2 else "bob@example.com",
            A if number % 3 else B,
            "app" if number % 4 else "db",
        )
        stored = await repository.create(request)
        if number % 5 == 0:
            stored = await repository.save(
                state.reject(stored, "admin@example.com", now_iso(), None)
            )
        made.append(stored)
    return made


def _ids(requests: list[ChangeRequest]) -> list[str]:
    return [r.id for r in requests]


async def test_filters_each_alone_and_with_status(store: Store) -> None:
    repository = ChangeRequestRepository(store)
    made = await _fill(repository)
    newest_first = list(reversed(made))

    def expect(**conditions: object) -> list[str]:
        def keep(r: ChangeRequest) -> bool:
            return all(
                {
                    "status": r.status,
                    "requester": r.requester,
                    "account": r.primary_account,
                    "arn": r.primary_arn,
                }[name]
                == value
                for name, value in conditions.items()
            )

        return _ids([r for r in newest_first if keep(r)])

    cases = [
        {},
        {"status": "rejected"},
        {"requester": "alice@example.com"},
        {"requester": "alice@example.com", "status": "pending"},
        {"account": B},
        {"account": A, "status": "rejected"},
        {"arn": f"arn:aws:iam::{A}:role/app"},
        {"requester": "bob@example.com", "account": A},
        {"requester": "bob@example.com", "account": A, "arn": f"arn:aws:iam::{A}:role/db"},
    ]
    for conditions in cases:
        page = await repository.page(RequestFilter(**conditions), limit=50)  # type: ignore[arg-type]
        assert _ids(page.requests) == expect(**conditions), conditions
        assert page.cursor is None


async def test_pages_follow_cursors_in_both_orders(store: Store) -> None:
    repository = ChangeRequestRepository(store)
    made = await _fill(repository)
    for descending in (True, False):
        seen: list[str] = []
        cursor = None
        while True:
            page = await repository.page(
                RequestFilter(), limit=5, cursor=cursor, descending=descending
            )
            seen += _ids(page.requests)
            cursor = page.cursor
            if cursor is None:
                break
        expected = _ids(made)
        assert seen == (list(reversed(expected)) if descending else expected)


async def test_status_change_moves_index_entries(store: Store) -> None:
    repository = ChangeRequestRepository(store)
    stored = await repository.create(_request(1, "alice@example.com", A, "app"))
    approved = await repository.save(state.approve(stored, "bob@example.com", now_iso()))
    assert approved.version == 2
    pending = await repository.page(RequestFilter(status="pending"))
    assert pending.requests == []
    by_requester = await repository.page(
        RequestFilter(requester="alice@example.com", status="approved")
    )
    assert _ids(by_requester.requests) == [stored.id]


async def test_stale_writes_conflict_and_update_retries(store: Store) -> None:
    repository = ChangeRequestRepository(store)
    stored = await repository.create(_request(1, "alice@example.com", A, "app"))
    await repository.save(state.approve(stored, "bob@example.com", now_iso()))
    with pytest.raises(Conflict):
        await repository.save(state.reject(stored, "bob@example.com", now_iso(), None))
    with pytest.raises(Conflict):
        await repository.create(stored)

    def comment(request: ChangeRequest) -> ChangeRequest:
        result = request.model_copy(deep=True)
        result.justification += "!"
        return result

    await asyncio.gather(*(repository.update(stored.id, comment) for _ in range(4)))
    final = await repository.get(stored.id)
    assert final.justification == "request 1!!!!"
    assert final.version == 6
    with pytest.raises(NotFound):
        await repository.get("f" * 20)


async def test_expiry_records_follow_applied_grants(store: Store) -> None:
    repository = ChangeRequestRepository(store)
    request = _request(1, "alice@example.com", A, "app")
    request.changes[0].expires_at = "2026-01-01T00:00:00.000Z"
    later = _request(2, "alice@example.com", A, "app")
    later.changes[0].expires_at = "2027-01-01T00:00:00.000Z"
    assert await repository.due_grants("2030-01-01T00:00:00.000Z") == []
    for item in (request, later):
        stored = await repository.create(item)
        stored = await repository.save(state.approve(stored, "bob@example.com", now_iso()))
        applying = await repository.save(state.start_apply(stored, "c1", "w", now_iso()))
        await repository.save(state.finish_apply(applying, "c1", now_iso(), error=None))
    due = await repository.due_grants("2026-06-01T00:00:00.000Z")
    assert [(d.request_id, d.change_id) for d in due] == [(request.id, "c1")]
    both = await repository.due_grants("2030-01-01T00:00:00.000Z")
    assert [d.request_id for d in both] == [request.id, later.id]
    applied = await repository.get(request.id)
    await repository.save(state.expire_change(applied, "c1", now_iso(), error=None))
    assert [d.request_id for d in await repository.due_grants("2030-01-01T00:00:00.000Z")] == [
        later.id
    ]


async def test_approval_queue_follows_status_and_approvers(store: Store) -> None:
    repository = ChangeRequestRepository(store)
    request = _request(1, "alice@example.com", A, "app")
    request.approver_groups = ["owners", "security"]
    stored = await repository.create(request)
    assert _ids(await repository.awaiting(["security"])) == [stored.id]

    def narrow(r: ChangeRequest) -> ChangeRequest:
        return r.model_copy(update={"approver_groups": ["owners"]})

    await repository.update(stored.id, narrow)
    assert await repository.awaiting(["security"]) == []
    assert _ids(await repository.awaiting(["owners"])) == [stored.id]
    await repository.update(stored.id, lambda r: state.approve(r, "bob@example.com", now_iso()))
    assert await repository.awaiting(["owners"]) == []
