"""The "my roles" list: filters, favorites first, cursor pages."""

from __future__ import annotations

import pytest

from consoleme.domain.eligibility import EligibleRole
from consoleme.domain.role_list import RoleListQuery, decode_cursor, role_page
from consoleme.errors import BadRequest

pytestmark = pytest.mark.unit


def role(account: str, name: str | None, role_name: str, console: bool = True) -> EligibleRole:
    return EligibleRole(
        f"arn:aws:iam::{account}:role/{role_name}", account, name, role_name, console
    )


ROLES = [
    role("111111111111", "prod", "admin"),
    role("111111111111", "prod", "deployer", console=False),
    role("222222222222", "dev", "admin"),
    role("333333333333", None, "reader"),
]


def test_order_is_account_then_role_with_favorites_first() -> None:
    page = role_page(ROLES, frozenset({ROLES[3].arn}), RoleListQuery())
    assert [r.arn for r, _ in page.roles] == [
        ROLES[3].arn,
        ROLES[2].arn,
        ROLES[0].arn,
        ROLES[1].arn,
    ]
    assert [fav for _, fav in page.roles] == [True, False, False, False]
    assert page.total == 4
    assert page.next_cursor is None
    # Unnamed accounts sort by id, like their roles do.
    assert [(a.name, a.roles) for a in page.accounts] == [(None, 1), ("dev", 1), ("prod", 2)]


def test_filters() -> None:
    def arns(**query: object) -> list[str]:
        page = role_page(ROLES, frozenset({ROLES[0].arn}), RoleListQuery(**query))  # type: ignore[arg-type]
        return [r.arn for r, _ in page.roles]

    assert arns(search="PROD admin") == [ROLES[0].arn]
    assert arns(search="333333333333") == [ROLES[3].arn]
    assert arns(account="Prod") == [ROLES[0].arn, ROLES[1].arn]
    assert arns(account="222222222222") == [ROLES[2].arn]
    assert arns(access="cli_only") == [ROLES[1].arn]
    assert len(arns(access="console")) == 3
    assert arns(favorites_only=True) == [ROLES[0].arn]


def test_cursor_pages_cover_everything_once() -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = role_page(ROLES, frozenset(), RoleListQuery(limit=3, cursor=cursor))
        seen += [r.arn for r, _ in page.roles]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(r.arn for r in ROLES)
    assert len(seen) == len(ROLES)


def test_bad_cursors() -> None:
    for cursor in ("!!", "e30", "WzEsMiwzXQ"):
        with pytest.raises(BadRequest):
            decode_cursor(cursor)
