"""SQLite specifics: the file outlives the store object, WAL, several writers, indexed queries."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from consoleme.errors import ConfigError, Conflict
from consoleme.store import sqlite_sql
from consoleme.store.cursor import Position
from consoleme.store.protocol import Record
from consoleme.store.query import QuerySpec
from consoleme.store.sqlite import SqliteStore

pytestmark = pytest.mark.integration


async def test_records_survive_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "consoleme.db"
    first = SqliteStore(path)
    await first.open()
    await first.open()  # idempotent
    written = await first.put(
        "favorite", "alice", {"roles": ["a", "b"]}, sort_key="s", indexes={"user": "alice"}
    )
    await first.close()
    await first.close()  # idempotent

    second = SqliteStore(path)
    await second.open()
    try:
        assert await second.get("favorite", "alice") == written
        page = await second.query("favorite", index=("user", "alice"))
        assert page.records == [written]
        updated = await second.put("favorite", "alice", {"roles": []}, expected_version=1)
        assert updated.version == 2
    finally:
        await second.close()


async def test_database_is_in_wal_mode_with_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "consoleme.db"
    store = SqliteStore(path)
    await store.open()
    await store.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()


async def test_two_stores_on_one_file_keep_version_checks(tmp_path: Path) -> None:
    # Like the web and worker processes sharing the embedded database: separate connections.
    path = tmp_path / "consoleme.db"
    stores = [SqliteStore(path), SqliteStore(path)]
    for store in stores:
        await store.open()
    try:
        await stores[0].put("change_request", "cr", {"n": 0})
        results = await asyncio.gather(
            *(
                stores[n % 2].put("change_request", "cr", {"n": n}, expected_version=1)
                for n in range(10)
            ),
            return_exceptions=True,
        )
        winners = [r for r in results if isinstance(r, Record)]
        assert len(winners) == 1, results
        assert sum(isinstance(r, Conflict) for r in results) == 9, results
        assert await stores[1].get("change_request", "cr") == winners[0]
    finally:
        for store in stores:
            await store.close()


async def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "consoleme.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    store = SqliteStore(path)
    with pytest.raises(ConfigError, match="schema version 99"):
        await store.open()
    await store.close()


async def test_calls_before_open_are_programming_errors(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "consoleme.db")
    with pytest.raises(RuntimeError, match="not open"):
        await store.get("favorite", "alice")


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("index", [None, ("status", "pending")])
@pytest.mark.parametrize("prefix", [None, "2024-"])
@pytest.mark.parametrize("after", [None, Position("2024-05-01", "cr-1")])
async def test_every_query_shape_is_an_index_range(
    tmp_path: Path,
    descending: bool,
    index: tuple[str, str] | None,
    prefix: str | None,
    after: Position | None,
) -> None:
    store = SqliteStore(tmp_path / "consoleme.db")
    await store.open()
    await store.close()
    spec = QuerySpec.parse(
        "change_request",
        index=index,
        limit=50,
        cursor=None,
        descending=descending,
        sort_key_prefix=prefix,
    )
    spec = QuerySpec(
        spec.kind, spec.index, spec.limit, spec.descending, spec.prefix, after, spec.fingerprint
    )
    text, params = sqlite_sql.query_sql(spec)
    with sqlite3.connect(tmp_path / "consoleme.db") as connection:
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {text}", params)]
    connection.close()
    # SEARCH = an index range or lookup; SCAN would read every row; no temp B-tree for ORDER BY.
    assert all(step.startswith("SEARCH") for step in plan), plan
    expected_index = "records_by_sort" if index is None else "index_entries_by_value"
    assert expected_index in plan[0], plan


@pytest.mark.parametrize(
    ("prefix", "bound"),
    [
        ("2024-", "2024."),
        ("a", "b"),
        ("a\U0010ffff", "b"),
        ("\U0010ffff", None),
        ("\ud7ff", "\ue000"),
    ],
)
def test_prefix_upper_bound(prefix: str, bound: str | None) -> None:
    assert sqlite_sql.prefix_upper_bound(prefix) == bound
