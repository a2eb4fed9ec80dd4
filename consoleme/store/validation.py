"""Argument checks and the stored JSON form of ``data``, shared by every store backend.

Both backends accept exactly the same arguments, so code developed against the embedded SQLite
store does not fail later on DynamoDB. The limits come from DynamoDB: a partition key holds at
most 2048 bytes, a sort key 1024 bytes and an item 400 KB. The DynamoDB layout puts
``sort_key + SEPARATOR + key`` in one index sort key, hence the byte limits below, and every
record plus its index entries must stay under 400 KB, hence :data:`MAX_DATA_BYTES`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from consoleme.errors import BadRequest, Conflict
from consoleme.store.protocol import MAX_INDEXES

# Kinds and index names are identifiers chosen by code; they never contain '#' or SEPARATOR,
# which the DynamoDB layout uses to join them with keys and values.
NAME_PATTERN = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
MAX_KEY_BYTES = 512
MAX_SORT_KEY_BYTES = 500
MAX_INDEX_VALUE_BYTES = 512
# The JSON form of ``data`` (UTF-8). With the other attributes at their limits (including
# MAX_INDEXES index values, which the record item repeats) a DynamoDB item stays under its
# 400 KB (409,600 bytes) limit.
MAX_DATA_BYTES = 395_000
MAX_QUERY_LIMIT = 1000
# Joins sort_key and key into one string that orders exactly like the pair (sort_key, key):
# it sorts below every character a sort key may contain.
SEPARATOR = "\x01"
_FORBIDDEN_IN_SORT_KEY = ("\x00", SEPARATOR)


def check_name(what: str, value: object) -> str:
    """A kind or index name: 1-64 characters of ``A-Z a-z 0-9 _ . -``."""
    if not isinstance(value, str) or NAME_PATTERN.fullmatch(value) is None:
        raise BadRequest(f"{what} must be 1-64 characters of A-Z a-z 0-9 _ . - (got {value!r})")
    return value


def check_text(what: str, value: object, max_bytes: int, *, allow_empty: bool = False) -> str:
    """A string of valid UTF-8 (no lone surrogates) of at most ``max_bytes`` bytes."""
    if not isinstance(value, str):
        raise BadRequest(f"{what} must be a string, not {type(value).__name__}")
    if not value and not allow_empty:
        raise BadRequest(f"{what} must not be empty")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise BadRequest(f"{what} is not valid Unicode text: {error.reason}") from None
    if size > max_bytes:
        raise BadRequest(f"{what} is {size} bytes in UTF-8; at most {max_bytes} are allowed")
    return value


def check_key(key: object) -> str:
    """A record key: non-empty, at most :data:`MAX_KEY_BYTES` bytes."""
    return check_text("key", key, MAX_KEY_BYTES)


def check_sort_key(what: str, value: object) -> str:
    """A sort key or sort key prefix: may be empty, no NUL or SEPARATOR characters."""
    text = check_text(what, value, MAX_SORT_KEY_BYTES, allow_empty=True)
    if any(char in text for char in _FORBIDDEN_IN_SORT_KEY):
        raise BadRequest(f"{what} must not contain the characters U+0000 or U+0001")
    return text


def check_indexes(indexes: object) -> dict[str, str]:
    """At most MAX_INDEXES entries of index name -> non-empty value."""
    if indexes is None:
        return {}
    if not isinstance(indexes, dict):
        raise BadRequest(f"indexes must be a mapping, not {type(indexes).__name__}")
    if len(indexes) > MAX_INDEXES:
        raise BadRequest(f"a record has at most {MAX_INDEXES} indexes, got {len(indexes)}")
    return {
        check_name("index name", name): check_text("index value", value, MAX_INDEX_VALUE_BYTES)
        for name, value in indexes.items()
    }


def check_expected_version(expected_version: object) -> int | None:
    """None (unconditional), 0 (must not exist) or the current version (n > 0)."""
    if expected_version is None:
        return None
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise BadRequest("expected_version must be an integer or None")
    if expected_version < 0:
        raise BadRequest("expected_version must not be negative")
    return expected_version


def check_version(kind: str, key: str, expected: int | None, current: int) -> None:
    """Conflict unless ``expected`` is None or equals ``current`` (0: the record is missing)."""
    if expected is None or expected == current:
        return
    state = f"is at version {current}" if current else "does not exist"
    if expected == 0:
        state = f"already exists (version {current})"
    raise Conflict(
        f"{kind} {key!r} {state}; expected version {expected}",
        details={"kind": kind, "key": key, "expected": expected, "current": current},
    )


def check_limit(limit: object) -> int:
    """A page size between 1 and MAX_QUERY_LIMIT."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_QUERY_LIMIT:
        raise BadRequest(f"limit must be an integer from 1 to {MAX_QUERY_LIMIT}")
    return limit


def check_query_index(index: object) -> tuple[str, str] | None:
    """None, or a (name, value) pair as used in :meth:`Store.query`."""
    if index is None:
        return None
    if not isinstance(index, tuple) or len(index) != 2:
        raise BadRequest("index must be a (name, value) pair")
    name, value = index
    return check_name("index name", name), check_text("index value", value, MAX_INDEX_VALUE_BYTES)


def encode_data(data: object) -> str:
    """The stored JSON text of ``data``; BadRequest when it is not JSON or too large.

    Keys become strings as JSON requires; NaN and infinities are refused rather than stored as
    something else.
    """
    if not isinstance(data, dict):
        raise BadRequest(f"data must be a JSON object (dict), not {type(data).__name__}")
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        size = len(text.encode("utf-8"))
    except (TypeError, ValueError) as error:
        raise BadRequest(f"data cannot be stored as JSON: {error}") from None
    if size > MAX_DATA_BYTES:
        raise BadRequest(
            f"data is {size:,} bytes as JSON; a record holds at most {MAX_DATA_BYTES:,} bytes "
            "(DynamoDB's 400 KB item limit). Split the document or store it elsewhere.",
            code="record_too_large",
            details={"size": size, "limit": MAX_DATA_BYTES},
        )
    return text


def decode_data(text: str) -> dict[str, Any]:
    """The ``data`` dict from its stored JSON text."""
    data = json.loads(text)
    if not isinstance(data, dict):  # pragma: no cover - only written by encode_data
        raise TypeError("stored data is not a JSON object")
    return data


@dataclass(frozen=True, slots=True)
class PutArgs:
    """The checked arguments of :meth:`Store.put`, with ``data`` already in its JSON form."""

    kind: str
    key: str
    data_json: str
    expected_version: int | None
    sort_key: str
    indexes: dict[str, str]


def check_put(
    kind: str,
    key: str,
    data: dict[str, Any],
    expected_version: int | None,
    sort_key: str,
    indexes: dict[str, str] | None,
) -> PutArgs:
    """Check every argument of :meth:`Store.put`; BadRequest on the first that is malformed."""
    return PutArgs(
        kind=check_name("kind", kind),
        key=check_key(key),
        data_json=encode_data(data),
        expected_version=check_expected_version(expected_version),
        sort_key=check_sort_key("sort_key", sort_key),
        indexes=check_indexes(indexes),
    )
