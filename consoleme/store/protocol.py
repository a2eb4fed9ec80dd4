"""The store of record: one async protocol, implemented by SQLite and DynamoDB backends.

The store keeps *records*: JSON documents grouped by ``kind`` (``change_request``, ``audit_event``,
``dynamic_config``, ``favorite``, ``inventory_snapshot``...), addressed by ``key`` inside a kind.
Every record carries a ``version`` that starts at 1 and grows by one on each write; a write that
names ``expected_version`` succeeds only when the stored version still matches (optimistic
concurrency), otherwise it raises :class:`consoleme.errors.Conflict`.

Lists are served by the store, never by loading everything into Python: each record has a
``sort_key`` (string, ordered lexicographically) and up to a few ``indexes`` (name -> string
value). :meth:`Store.query` returns one page in ``sort_key`` order, either over the whole kind or
over the records whose index ``name`` equals ``value``, with an opaque cursor for the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

# How many index names one record may carry. Each is one index entry: a row of ``index_entries``
# in SQLite, an item in the record's item collection on DynamoDB (see dynamodb_layout).
MAX_INDEXES = 8


@dataclass(frozen=True, slots=True)
class Record:
    """One stored document and its bookkeeping."""

    kind: str
    key: str
    version: int
    data: dict[str, Any]
    sort_key: str = ""
    indexes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a query; ``cursor`` is None on the last page."""

    records: list[Record]
    cursor: str | None


@runtime_checkable
class Store(Protocol):
    """What every store backend provides. All methods are safe to call concurrently."""

    async def open(self) -> None:
        """Create tables/files if missing. Idempotent."""

    async def close(self) -> None:
        """Release connections and executors."""

    async def ping(self) -> None:
        """Raise :class:`consoleme.errors.Unavailable` when the backend does not answer."""

    async def get(self, kind: str, key: str) -> Record | None:
        """The record, or None."""

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
        """Create or replace a record and return it with its new version.

        ``expected_version=None`` writes unconditionally; ``0`` means "must not exist yet";
        ``n > 0`` means "must currently be at version n". A mismatch raises Conflict.
        ``indexes`` has at most MAX_INDEXES entries; names and values are non-empty strings.
        """

    async def delete(self, kind: str, key: str, *, expected_version: int | None = None) -> bool:
        """Delete; True when a record was removed. Version mismatch raises Conflict."""

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
        """One page of records of ``kind`` ordered by (sort_key, key).

        ``index=(name, value)`` restricts to records whose index ``name`` equals ``value``.
        ``sort_key_prefix`` restricts to sort keys starting with it. ``cursor`` comes from a
        previous Page of the same query; a malformed cursor raises BadRequest.
        """
