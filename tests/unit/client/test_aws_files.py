"""Editing the AWS files: one profile replaced, everything else kept; the generated block."""

from __future__ import annotations

import configparser

import pytest

from consoleme.client.aws_files import (
    BEGIN,
    END,
    replace_block,
    sections_outside_block,
    set_section,
)
from consoleme.client.commands_credentials import profile_names
from consoleme.client.models import RoleInfo

pytestmark = pytest.mark.unit
KEYS = [("aws_access_key_id", "NEW"), ("aws_secret_access_key", "s")]


def test_replaces_only_its_section_and_keeps_comments() -> None:
    text = (
        "# top comment\n[default]\naws_access_key_id = KEEP ; mine\n\n"
        "[work]\naws_access_key_id = OLD\nregion=x\n\n; before personal\n[personal]\na = 1\n"
    )
    result = set_section(text, "work", KEYS)
    assert result == (
        "# top comment\n[default]\naws_access_key_id = KEEP ; mine\n\n"
        "[work]\naws_access_key_id = NEW\naws_secret_access_key = s\n\n"
        "; before personal\n[personal]\na = 1\n"
    )


def test_appends_a_missing_section() -> None:
    assert set_section("", "p", KEYS) == "[p]\naws_access_key_id = NEW\naws_secret_access_key = s\n"
    assert set_section("[a]\nx = 1", "p", KEYS).startswith("[a]\nx = 1\n\n[p]\n")


def test_duplicate_sections_become_one() -> None:
    text = "[p]\na = 1\n[q]\nb = 2\n[ p ]\nc = 3\n"
    result = set_section(text, "p", KEYS)
    parser = configparser.RawConfigParser()
    parser.read_string(result)  # botocore refuses duplicate sections; this would raise too
    assert parser.sections() == ["p", "q"]
    assert dict(parser["p"]) == dict(KEYS)


def test_block_is_replaced_in_place_and_idempotent() -> None:
    user = "[default]\nregion = us-east-1\n"
    once = replace_block(user, [BEGIN, "[profile a]", "credential_process = cme x", END])
    assert once == user + f"\n{BEGIN}\n[profile a]\ncredential_process = cme x\n{END}\n"
    assert replace_block(once, [BEGIN, "[profile a]", "credential_process = cme x", END]) == once
    edited = once + "[profile mine]\nregion = x\n"
    twice = replace_block(edited, [BEGIN, "[profile b]", "credential_process = cme y", END])
    assert twice == user + f"\n{BEGIN}\n[profile b]\ncredential_process = cme y\n{END}\n" + (
        "[profile mine]\nregion = x\n"
    )
    assert sections_outside_block(twice) == {"default", "profile mine"}


def test_thousands_of_roles_stay_compact() -> None:
    roles = [
        RoleInfo(f"arn:aws:iam::{a:012d}:role/role-{r}", f"{a:012d}", f"account-{a}", f"role-{r}")
        for a in range(100)
        for r in range(30)
    ]
    named = profile_names(roles, "")
    lines = [BEGIN]
    for role, name in named:
        lines += [f"[profile {name}]", f"credential_process = cme credential-process {role.arn}"]
    lines.append(END)
    text = replace_block("", lines)
    assert len(text.splitlines()) == 2 * len(roles) + 2
    assert len(text) / len(roles) < 120  # bytes per profile
    parser = configparser.RawConfigParser()
    parser.read_string(text)
    assert len(parser.sections()) == 3000


def test_profile_names_are_safe_and_unique() -> None:
    roles = [
        RoleInfo("arn:aws:iam::111111111111:role/admin", "111111111111", "Prod Main", "admin"),
        RoleInfo("arn:aws:iam::222222222222:role/admin", "222222222222", "Unknown", "admin"),
        RoleInfo("arn:aws:iam::333333333333:role/a/admin", "333333333333", "x", "admin"),
        RoleInfo("arn:aws:iam::444444444444:role/b/admin", "444444444444", "x", "admin"),
    ]
    assert [name for _, name in profile_names(roles, "cme-")] == [
        "cme-Prod-Main-admin",
        "cme-222222222222-admin",
        "cme-x-admin-333333333333",
        "cme-x-admin-444444444444",
    ]
