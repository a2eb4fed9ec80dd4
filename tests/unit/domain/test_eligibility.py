"""Eligibility rules: tags, mappings with patterns, console over CLI-only, unions."""

from __future__ import annotations

import pytest

from consoleme.domain.eligibility import (
    RoleFacts,
    RoleGrantRule,
    TagRule,
    app_group,
    build_group_index,
    expand_patterns,
    grants_for,
    merge_rules,
    tag_groups,
)

pytestmark = pytest.mark.unit


def role(account: str, name: str, **tags: str) -> RoleFacts:
    return RoleFacts(f"arn:aws:iam::{account}:role/{name}", account, name, tags)


PROD, DEV = "111111111111", "222222222222"
ROLES = [
    role(PROD, "admin", **{"consoleme-authorized": "eng : ops"}),
    role(PROD, "deployer", **{"consoleme-authorized-cli-only": "eng"}),
    role(DEV, "admin", **{"consoleme-authorized": "eng", "consoleme-authorized-cli-only": "ops"}),
    role(DEV, "Reader"),
]


def test_tag_values_are_separated_groups() -> None:
    assert tag_groups({"k": " a::b: c "}, ["k"], ":") == {"a", "b", "c"}
    assert tag_groups({"k": "a,b"}, ["k", "missing"], ",") == {"a", "b"}
    assert tag_groups({}, ["k"], ":") == set()


def test_group_index_from_tags() -> None:
    index = build_group_index(ROLES, {}, TagRule())
    assert index == {
        "eng": {ROLES[0].arn: True, ROLES[1].arn: False, ROLES[2].arn: True},
        "ops": {ROLES[0].arn: True, ROLES[2].arn: False},
    }


def test_console_wins_over_cli_only() -> None:
    index = build_group_index(ROLES, {"ops": RoleGrantRule(roles=(ROLES[2].arn,))}, TagRule())
    assert index["ops"][ROLES[2].arn] is True
    downgrade = {"eng": RoleGrantRule(cli_only_roles=(ROLES[0].arn,))}
    assert build_group_index(ROLES, downgrade, TagRule())["eng"][ROLES[0].arn] is True


def test_patterns_match_the_inventory_without_case_and_plain_arns_pass() -> None:
    patterns = ["arn:aws:iam::*:role/reader", "arn:aws:iam::333333333333:role/later"]
    assert expand_patterns(patterns, ROLES) == {
        ROLES[3].arn,
        "arn:aws:iam::333333333333:role/later",
    }
    assert expand_patterns(["arn:aws:iam::*:role/nothing*"], ROLES) == set()


def test_grants_for_unions_groups_and_extra() -> None:
    index = build_group_index(ROLES, {}, TagRule())
    extra = "arn:aws:iam::999999999999:role/hooked"
    grants = grants_for(["ops", "eng", "nobody"], index, [extra, ROLES[1].arn])
    assert grants == {
        ROLES[0].arn: True,
        ROLES[1].arn: True,  # the hook grants console use
        ROLES[2].arn: True,
        extra: True,
    }
    assert grants_for([], index) == {}


def test_merge_rules_and_app_groups() -> None:
    merged = merge_rules(
        {"a": RoleGrantRule(roles=("x",))},
        {"a": RoleGrantRule(cli_only_roles=("y",)), "b": RoleGrantRule(roles=("z",))},
    )
    assert merged == {
        "a": RoleGrantRule(roles=("x",), cli_only_roles=("y",)),
        "b": RoleGrantRule(roles=("z",)),
    }
    assert app_group("app:", "deployer") == "\x00app:deployer"
    assert app_group("app:", "eng") != "eng"


def test_custom_tag_keys_and_separator() -> None:
    tagged = [role(PROD, "x", team="a,b")]
    index = build_group_index(tagged, {}, TagRule(("team",), (), ","))
    assert index == {"a": {tagged[0].arn: True}, "b": {tagged[0].arn: True}}
