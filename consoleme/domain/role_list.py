"""The "my roles" list: search, filters, favorites first, and cursor pages over eligible roles.

Pure: takes the caller's eligible roles and favorites, returns one page. Order: favorites
first, then account (name, else id), role name, ARN. A cursor names the last row returned, so
pages stay consistent while roles come and go.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from consoleme.domain.eligibility import EligibleRole
from consoleme.errors import BadRequest

AccessFilter = Literal["all", "console", "cli_only"]
SortKey = tuple[int, str, str, str]


@dataclass(frozen=True, slots=True)
class RoleListQuery:
    """Filters and page of the list; ``cursor`` is ``next_cursor`` of the previous page."""

    search: str = ""
    account: str = ""  # id or name, exact (without case)
    access: AccessFilter = "all"
    favorites_only: bool = False
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class AccountCount:
    """An account of the caller's roles and how many of them it holds."""

    id: str
    name: str | None
    roles: int


@dataclass(frozen=True, slots=True)
class RoleListPage:
    """One page of roles, each with whether it is a favorite."""

    roles: list[tuple[EligibleRole, bool]]  # (role, favorite)
    total: int  # rows matching the query, over all pages
    next_cursor: str | None
    accounts: list[AccountCount]  # every account of the caller's roles (unfiltered)


def sort_key(role: EligibleRole, favorite: bool) -> SortKey:
    """Favorites first, then account (name, else id), role name, ARN."""
    account = (role.account_name or role.account_id).lower()
    return (0 if favorite else 1, account, role.role_name.lower(), role.arn)


def matches(role: EligibleRole, query: RoleListQuery, favorite: bool) -> bool:
    """True when ``role`` passes every filter of ``query``."""
    if query.access == "console" and not role.console:
        return False
    if query.access == "cli_only" and role.console:
        return False
    if query.favorites_only and not favorite:
        return False
    if query.account:
        wanted = query.account.lower()
        if wanted != role.account_id and wanted != (role.account_name or "").lower():
            return False
    if query.search:
        haystack = f"{role.arn} {role.account_name or ''} {role.role_name}".lower()
        return all(word in haystack for word in query.search.lower().split())
    return True


def role_page(
    roles: Iterable[EligibleRole], favorites: frozenset[str], query: RoleListQuery
) -> RoleListPage:
    """One page of ``roles`` for ``query``."""
    everything = list(roles)
    rows = sorted(
        (sort_key(r, r.arn in favorites), r)
        for r in everything
        if matches(r, query, r.arn in favorites)
    )
    start = 0
    if query.cursor:
        after = decode_cursor(query.cursor)
        start = next((i for i, (key, _) in enumerate(rows) if key > after), len(rows))
    chosen = rows[start : start + query.limit]
    more = start + query.limit < len(rows)
    cursor = encode_cursor(chosen[-1][0]) if more and chosen else None
    return RoleListPage(
        roles=[(role, key[0] == 0) for key, role in chosen],
        total=len(rows),
        next_cursor=cursor,
        accounts=account_counts(everything),
    )


def account_counts(roles: Iterable[EligibleRole]) -> list[AccountCount]:
    """Accounts of ``roles`` with how many roles each, sorted by name (else id)."""
    counts: dict[str, int] = {}
    names: dict[str, str | None] = {}
    for role in roles:
        counts[role.account_id] = counts.get(role.account_id, 0) + 1
        names[role.account_id] = role.account_name
    return sorted(
        (AccountCount(acct, names[acct], n) for acct, n in counts.items()),
        key=lambda a: ((a.name or a.id).lower(), a.id),
    )


def encode_cursor(key: SortKey) -> str:
    """An opaque cursor naming the row at ``key`` (base64url JSON)."""
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> SortKey:
    """The sort key a cursor names; BadRequest (``invalid_cursor``) when malformed."""
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        fav, account, name, arn = value
        if isinstance(fav, int) and all(isinstance(v, str) for v in (account, name, arn)):
            return (fav, account, name, arn)
    except (ValueError, TypeError, binascii.Error):
        pass
    raise BadRequest("malformed cursor", code="invalid_cursor")
