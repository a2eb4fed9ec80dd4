"""Filling the DynamoDB store on a moto server, and how moto's Query cost grows with the table
(for ``bench/requests.py``).

Two facts about moto 5 (``moto/dynamodb/models``) shape this:

- ``Table.query`` starts from ``all_items()``, which collects *every* item of the table and sorts
  them by primary key (DynamoType comparisons in Python), then keeps those whose GSI key matches
  and sorts those. One Query therefore costs O(T log T) in the table's item count T, whatever the
  page size; DynamoDB reads only the requested page of one partition, O(page).
- ``transact_write_items`` deep-copies the whole table once per item of the transaction (a
  rollback copy), so writing through ``Store.put`` (one TransactWriteItems of 8 items per
  request) costs O(T) per request and the load is quadratic; concurrent transactions also fail
  ("dictionary changed size during iteration"). The load therefore uses BatchWriteItem with
  exactly the items ``Store.put`` writes, checked against ``Store.put`` on a sample first.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import aioboto3
from change_request_load import check_batch_items, load_dynamodb_batches

from consoleme.config.models import DynamoDbSettings
from consoleme.domain.change_request import ChangeRequest
from consoleme.store.change_requests import KIND
from consoleme.store.dynamodb import DynamoStore

TABLE = "consoleme-bench-requests"
REGION = "us-east-1"


@dataclass(frozen=True, slots=True)
class DynamoLoad:
    table: str
    summary: str
    growth: list[str]  # one line per step, and the extrapolation


def _settings(endpoint: str, table: str) -> DynamoDbSettings:
    return DynamoDbSettings(
        table_name=table, endpoint_url=endpoint, create_table=True, timeout_seconds=60
    )


async def _check_batch_path(client: object, endpoint: str, sample: list[ChangeRequest]) -> int:
    """Both ways of writing leave the same items (scratch tables, dropped afterwards)."""
    protocol = DynamoStore(_settings(endpoint, "bench-check-store-put"))
    batch = DynamoStore(_settings(endpoint, "bench-check-batch"))
    await protocol.open()
    await batch.open()
    await batch.close()
    try:
        return await check_batch_items(client, protocol.table, batch.table, sample, protocol)
    finally:
        await protocol.close()
        for table in (protocol.table, batch.table):
            await client.delete_table(TableName=table)  # type: ignore[attr-defined]


async def _page_ms(store: DynamoStore, index: tuple[str, str] | None) -> float:
    """Median ms of three first pages (50, newest first): Query, plus BatchGetItem with index."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        await store.query(KIND, index=index, limit=50, descending=True)
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


async def fill_dynamodb(
    endpoint: str, loaded: list[ChangeRequest], steps: list[int], target: int
) -> DynamoLoad:
    """Load ``loaded`` in ``steps``, timing one page after each; print the growth."""
    session = aioboto3.Session(region_name=REGION)
    async with session.client("dynamodb", endpoint_url=endpoint) as client:
        checked = await _check_batch_path(client, endpoint, loaded[:50])
        print(f"  batch path: {checked} items of 50 requests, identical to Store.put's", flush=True)
        store = DynamoStore(_settings(endpoint, TABLE))
        await store.open()
        done = items = 0
        seconds = 0.0
        growth: list[str] = []
        try:
            for step in [s for s in steps if s <= len(loaded)]:
                started = time.perf_counter()
                _, added = await load_dynamodb_batches(
                    client, TABLE, loaded[done:step], 4, lambda n: None
                )
                seconds += time.perf_counter() - started
                done, items = step, items + added
                by_status = await _page_ms(store, ("status", "pending"))
                whole = await _page_ms(store, None)
                growth.append(
                    f"{done:>7,} requests = {items:>8,} table items (load {seconds:5.1f} s): one "
                    f"page, status=pending {by_status:6.0f} ms ({1000 * by_status / items:.2f} ms "
                    f"per 1,000 items), no filter {whole:6.0f} ms"
                )
                print(f"  {growth[-1]}", flush=True)
        finally:
            await store.close()
    projected = target * items / max(done, 1)
    per_item = by_status / items
    growth.append(
        f"extrapolated to {target:,} requests ({projected:,.0f} items): one page would take "
        f"about {per_item * projected / 1000:,.0f} s or more on moto (linear in items; moto sorts "
        "the table, n log n). On DynamoDB a page is one Query (+ one BatchGetItem) reading only "
        "that page, independent of the table size."
    )
    print(f"  {growth[-1]}", flush=True)
    summary = (
        f"{done:,} requests = {items:,} items in {seconds:.1f} s "
        "(BatchWriteItem of exactly the Store.put items, 4 batches at once)"
    )
    return DynamoLoad(TABLE, summary, growth)
