"""Weep's picker semantics for ``cme list`` and the picker itself."""

from __future__ import annotations

import pytest

from consoleme.client.errors import UsageError
from consoleme.client.models import RoleInfo
from consoleme.client.picker import pick_role
from consoleme.client.role_search import filter_roles, fuzzy_match

pytestmark = pytest.mark.unit

PROD = "111111111111"
ROLES = [
    RoleInfo(f"arn:aws:iam::{PROD}:role/admin", PROD, "prod", "admin"),
    RoleInfo(f"arn:aws:iam::{PROD}:role/readonly", PROD, "prod", "readonly"),
    RoleInfo("arn:aws:iam::222222222222:role/admin", "222222222222", "Développement", "admin"),
    RoleInfo("arn:aws:iam::333333333333:role/deploy", "333333333333", "Unknown", "deploy"),
]


def _arns(typed: str) -> list[str]:
    return [r.arn for r in filter_roles(ROLES, typed)]


def test_characters_in_order_not_adjacent() -> None:
    assert fuzzy_match("pdadm", "prodarn:aws:iam::1:role/admin")
    assert not fuzzy_match("mda", "admin")


def test_account_name_on_both_sides_and_spaces_ignored() -> None:
    assert _arns("prod admin") == [ROLES[0].arn]
    assert _arns("admin prod") == [ROLES[0].arn]
    assert _arns("PROD   ReadOnly") == [ROLES[1].arn]


def test_accents_and_case_folded_and_account_numbers() -> None:
    assert _arns("developpement adm") == [ROLES[2].arn]
    assert _arns("333 deploy") == [ROLES[3].arn]  # unknown account: its number
    assert _arns("") == [r.arn for r in ROLES]
    assert _arns("nothing-like-this") == []


def test_picker_filters_then_picks() -> None:
    answers = iter(["prod\n", "2\n"])
    shown: list[str] = []
    picked = pick_role(ROLES, lambda: next(answers), shown.append)
    assert picked == ROLES[1]
    # Développement's admin matches too: déveloPpement aRn rOle aDmin
    assert "3 of 4 roles match 'prod'" in "".join(shown)


def test_picker_enter_takes_a_single_match_and_eof_gives_up() -> None:
    answers = iter(["dev adm\n", "\n"])
    assert pick_role(ROLES, lambda: next(answers), lambda _: None) == ROLES[2]
    with pytest.raises(UsageError, match="no role chosen"):
        pick_role(ROLES, lambda: "", lambda _: None)
    with pytest.raises(UsageError, match="no roles"):
        pick_role([], lambda: "", lambda _: None)
