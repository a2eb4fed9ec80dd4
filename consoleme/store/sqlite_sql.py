"""The SQLite schema and the SQL text of store queries (no I/O here).

Layout:

``records``
    One row per record: ``id`` (INTEGER PRIMARY KEY, stable across updates), ``kind``, ``key``
    (UNIQUE together), ``version``, ``sort_key``, ``indexes`` (JSON object) and ``data`` (JSON
    text). ``records_by_sort`` on ``(kind, sort_key, key)`` serves queries over a whole kind.
``index_entries``
    One row per (record, index name): ``(record_id, name)`` is the primary key (WITHOUT ROWID) so
    a record's entries are found and replaced in one range; ``index_entries_by_value`` on
    ``(kind, name, value, sort_key, key)`` serves index queries as one covering range scan, then
    the records are fetched by ``id``.

Queries continue after a cursor with a row-value comparison ``(sort_key, key) > (?, ?)``, which
SQLite (3.15+) turns into an index range; a sort key prefix is the range
``[prefix, successor(prefix))``. TEXT compares as UTF-8 bytes, i.e. in code point order, like
DynamoDB. Every value is a bound parameter; only the fixed fragments below are joined.
"""

from __future__ import annotations

from consoleme.store.query import QuerySpec

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    sort_key TEXT NOT NULL,
    indexes TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (kind, key)
);
CREATE INDEX IF NOT EXISTS records_by_sort ON records (kind, sort_key, key);
CREATE TABLE IF NOT EXISTS index_entries (
    record_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (record_id, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS index_entries_by_value
    ON index_entries (kind, name, value, sort_key, key);
"""

COLUMNS = "r.kind, r.key, r.version, r.sort_key, r.indexes, r.data"
SELECT_ONE = f"SELECT {COLUMNS} FROM records r WHERE r.kind = ? AND r.key = ?"  # noqa: S608
SELECT_VERSION = "SELECT id, version FROM records WHERE kind = ? AND key = ?"
INSERT_RECORD = (
    "INSERT INTO records (kind, key, version, sort_key, indexes, data) VALUES (?, ?, ?, ?, ?, ?)"
)
UPDATE_RECORD = "UPDATE records SET version = ?, sort_key = ?, indexes = ?, data = ? WHERE id = ?"
DELETE_RECORD = "DELETE FROM records WHERE id = ?"
INSERT_ENTRY = (
    "INSERT INTO index_entries (record_id, name, kind, value, sort_key, key) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
DELETE_ENTRIES = "DELETE FROM index_entries WHERE record_id = ?"

_MAX_CHAR = 0x10FFFF
_SURROGATES = range(0xD800, 0xE000)


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix`` (None: no bound)."""
    trimmed = prefix.rstrip(chr(_MAX_CHAR))
    if not trimmed:
        return None
    following = ord(trimmed[-1]) + 1
    if following in _SURROGATES:
        following = _SURROGATES.stop
    return trimmed[:-1] + chr(following)


def query_sql(spec: QuerySpec) -> tuple[str, list[object]]:
    """SQL text and parameters fetching up to ``spec.limit + 1`` records of one page."""
    params: list[object] = [spec.kind]
    if spec.index is None:
        table, source, where = "r", "records r", ["r.kind = ?"]
    else:
        table, source = "e", "index_entries e JOIN records r ON r.id = e.record_id"
        where = ["e.kind = ?", "e.name = ?", "e.value = ?"]
        params += spec.index
    if spec.prefix:
        where.append(f"{table}.sort_key >= ?")
        params.append(spec.prefix)
        upper = prefix_upper_bound(spec.prefix)
        if upper is not None:
            where.append(f"{table}.sort_key < ?")
            params.append(upper)
    if spec.after is not None:
        where.append(f"({table}.sort_key, {table}.key) {'<' if spec.descending else '>'} (?, ?)")
        params += [spec.after.sort_key, spec.after.key]
    direction = " DESC" if spec.descending else ""
    sql = (
        f"SELECT {COLUMNS} FROM {source} WHERE {' AND '.join(where)} "  # noqa: S608 - fixed fragments
        f"ORDER BY {table}.sort_key{direction}, {table}.key{direction} LIMIT ?"
    )
    params.append(spec.limit + 1)
    return sql, params
