"""Inventory snapshots in both store backends: chunked under the record limit, switched
atomically, unchanged content not rewritten."""

from __future__ import annotations

import pytest

from consoleme.store.inventory_snapshot import KIND, InventorySnapshots
from consoleme.store.protocol import Store

pytestmark = pytest.mark.integration


def documents(count: int, marker: str) -> list[dict[str, object]]:
    policy = {"Statement": [{"Effect": "Allow", "Action": f"s3:{marker}", "Resource": "*" * 400}]}
    return [
        {"arn": f"arn:aws:iam::111111111111:role/r{i}", "fetched_at": float(i), "policy": policy}
        for i in range(count)
    ]


async def stored_keys(store: Store) -> list[str]:
    keys: list[str] = []
    cursor = None
    while True:
        page = await store.query(KIND, limit=1000, cursor=cursor)
        keys.extend(r.key for r in page.records)
        if page.cursor is None:
            return sorted(keys)
        cursor = page.cursor


async def test_large_snapshots_round_trip_in_chunks(store: Store) -> None:
    snapshots = InventorySnapshots(store, chunk_bytes=100_000)
    items = documents(1200, "GetObject")  # about 600 KB: more than one DynamoDB item holds
    assert await snapshots.save("111111111111:iam_role", items) is True
    chunks = [k for k in await stored_keys(store) if k.count(":") == 3]
    assert len(chunks) >= 6
    assert await snapshots.load("111111111111:iam_role") == items
    assert await snapshots.names() == ["111111111111:iam_role"]


async def test_unchanged_content_is_not_rewritten_and_old_chunks_go(store: Store) -> None:
    snapshots = InventorySnapshots(store, chunk_bytes=50_000)
    name = "222222222222:s3_bucket"
    await snapshots.save(name, documents(300, "GetObject"))
    before = await stored_keys(store)
    refetched = [{**d, "fetched_at": 99.0} for d in documents(300, "GetObject")]
    assert await snapshots.save(name, refetched) is False
    assert await stored_keys(store) == before
    changed = documents(10, "PutObject")
    assert await snapshots.save(name, changed) is True
    assert await snapshots.load(name) == changed
    after = await stored_keys(store)
    assert len(after) == 2  # the manifest and one chunk: the old chunks were deleted
    await snapshots.delete(name)
    assert await stored_keys(store) == []
    assert await snapshots.load(name) is None
