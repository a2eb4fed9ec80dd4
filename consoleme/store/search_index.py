"""The resource search index of one web process: a local SQLite file with an FTS5 trigram index.

Redis 6.2 has no search module and scanning a million cached entries per request is far too
slow, so each web process keeps its own index (a file under ``<data_dir>/search``, removed on
close), filled from the Redis inventory by :mod:`consoleme.core.search_sync`.

- ``entries``: one row per resource, keyed by its stable id (:func:`consoleme.domain.search.
  entry_id`), so results are returned in id order and a cursor is just the last id.
- ``fts``: a contentless FTS5 table (``tokenize=trigram``, ``detail=none``) over the lower-cased
  ARN (plus the name when the ARN lacks it). A substring query matches the three *rarest*
  trigrams of the query (frequencies sampled from 1/32 of the entries), and each candidate is
  then checked for the whole substring with ``instr``: exact results, few candidates.
- ``tags``: ``key\\0value`` -> id, for exact tag filters.
- One- and two-character queries match name prefixes through ``(p1, id)`` / ``(p2, id)`` indexes
  (the trigram index cannot answer them); typeahead asks for a substring scan instead.

All SQLite work runs on executors owned by this class: one writer thread, ``threads`` readers,
each with its own connection (WAL: readers never wait for the writer).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import orjson

from consoleme.domain.inventory import ResourceType
from consoleme.domain.search import (
    MIN_SUBSTRING,
    SearchEntry,
    SearchPage,
    SearchQuery,
    encode_cursor,
    entry_id,
    id_ranges,
    rarest_trigrams,
    search_text,
    trigrams,
)

log = logging.getLogger("consoleme.search")
T = TypeVar("T")
ShortMode = Literal["prefix", "substring"]

_SAMPLE_MASK = 31  # entries whose id & mask == 0 feed the trigram frequencies
_SCHEMA = """
CREATE TABLE entries(
  id INTEGER PRIMARY KEY, arn TEXT NOT NULL, type TEXT NOT NULL, account_id TEXT NOT NULL,
  name TEXT NOT NULL, region TEXT NOT NULL, tags TEXT NOT NULL, text TEXT NOT NULL,
  p1 TEXT NOT NULL, p2 TEXT NOT NULL
);
CREATE TABLE tags(kv TEXT NOT NULL, id INTEGER NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(text, content='', detail=none, tokenize='trigram');
"""
# Secondary indexes: dropped while the index is first filled, then built once (a sort is far
# faster than a million random B-tree inserts).
_INDEXES = {
    "entries_p1": "entries(p1, id)",
    "entries_p2": "entries(p2, id)",
    "entries_account": "entries(account_id, type, id)",
    "entries_type": "entries(type, id)",
    "tags_kv": "tags(kv, id)",
}
_COLUMNS = "e.id, e.arn, e.type, e.account_id, e.name, e.region, e.tags"

Row = tuple[
    int, str, str, str, str, str, str, str
]  # id, arn, type, account, name, region, tags, text


def _tag_keys(tags_json: str) -> list[str]:
    return [f"{k}\x00{v}" for k, v in orjson.loads(tags_json).items()]


def _row(kind: str, account_id: str, arn: str, value: list[Any]) -> Row:
    name, region, tags = str(value[0]), str(value[1]), value[2]
    tags_json = orjson.dumps(tags, option=orjson.OPT_SORT_KEYS).decode()
    text = search_text(arn, name).lower()
    return (
        entry_id(cast(ResourceType, kind), account_id, arn),
        arn,
        kind,
        account_id,
        name,
        region,
        tags_json,
        text,
    )


class SearchIndex:
    """One process's index. :meth:`open` before use, :meth:`close` to delete it."""

    def __init__(self, directory: Path, threads: int = 4) -> None:
        self.directory = directory
        self.path = directory / f"index-{os.getpid()}-{secrets.token_hex(4)}.sqlite"
        self.threads = threads
        self.entries = 0
        self.frequency: Counter[str] = Counter()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        self._readers: ThreadPoolExecutor | None = None
        self.bulk = False

    async def open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.directory)
        self._writer = ThreadPoolExecutor(1, "search-writer")
        self._readers = ThreadPoolExecutor(self.threads, "search-reader")
        await self._run(self._writer, lambda: self._connection().executescript(_SCHEMA))
        await self._write(self._create_indexes)
        self.bulk = False

    async def begin_bulk(self) -> None:
        """Before filling an empty index: drop the secondary indexes (no queries meanwhile)."""
        self.bulk = True
        await self._write(self._drop_indexes)

    async def end_bulk(self) -> None:
        """After filling: build the secondary indexes, merge the FTS segments, analyze."""
        await self._write(self._create_indexes)
        await self._write(lambda c: c.execute("INSERT INTO fts(fts) VALUES('optimize')"))
        await self.analyze()
        self.bulk = False

    @staticmethod
    def _drop_indexes(c: sqlite3.Connection) -> None:
        for name in _INDEXES:
            c.execute(f"DROP INDEX IF EXISTS {name}")
        # No incremental segment merging while filling: one 'optimize' at the end instead.
        c.execute("INSERT INTO fts(fts, rank) VALUES('automerge', 0)")

    @staticmethod
    def _create_indexes(c: sqlite3.Connection) -> None:
        for name, columns in _INDEXES.items():
            c.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")
        c.execute("INSERT INTO fts(fts, rank) VALUES('automerge', 4)")

    async def close(self) -> None:
        executors = [e for e in (self._writer, self._readers) if e is not None]
        self._writer = self._readers = None
        for executor in executors:
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown)
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        await asyncio.to_thread(_remove_files, self.path)

    # --- threads and connections -------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")  # a cache: rebuilt after a crash
            connection.execute("PRAGMA mmap_size=1073741824")
            connection.execute("PRAGMA cache_size=-262144")
            connection.execute("PRAGMA temp_store=MEMORY")
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    async def _run(self, executor: ThreadPoolExecutor | None, work: Callable[[], T]) -> T:
        if executor is None:
            raise RuntimeError("the search index is closed")
        return await asyncio.get_running_loop().run_in_executor(executor, work)

    async def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def run() -> T:
            connection = self._connection()
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = work(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
            return result

        return await self._run(self._writer, run)

    # --- writing -----------------------------------------------------------------------------

    async def apply_part(self, account_id: str, kind: str, rows: dict[str, list[Any]]) -> int:
        """Make the index hold exactly ``rows`` (ARN -> [name, region, tags]) for the part.

        Returns the number of entries added, changed or removed.
        """
        wanted = {row[0]: row for row in (_row(kind, account_id, a, v) for a, v in rows.items())}
        return await self._write(lambda c: self._apply(c, account_id, kind, wanted))

    async def drop_part(self, account_id: str, kind: str) -> int:
        """Remove every entry of the part."""
        return await self._write(lambda c: self._apply(c, account_id, kind, {}))

    def _apply(
        self, c: sqlite3.Connection, account_id: str, kind: str, wanted: dict[int, Row]
    ) -> int:
        # While bulk filling, every part is new: no lookup (there is no index to do it with).
        current: dict[int, Row] = {
            row[0]: cast(Row, row)
            for row in (
                []
                if self.bulk
                else c.execute(
                    "SELECT id, arn, type, account_id, name, region, tags, text FROM entries"
                    " WHERE account_id = ? AND type = ?",
                    (account_id, kind),
                )
            )
        }
        removed = [old for entry, old in current.items() if wanted.get(entry) != old]
        added = sorted(new for entry, new in wanted.items() if current.get(entry) != new)
        self._remove(c, removed)
        self._insert(c, added)
        return len(removed) + sum(1 for row in added if row[0] not in current)

    def _remove(self, c: sqlite3.Connection, rows: list[Row]) -> None:
        c.executemany("DELETE FROM entries WHERE id = ?", [(row[0],) for row in rows])
        c.executemany(
            "INSERT INTO fts(fts, rowid, text) VALUES('delete', ?, ?)",
            [(row[0], row[7]) for row in rows],
        )
        c.executemany(
            "DELETE FROM tags WHERE kv = ? AND id = ?",
            [(k, row[0]) for row in rows for k in _tag_keys(row[6])],
        )
        self.entries -= len(rows)
        for row in rows:
            if row[0] & _SAMPLE_MASK == 0:
                self.frequency.subtract(trigrams(row[7]))

    def _insert(self, c: sqlite3.Connection, rows: list[Row]) -> None:
        before = c.total_changes
        c.executemany(
            "INSERT OR IGNORE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, row[4].lower()[:1], row[4].lower()[:2]) for row in rows],
        )
        if c.total_changes - before != len(rows):
            rows = self._without_collisions(c, rows)
        c.executemany(
            "INSERT INTO fts(rowid, text) VALUES (?, ?)", [(row[0], row[7]) for row in rows]
        )
        c.executemany(
            "INSERT INTO tags VALUES (?, ?)",
            [(k, row[0]) for row in rows for k in _tag_keys(row[6])],
        )
        self.entries += len(rows)
        for row in rows:
            if row[0] & _SAMPLE_MASK == 0:
                self.frequency.update(trigrams(row[7]))

    @staticmethod
    def _without_collisions(c: sqlite3.Connection, rows: list[Row]) -> list[Row]:
        """Rows whose id another ARN holds (two ARNs, one 60-bit hash: astronomically rare)
        are left out, keeping the entry indexed first."""
        kept = []
        for row in rows:
            (arn,) = c.execute("SELECT arn FROM entries WHERE id = ?", (row[0],)).fetchone()
            if arn == row[1]:
                kept.append(row)
            else:
                log.warning("search id collision; entry not indexed", extra={"arn": row[1]})
        return kept

    async def analyze(self) -> None:
        """Refresh the query planner's statistics (after a large build)."""
        await self._write(lambda c: c.execute("PRAGMA analysis_limit=1000").execute("ANALYZE"))

    # --- reading -----------------------------------------------------------------------------

    async def search(self, query: SearchQuery, short: ShortMode = "prefix") -> SearchPage:
        """One page of entries matching ``query``, in id order."""
        sql, params = self._plan(query, short)
        start = -1 if query.after is None else query.after
        ranges = [
            (max(low, start + 1), high)
            for low, high in id_ranges(query.type, query.account_id)
            if high > start
        ]
        wanted = query.limit + 1

        def run() -> list[tuple[Any, ...]]:
            # The ranges are disjoint and ascending: their results, concatenated, are in order.
            rows: list[tuple[Any, ...]] = []
            connection = self._connection()
            for low, high in ranges:
                found = connection.execute(sql, [*params, low, high, wanted - len(rows)])
                rows.extend(found.fetchall())
                if len(rows) >= wanted:
                    break
            return rows

        rows = await self._run(self._readers, run)
        entries = [_entry(row) for row in rows[: query.limit]]
        more = len(rows) > query.limit
        return SearchPage(entries, encode_cursor(rows[query.limit - 1][0]) if more else None)

    def _plan(self, query: SearchQuery, short: ShortMode) -> tuple[str, list[Any]]:
        """SQL for one id range (its last three parameters: low, high, limit) and the others."""
        text = query.q.strip().lower()
        where: list[str] = []
        params: list[Any] = []
        source = "entries e"
        order = "e.id"
        if len(text) >= MIN_SUBSTRING:
            grams = rarest_trigrams(text, self.frequency)
            source = "fts JOIN entries e ON e.id = fts.rowid"
            order = "fts.rowid"
            where += ["fts MATCH ?", "instr(e.text, ?) > 0"]
            params += [" AND ".join('"' + g.replace('"', '""') + '"' for g in grams), text]
        elif text and short == "prefix":
            column = "p1" if len(text) == 1 else "p2"
            where.append(f"e.{column} = ?")
            params.append(text)
        elif text:
            where.append("instr(e.text, ?) > 0")
            params.append(text)
        elif query.tag is not None:
            source = "tags t JOIN entries e ON e.id = t.id"
            order = "t.id"
        for column, value in (("account_id", query.account_id), ("type", query.type)):
            if value:
                where.append(f"e.{column} = ?")
                params.append(value)
        if query.tag is not None:
            key = f"{query.tag[0]}\x00{query.tag[1]}"
            if source.startswith("tags"):
                where.append("t.kv = ?")
            else:
                where.append("EXISTS (SELECT 1 FROM tags t WHERE t.kv = ? AND t.id = e.id)")
            params.append(key)
        where.append(f"{order} BETWEEN ? AND ?")
        # Only fixed fragments are joined here; every value is a bound parameter.
        sql = (
            f"SELECT {_COLUMNS} FROM {source} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?"  # noqa: S608
        )
        return sql, params


def _entry(row: tuple[Any, ...]) -> SearchEntry:
    _, arn, kind, account_id, name, region, tags = row
    return SearchEntry(
        arn=arn,
        type=cast(ResourceType, kind),
        account_id=account_id,
        name=name,
        region=region,
        tags=orjson.loads(tags),
    )


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _remove_stale(directory: Path) -> None:
    """Delete index files of processes that no longer run (they crashed before closing)."""
    for path in directory.glob("index-*.sqlite*"):
        try:
            pid = int(path.name.split("-")[1])
            os.kill(pid, 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
        except (ValueError, IndexError, PermissionError):
            continue
