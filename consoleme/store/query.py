"""What one :meth:`Store.query` call asks for, checked once for all backends; how a page is cut.

Backends fetch up to ``limit + 1`` records after :attr:`QuerySpec.after`; :meth:`QuerySpec.page`
keeps ``limit`` of them and sets a cursor only when the extra record proves there is more, so the
last page never carries a cursor to an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass

from consoleme.store.cursor import Position, decode_cursor, encode_cursor, query_fingerprint
from consoleme.store.protocol import Page, Record
from consoleme.store.validation import (
    check_limit,
    check_name,
    check_query_index,
    check_sort_key,
)


@dataclass(frozen=True, slots=True)
class QuerySpec:
    """A validated query; ``prefix`` is "" when unrestricted, ``after`` None on the first page."""

    kind: str
    index: tuple[str, str] | None
    limit: int
    descending: bool
    prefix: str
    after: Position | None
    fingerprint: str

    @classmethod
    def parse(
        cls,
        kind: str,
        *,
        index: tuple[str, str] | None,
        limit: int,
        cursor: str | None,
        descending: bool,
        sort_key_prefix: str | None,
    ) -> QuerySpec:
        """Check the arguments of :meth:`Store.query`; BadRequest on anything malformed."""
        kind = check_name("kind", kind)
        index = check_query_index(index)
        prefix = check_sort_key("sort_key_prefix", sort_key_prefix or "")
        descending = bool(descending)
        fingerprint = query_fingerprint(kind, index, descending, prefix)
        after = None if cursor is None else decode_cursor(cursor, fingerprint)
        return cls(kind, index, check_limit(limit), descending, prefix, after, fingerprint)

    def next_cursor(self, fetched: list[Position]) -> str | None:
        """The cursor after a page, given the positions of up to ``limit + 1`` fetched records."""
        if len(fetched) <= self.limit:
            return None
        return encode_cursor(self.fingerprint, fetched[self.limit - 1])

    def page(self, records: list[Record]) -> Page:
        """The page from up to ``limit + 1`` fetched records, in query order."""
        cursor = self.next_cursor([Position(r.sort_key, r.key) for r in records])
        return Page(records=records[: self.limit], cursor=cursor)
