"""Opaque page cursors: base64url JSON naming the last record of a page and the query it came from.

A cursor holds the ``(sort_key, key)`` position of the last record returned, which is all either
backend needs to continue: SQLite compares the pair in SQL, DynamoDB rebuilds its
``ExclusiveStartKey`` (the LastEvaluatedKey of that record) from it. It also carries a short
fingerprint of the query so that a cursor handed to a different query is refused with
BadRequest instead of returning a wrong page. Cursors are not secrets and not signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from consoleme.errors import BadRequest
from consoleme.store.validation import check_key, check_sort_key

_VERSION = 1


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page ended: the (sort_key, key) of its last record."""

    sort_key: str
    key: str


def query_fingerprint(
    kind: str, index: tuple[str, str] | None, descending: bool, sort_key_prefix: str | None
) -> str:
    """A short digest identifying one query (not its page)."""
    text = json.dumps([kind, list(index) if index else None, descending, sort_key_prefix or ""])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def encode_cursor(fingerprint: str, position: Position) -> str:
    """The opaque cursor for the page after ``position``."""
    body = {"v": _VERSION, "q": fingerprint, "s": position.sort_key, "k": position.key}
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, fingerprint: str) -> Position:
    """The position in ``cursor``; BadRequest when malformed or from another query."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw.decode("utf-8"))
    except (TypeError, ValueError, binascii.Error):
        raise BadRequest("malformed cursor", code="invalid_cursor") from None
    if not isinstance(body, dict) or body.get("v") != _VERSION or set(body) != {"v", "q", "s", "k"}:
        raise BadRequest("malformed cursor", code="invalid_cursor")
    if body["q"] != fingerprint:
        raise BadRequest("cursor belongs to a different query", code="invalid_cursor")
    try:
        return Position(check_sort_key("cursor", body["s"]), check_key(body["k"]))
    except BadRequest:
        raise BadRequest("malformed cursor", code="invalid_cursor") from None
