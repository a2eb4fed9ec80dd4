"""Weep's server-side role search rule: exact ARN, else case-insensitive substring."""

from __future__ import annotations

import pytest

from consoleme.domain.role_match import is_role_arn, match_roles, role_arn, split_role_arn

pytestmark = pytest.mark.unit

ROLES = [
    "arn:aws:iam::123456789012:role/prod_admin",
    "arn:aws:iam::123456789012:role/prod_admin_readonly",
    "arn:aws:iam::210987654321:role/prod_readonly",
    "arn:aws:iam::210987654321:role/team/x",
]


def test_exact_arn_wins_even_when_it_is_a_substring_of_another() -> None:
    assert match_roles("ARN:AWS:IAM::123456789012:ROLE/PROD_ADMIN", ROLES) == [ROLES[0]]


def test_substring_matches_without_case() -> None:
    assert match_roles("Prod_ReadOnly", ROLES) == [ROLES[2]]
    assert match_roles("123456789012:role/x", ROLES) == []
    assert match_roles("210987654321:role/team", ROLES) == [ROLES[3]]


def test_several_and_none() -> None:
    assert match_roles("prod", ROLES) == sorted(ROLES[:3])
    assert match_roles("staging", ROLES) == []
    assert match_roles("   ", ROLES) == []


def test_account_names_play_no_part() -> None:
    assert match_roles("prod admin", ROLES) == []


def test_arn_helpers() -> None:
    assert is_role_arn(ROLES[3])
    assert not is_role_arn("prod_admin")
    assert not is_role_arn("arn:aws:iam::123:role/x")
    assert split_role_arn(ROLES[3]) == ("210987654321", "x")
    assert role_arn("123456789012", "a") == "arn:aws:iam::123456789012:role/a"
    with pytest.raises(ValueError):
        split_role_arn("arn:aws:s3:::bucket")
