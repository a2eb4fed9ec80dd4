"""Filling a store of record with permission requests, for ``bench/requests.py``.

Two ways, both writing what :class:`~consoleme.store.change_requests.ChangeRequestRepository`
writes:

- :func:`load_through_repository`: ``repository.create`` for every request, ``concurrency`` at a
  time (SQLite; and DynamoDB for small counts).
- :func:`load_dynamodb_batches`: the same records as DynamoDB items sent with BatchWriteItem.
  The repository runs against a :class:`RecordingStore`, which captures each ``Store.put``; each
  put becomes exactly the items :class:`~consoleme.store.dynamodb.DynamoStore` writes for a new
  record (record item at version 1 plus one entry item per index). Needed because moto's
  TransactWriteItems deep-copies the whole table before every transaction (and once more per item
  in it), so loading through ``Store.put`` is quadratic on moto. :func:`check_batch_items` proves
  on a sample that both ways leave identical tables.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from consoleme.domain.change_request import ChangeRequest
from consoleme.store import dynamodb_layout as layout
from consoleme.store.change_requests import ChangeRequestRepository
from consoleme.store.protocol import Page, Record, Store
from consoleme.store.validation import check_put, decode_data

Progress = Callable[[int], None]
_BATCH_WRITE_SIZE = 25  # DynamoDB's limit of items per BatchWriteItem


async def load_through_repository(
    store: Store, requests: Iterable[ChangeRequest], concurrency: int, progress: Progress
) -> int:
    """``repository.create`` for each request, ``concurrency`` at a time; returns the count."""
    repository = ChangeRequestRepository(store)
    source = iter(requests)
    done = 0

    async def worker() -> None:
        nonlocal done
        for request in source:
            await repository.create(request)
            done += 1
            if done % 10_000 == 0:
                progress(done)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done


class RecordingStore:
    """A Store that keeps every put (as the checked arguments) and answers nothing else."""

    def __init__(self) -> None:
        self.puts: list[Any] = []

    async def put(
        self,
        kind: str,
        key: str,
        data: dict[str, Any],
        *,
        expected_version: int | None = None,
        sort_key: str = "",
        indexes: dict[str, str] | None = None,
    ) -> Record:
        args = check_put(kind, key, data, expected_version, sort_key, indexes)
        self.puts.append(args)
        return Record(kind, key, 1, decode_data(args.data_json), args.sort_key, args.indexes)

    async def delete(self, kind: str, key: str, *, expected_version: int | None = None) -> bool:
        return False  # loading starts from an empty table: nothing to delete

    async def get(self, kind: str, key: str) -> Record | None:
        raise NotImplementedError

    async def query(self, kind: str, **kwargs: Any) -> Page:
        raise NotImplementedError


async def dynamodb_items(request: ChangeRequest) -> list[layout.Item]:
    """The items DynamoStore writes when the repository creates ``request`` in an empty table."""
    recorder = RecordingStore()
    await ChangeRequestRepository(recorder).create(request)  # type: ignore[arg-type]
    items: list[layout.Item] = []
    for args in recorder.puts:
        items.append(layout.record_item(args, 1))
        items += [layout.entry_item(args, name, value) for name, value in args.indexes.items()]
    return items


def _chunks(items: Iterator[layout.Item], size: int) -> Iterator[list[layout.Item]]:
    while chunk := list(islice(items, size)):
        yield chunk


async def _write_batch(client: Any, table: str, batch: list[layout.Item]) -> None:
    pending: list[dict[str, Any]] = [{"PutRequest": {"Item": item}} for item in batch]
    for attempt in range(10):
        response = await client.batch_write_item(RequestItems={table: pending})
        pending = response.get("UnprocessedItems", {}).get(table, [])
        if not pending:
            return
        await asyncio.sleep(0.05 * 2**attempt)
    raise RuntimeError(f"BatchWriteItem kept {len(pending)} items unprocessed")


async def load_dynamodb_batches(
    client: Any,
    table: str,
    requests: Iterable[ChangeRequest],
    concurrency: int,
    progress: Progress,
) -> tuple[int, int]:
    """Write the requests' items with BatchWriteItem; returns (requests, items)."""
    counts = [0, 0]

    async def items() -> list[layout.Item]:
        found: list[layout.Item] = []
        for request in requests:
            found += await dynamodb_items(request)
            counts[0] += 1
        return found

    every = await items()
    counts[1] = len(every)
    batches = _chunks(iter(every), _BATCH_WRITE_SIZE)
    written = 0
    last_shown = time.monotonic()

    async def worker() -> None:
        nonlocal written, last_shown
        for batch in batches:
            await _write_batch(client, table, batch)
            written += len(batch)
            if time.monotonic() - last_shown > 30:
                last_shown = time.monotonic()
                progress(written)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return counts[0], counts[1]


async def scan_all(client: Any, table: str) -> list[layout.Item]:
    """Every item of the table, ordered by (pk, sk)."""
    found: list[layout.Item] = []
    request: dict[str, Any] = {"TableName": table}
    while True:
        response = await client.scan(**request)
        found += response.get("Items", [])
        if "LastEvaluatedKey" not in response:
            break
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return sorted(found, key=lambda item: (item["pk"]["S"], item["sk"]["S"]))


async def check_batch_items(
    client: Any, protocol_table: str, batch_table: str, sample: list[ChangeRequest], store: Store
) -> int:
    """Write ``sample`` through ``store`` (a DynamoStore on ``protocol_table``) and through the
    batch path into ``batch_table``; raise unless both tables hold the same items."""
    # One at a time: moto's TransactWriteItems is not safe against concurrent transactions.
    await load_through_repository(store, sample, 1, lambda _: None)
    await load_dynamodb_batches(client, batch_table, sample, 4, lambda _: None)
    expected = await scan_all(client, protocol_table)
    found = await scan_all(client, batch_table)
    if expected != found:
        raise RuntimeError(
            f"the batch path wrote {len(found)} items, Store.put {len(expected)}; "
            "they differ (has ChangeRequestRepository or dynamodb_layout changed?)"
        )
    return len(found)
