"""The embedded store of record: one SQLite file in WAL mode.

Every blocking call runs on executors owned by the store: one writer thread and a few reader
threads, each with its own connection. WAL lets readers run while the writer commits. Writes run
in ``BEGIN IMMEDIATE`` transactions (read version, check it, write), so version checks are
race-free even when several processes (web, worker, beat) share the file; ``busy_timeout``
makes a second writer wait instead of failing. Schema and SQL: :mod:`consoleme.store.sqlite_sql`.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from consoleme.errors import ConfigError, Unavailable
from consoleme.store import sqlite_sql as sql
from consoleme.store.protocol import Page, Record
from consoleme.store.query import QuerySpec
from consoleme.store.validation import (
    PutArgs,
    check_expected_version,
    check_key,
    check_name,
    check_put,
    check_version,
    decode_data,
)

T = TypeVar("T")
Row = tuple[str, str, int, str, str, str]


class SqliteStore:
    """The :class:`consoleme.store.protocol.Store` on one SQLite file (created when missing)."""

    def __init__(
        self, path: Path, *, read_threads: int = 4, busy_timeout_seconds: float = 10.0
    ) -> None:
        self.path = path
        self._read_threads = read_threads
        self._busy_timeout_ms = int(busy_timeout_seconds * 1000)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        self._readers: ThreadPoolExecutor | None = None

    async def open(self) -> None:
        """Create the file, switch it to WAL and create the tables if missing. Idempotent."""
        if self._writer is not None:
            return
        self._writer = ThreadPoolExecutor(1, "sqlite-writer")
        self._readers = ThreadPoolExecutor(self._read_threads, "sqlite-reader")
        try:
            await self._write(_create_schema)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Stop the executors and close every connection. Idempotent."""
        executors = [e for e in (self._writer, self._readers) if e is not None]
        self._writer = self._readers = None
        for executor in executors:
            # Waits for work already queued; run off the loop so the loop keeps serving.
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown)
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()

    async def ping(self) -> None:
        """Raise Unavailable when the file cannot be read."""
        await self._read(lambda c: c.execute("SELECT 1 FROM records LIMIT 1").fetchall())

    async def get(self, kind: str, key: str) -> Record | None:
        """The record, or None."""
        params = (check_name("kind", kind), check_key(key))
        row = await self._read(lambda c: c.execute(sql.SELECT_ONE, params).fetchone())
        return None if row is None else _record(row)

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
        """Create or replace a record; Conflict when ``expected_version`` does not match."""
        args = check_put(kind, key, data, expected_version, sort_key, indexes)
        version = await self._write(_put, args)
        return Record(
            kind=args.kind,
            key=args.key,
            version=version,
            data=decode_data(args.data_json),
            sort_key=args.sort_key,
            indexes=dict(args.indexes),
        )

    async def delete(self, kind: str, key: str, *, expected_version: int | None = None) -> bool:
        """Delete; True when a record was removed. Conflict on a version mismatch."""
        checked = (check_name("kind", kind), check_key(key))
        expected = check_expected_version(expected_version)
        return await self._write(_delete, *checked, expected)

    async def query(
        self,
        kind: str,
        *,
        index: tuple[str, str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
        descending: bool = False,
        sort_key_prefix: str | None = None,
    ) -> Page:
        """One page in (sort_key, key) order: an indexed SQL range with LIMIT."""
        spec = QuerySpec.parse(
            kind,
            index=index,
            limit=limit,
            cursor=cursor,
            descending=descending,
            sort_key_prefix=sort_key_prefix,
        )
        text, params = sql.query_sql(spec)
        rows = await self._read(lambda c: c.execute(text, params).fetchall())
        return spec.page([_record(row) for row in rows])

    def _connection(self, read_only: bool) -> sqlite3.Connection:
        """This executor thread's connection, opened on first use."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # check_same_thread=False only so that close() may close it after the thread has ended.
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        with self._connections_lock:
            self._connections.append(connection)
        connection.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        # FULL: a committed change request or audit event survives a power cut, not only a crash.
        connection.execute("PRAGMA synchronous = FULL")
        if read_only:
            connection.execute("PRAGMA query_only = ON")
        self._local.connection = connection
        return connection

    async def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await self._run(self._readers, work, read_only=True)

    async def _write(self, work: Callable[..., T], *args: Any) -> T:
        return await self._run(
            self._writer, lambda connection: work(connection, *args), read_only=False
        )

    async def _run(
        self,
        executor: ThreadPoolExecutor | None,
        work: Callable[[sqlite3.Connection], T],
        *,
        read_only: bool,
    ) -> T:
        if executor is None:
            raise RuntimeError("SqliteStore is not open; call open() first")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(executor, lambda: work(self._connection(read_only)))
        except (sqlite3.Error, OSError) as error:
            raise Unavailable(f"SQLite store {self.path}: {error}") from error


@contextmanager
def _immediate(connection: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the write lock before reading (no lost updates)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _create_schema(connection: sqlite3.Connection) -> None:
    if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
        raise Unavailable("SQLite store: could not switch the database to WAL mode")
    with _immediate(connection):
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        if found > sql.SCHEMA_VERSION:
            raise ConfigError(
                f"store file has schema version {found}; this ConsoleMe knows up to "
                f"{sql.SCHEMA_VERSION}. Upgrade ConsoleMe or use another file."
            )
        for statement in sql.SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {sql.SCHEMA_VERSION}")


def _current(connection: sqlite3.Connection, kind: str, key: str) -> tuple[int | None, int]:
    """(row id or None, stored version or 0 when missing), inside the write transaction."""
    row = connection.execute(sql.SELECT_VERSION, (kind, key)).fetchone()
    return (None, 0) if row is None else (int(row[0]), int(row[1]))


def _put(connection: sqlite3.Connection, args: PutArgs) -> int:
    with _immediate(connection):
        record_id, current = _current(connection, args.kind, args.key)
        check_version(args.kind, args.key, args.expected_version, current)
        version = current + 1
        indexes_json = json.dumps(args.indexes, ensure_ascii=False)
        if record_id is None:
            cursor = connection.execute(
                sql.INSERT_RECORD,
                (args.kind, args.key, version, args.sort_key, indexes_json, args.data_json),
            )
            record_id = cursor.lastrowid
        else:
            connection.execute(
                sql.UPDATE_RECORD,
                (version, args.sort_key, indexes_json, args.data_json, record_id),
            )
            connection.execute(sql.DELETE_ENTRIES, (record_id,))
        connection.executemany(
            sql.INSERT_ENTRY,
            [
                (record_id, name, args.kind, value, args.sort_key, args.key)
                for name, value in args.indexes.items()
            ],
        )
    return version


def _delete(connection: sqlite3.Connection, kind: str, key: str, expected: int | None) -> bool:
    with _immediate(connection):
        record_id, current = _current(connection, kind, key)
        check_version(kind, key, expected, current)
        if record_id is None:
            return False
        connection.execute(sql.DELETE_ENTRIES, (record_id,))
        connection.execute(sql.DELETE_RECORD, (record_id,))
    return True


def _record(row: Row) -> Record:
    kind, key, version, sort_key, indexes, data = row
    return Record(
        kind=kind,
        key=key,
        version=version,
        data=decode_data(data),
        sort_key=sort_key,
        indexes=json.loads(indexes),
    )
