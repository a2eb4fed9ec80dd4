"""Resource search, the pure parts: what a query is, entry ids, cursors, tag filters.

Every entry gets a stable 63-bit id computed from its type, account and ARN alone::

    bits 60-62  the resource type (results come grouped: roles, users, managed policies,
                buckets, queues, topics)
    bits 48-59  a 12-bit hash of the account id
    bits 0-47   a hash of the ARN

Every web process computes the same id for the same resource, so a cursor (the last id of a
page) is valid on any process and across index rebuilds, and results keep their order while the
inventory changes underneath. Type and account filters become id *ranges*
(:func:`id_ranges`), which the index seeks to instead of scanning past other types' matches.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TypedDict

from consoleme.domain.inventory import RESOURCE_TYPES, ResourceType

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MIN_SUBSTRING = 3  # the trigram index answers substrings of at least this many characters
_TYPE_SHIFT = 60
_ACCOUNT_SHIFT = 48
_ACCOUNT_MASK = (1 << (_TYPE_SHIFT - _ACCOUNT_SHIFT)) - 1
_HASH_MASK = (1 << _ACCOUNT_SHIFT) - 1
MAX_ID = (1 << 63) - 1
_CURSOR_PREFIX = "r1."


class SearchEntry(TypedDict):
    """What the search index holds of one cached resource."""

    arn: str
    type: ResourceType
    account_id: str
    name: str
    region: str
    tags: dict[str, str]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """One page of a search. ``q`` matches ARNs and names (case-insensitive substring; one or
    two characters match name prefixes); the other fields filter exactly."""

    q: str = ""
    account_id: str | None = None
    type: ResourceType | None = None
    tag: tuple[str, str] | None = None
    after: int | None = None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True, slots=True)
class SearchPage:
    """Entries in id order, and the cursor of the next page (None on the last page)."""

    entries: list[SearchEntry]
    next_cursor: str | None


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())


def _account_bits(account_id: str) -> int:
    return (_hash(account_id) & _ACCOUNT_MASK) << _ACCOUNT_SHIFT


def entry_id(kind: ResourceType, account_id: str, arn: str) -> int:
    """The stable id of a resource (layout in the module docstring)."""
    type_bits = RESOURCE_TYPES.index(kind) << _TYPE_SHIFT
    return type_bits | _account_bits(account_id) | (_hash(arn) & _HASH_MASK)


def id_ranges(kind: ResourceType | None, account_id: str | None) -> list[tuple[int, int]]:
    """Inclusive id ranges, in order, that hold every entry of ``kind`` in ``account_id``
    (None: any). Other accounts sharing the 12-bit hash fall in the same range; callers still
    filter on the account itself."""
    kinds = [kind] if kind is not None else list(RESOURCE_TYPES)
    if kind is None and account_id is None:
        return [(0, MAX_ID)]
    ranges = []
    for each in kinds:
        low = RESOURCE_TYPES.index(each) << _TYPE_SHIFT
        if account_id is None:
            ranges.append((low, low | ((1 << _TYPE_SHIFT) - 1)))
        else:
            low |= _account_bits(account_id)
            ranges.append((low, low | _HASH_MASK))
    return ranges


def encode_cursor(last_id: int) -> str:
    """The opaque cursor continuing after entry ``last_id``."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The entry id a cursor continues after; ValueError when it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise ValueError("malformed cursor") from None
    if not text.startswith(_CURSOR_PREFIX) or not text[len(_CURSOR_PREFIX) :].isdigit():
        raise ValueError("malformed cursor")
    return int(text[len(_CURSOR_PREFIX) :])


def parse_tag_filter(text: str) -> tuple[str, str]:
    """``key:value`` as ``(key, value)`` (the value may hold ``:``); ValueError without a key."""
    key, sep, value = text.partition(":")
    if not sep or not key:
        raise ValueError("a tag filter is key:value")
    return key, value


def search_text(arn: str, name: str) -> str:
    """The text substring search runs over: the ARN, plus the name when the ARN lacks it."""
    return arn if name.lower() in arn.lower() else f"{arn} {name}"


def trigrams(text: str) -> list[str]:
    """The distinct lower-case three-character substrings of ``text``, in order of appearance."""
    lowered = text.lower()
    return list(dict.fromkeys(lowered[i : i + 3] for i in range(len(lowered) - 2)))


def rarest_trigrams(text: str, frequency: dict[str, int], count: int = 3) -> list[str]:
    """The ``count`` trigrams of ``text`` that the fewest entries hold (per ``frequency``).

    Matching a few rare trigrams finds the candidates quickly; each candidate is then checked
    for the whole substring.
    """
    grams = trigrams(text)
    return sorted(grams, key=lambda g: (frequency.get(g, 0), grams.index(g)))[:count]
