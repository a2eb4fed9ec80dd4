"""How snapshots are cut into store records, and when their content counts as unchanged."""

from __future__ import annotations

import orjson
import pytest

from consoleme.store.inventory_snapshot import chunked, content_digest

pytestmark = pytest.mark.unit


def test_chunks_stay_under_the_limit_and_keep_order() -> None:
    items = [{"arn": f"arn:{i}", "blob": "x" * (i % 7 * 100)} for i in range(500)]
    chunks = chunked(items, 5_000)
    assert len(chunks) > 10
    assert [item for chunk in chunks for item in chunk] == items
    assert all(len(orjson.dumps(chunk)) <= 5_000 for chunk in chunks)


def test_an_item_larger_than_the_limit_gets_a_chunk_of_its_own() -> None:
    items = [{"a": 1}, {"big": "y" * 10_000}, {"b": 2}]
    assert chunked(items, 1_000) == [[{"a": 1}], [{"big": "y" * 10_000}], [{"b": 2}]]
    assert chunked([], 1_000) == [[]]


def test_digest_ignores_fetched_at_only() -> None:
    first = [{"arn": "a", "fetched_at": 1.0, "tags": {"k": "v"}}]
    later = [{"arn": "a", "fetched_at": 2.0, "tags": {"k": "v"}}]
    changed = [{"arn": "a", "fetched_at": 2.0, "tags": {"k": "w"}}]
    assert content_digest(first) == content_digest(later)
    assert content_digest(first) != content_digest(changed)
