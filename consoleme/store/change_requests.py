"""Permission requests in the store of record, listed and filtered by the store's indexes.

A request is a record of kind ``change_request`` keyed by its id, sorted by creation time, with
index entries for ``status``, ``requester``, ``account`` and ``arn`` (its primary target), each
alone and paired with the status (``requester_status`` = ``<requester>|<status>``...), so every
single filter, with or without a status, is one indexed query in creation order. Filters on two
of requester/account/arn use the most selective index and drop the rest page by page.

Time-bound grants that are applied also get a ``grant_expiry`` record sorted by expiry time, so the
sweep reads only what is due; a pending request has one ``approval_queue`` record per approver (a
group or a user), so "waiting for my approval" is a few indexed queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from consoleme.domain.change_request import Change, ChangeRequest, RequestFilter, RequestRow
from consoleme.errors import Conflict, NotFound
from consoleme.store.protocol import Page, Record, Store

KIND = "change_request"
EXPIRY_KIND = "grant_expiry"
QUEUE_KIND = "approval_queue"
# Stop scanning for a two-dimension filter after this many non-matching records; the answer
# then carries a cursor so the next page continues (the page may be shorter than asked).
MAX_SCAN = 1000
_UPDATE_ATTEMPTS = 8


@dataclass(frozen=True, slots=True)
class RequestPage:
    requests: list[RequestRow]
    cursor: str | None


@dataclass(frozen=True, slots=True)
class DueGrant:
    request_id: str
    change_id: str
    expires_at: str


def _indexes(request: ChangeRequest) -> dict[str, str]:
    dims = {
        "requester": request.requester,
        "account": request.primary_account,
        "arn": request.primary_arn,
    }
    indexes: dict[str, str] = {"status": request.status}
    for name, value in dims.items():
        indexes[name] = value
        indexes[f"{name}_status"] = f"{value}|{request.status}"
    return indexes


def _sort_key(request: ChangeRequest) -> str:
    return request.created_at


def _from_record(record: Record) -> ChangeRequest:
    request = ChangeRequest.model_validate(record.data)
    request.version = record.version
    return request


def _choose_index(flt: RequestFilter) -> tuple[tuple[str, str] | None, RequestFilter]:
    """The index to query and what is left to check on each record."""
    for name in ("arn", "requester", "account"):
        value = getattr(flt, name)
        if value is None:
            continue
        rest = RequestFilter(
            **{
                n: getattr(flt, n)
                for n in ("requester", "account", "arn")
                if n != name and getattr(flt, n) is not None
            }
        )
        if flt.status is not None:
            return (f"{name}_status", f"{value}|{flt.status}"), rest
        return (name, value), rest
    if flt.status is not None:
        return ("status", flt.status), RequestFilter()
    return None, RequestFilter()


def _row(record: Record) -> RequestRow:
    return RequestRow.from_data(record.data, record.indexes["arn"], record.indexes["account"])


def _expiry_state(change: Change) -> tuple[str | None, bool]:
    return change.expires_at, change.status == "applied"


def _matches(row: RequestRow, rest: RequestFilter) -> bool:
    return (
        (rest.requester is None or row.requester == rest.requester)
        and (rest.account is None or row.account == rest.account)
        and (rest.arn is None or row.arn == rest.arn)
    )


class ChangeRequestRepository:
    """Reads and writes permission requests with optimistic concurrency."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def create(self, request: ChangeRequest) -> ChangeRequest:
        """Store a new request (its id must be unused)."""
        return await self._put(request, 0)

    async def get(self, request_id: str) -> ChangeRequest:
        """The request; NotFound when there is none."""
        record = await self.store.get(KIND, request_id)
        if record is None:
            raise NotFound(f"no request {request_id!r}", code="request_not_found")
        return _from_record(record)

    async def save(
        self, request: ChangeRequest, before: ChangeRequest | None = None
    ) -> ChangeRequest:
        """Replace the request if it is still at ``request.version`` (Conflict otherwise).

        ``before``: the stored request it was made from; then only the expiry and approval queue
        records whose inputs changed are written (without it, all are).
        """
        return await self._put(request, request.version, before)

    async def update(
        self, request_id: str, change: Callable[[ChangeRequest], ChangeRequest]
    ) -> tuple[ChangeRequest, ChangeRequest]:
        """Read, change and write back, retrying when another writer came first.

        Returns (before, after); ``change`` may return its argument unchanged to skip the write.
        """
        for _ in range(_UPDATE_ATTEMPTS):
            current = await self.get(request_id)
            updated = change(current)
            if updated is current:
                return current, current
            try:
                return current, await self.save(updated, current)
            except Conflict:
                continue
        raise Conflict(f"request {request_id} keeps changing; try again", code="busy")

    async def page(
        self,
        flt: RequestFilter,
        *,
        limit: int = 50,
        cursor: str | None = None,
        descending: bool = True,
    ) -> RequestPage:
        """One page of requests in creation order (newest first by default)."""
        index, rest = _choose_index(flt)
        found: list[RequestRow] = []
        scanned = 0
        while True:
            page: Page = await self.store.query(
                KIND,
                index=index,
                limit=max(1, limit - len(found)) if rest == RequestFilter() else limit,
                cursor=cursor,
                descending=descending,
            )
            cursor = page.cursor
            for record in page.records:
                row = _row(record)
                scanned += 1
                if _matches(row, rest):
                    found.append(row)
            if rest == RequestFilter() or cursor is None:
                return RequestPage(found, cursor)
            if len(found) >= limit or scanned >= MAX_SCAN:
                # A page of `limit` was read entirely, so the store's cursor is exact; extra
                # matches of that page are still returned rather than skipped.
                return RequestPage(found, cursor)

    async def _put(
        self, request: ChangeRequest, expected: int, before: ChangeRequest | None = None
    ) -> ChangeRequest:
        data: dict[str, Any] = request.model_dump(mode="json", exclude={"version"})
        record = await self.store.put(
            KIND,
            request.id,
            data,
            expected_version=expected,
            sort_key=_sort_key(request),
            indexes=_indexes(request),
        )
        await self._sync_expiries(request, before)
        await self._sync_queue(request, before)
        return _from_record(record)

    async def _sync_queue(self, request: ChangeRequest, before: ChangeRequest | None) -> None:
        """One approval_queue record per approver while the request is pending, none after."""
        pending = request.status == "pending"
        if before is not None:
            if (before.status == "pending", before.approver_groups) == (
                pending,
                request.approver_groups,
            ):
                return
            for gone in set(before.approver_groups) - set(request.approver_groups):
                await self.store.delete(QUEUE_KIND, f"{request.id}.{gone}")
        for approver in request.approver_groups:
            key = f"{request.id}.{approver}"
            if pending:
                data = {"request_id": request.id}
                await self.store.put(
                    QUEUE_KIND,
                    key,
                    data,
                    sort_key=request.created_at,
                    indexes={"approver": approver},
                )
            else:
                await self.store.delete(QUEUE_KIND, key)

    async def awaiting(self, approvers: list[str], limit: int = 100) -> list[ChangeRequest]:
        """Pending requests any of ``approvers`` (groups or users) may approve, newest first."""
        found: dict[str, str] = {}
        for approver in sorted(set(approvers)):
            page = await self.store.query(
                QUEUE_KIND, index=("approver", approver), limit=limit, descending=True
            )
            for record in page.records:
                found[record.data["request_id"]] = record.sort_key
        newest = sorted(found, key=lambda rid: (found[rid], rid), reverse=True)[:limit]
        requests = [await self.get(rid) for rid in newest]
        return [r for r in requests if r.status == "pending"]

    async def _sync_expiries(self, request: ChangeRequest, before: ChangeRequest | None) -> None:
        """Keep one grant_expiry record per applied, time-bound change (and none otherwise)."""
        earlier = {c.id: _expiry_state(c) for c in before.changes} if before is not None else {}
        for change in request.changes:
            if earlier.get(change.id) == _expiry_state(change):
                continue  # nothing its record depends on changed
            key = f"{request.id}.{change.id}"
            if change.expires_at and change.status == "applied":
                data = {
                    "request_id": request.id,
                    "change_id": change.id,
                    "expires_at": change.expires_at,
                }
                await self.store.put(EXPIRY_KIND, key, data, sort_key=change.expires_at)
            elif change.expires_at:
                await self.store.delete(EXPIRY_KIND, key)

    async def due_grants(self, now_iso: str, limit: int = 500) -> list[DueGrant]:
        """Applied grants whose expiry time is at or before ``now_iso``, earliest first (at most
        ``limit``; grants that keep failing do not hide later ones below the limit)."""
        due: list[DueGrant] = []
        cursor: str | None = None
        while len(due) < limit:
            page = await self.store.query(EXPIRY_KIND, limit=100, cursor=cursor)
            for record in page.records:
                if record.sort_key > now_iso:
                    return due
                data = record.data
                due.append(DueGrant(data["request_id"], data["change_id"], data["expires_at"]))
            cursor = page.cursor
            if cursor is None:
                break
        return due[:limit]

    async def in_status(self, status: str, limit: int = 200) -> list[ChangeRequest]:
        """Up to ``limit`` requests in ``status``, oldest first (for the sweep)."""
        page = await self.store.query(KIND, index=("status", status), limit=limit)
        return [_from_record(r) for r in page.records]
