"""The eligibility use-case: cached answers, recomputed only when the generation changes."""

from __future__ import annotations

import pytest

from consoleme.domain.eligibility import RoleFacts
from consoleme.domain.identity import Identity
from consoleme.plugins import hookimpl
from tests.unit.core.access_fakes import access_kit

pytestmark = pytest.mark.unit

A, B = "111111111111", "222222222222"
ROLES = [
    RoleFacts(f"arn:aws:iam::{A}:role/admin", A, "admin", {"consoleme-authorized": "eng"}, 7200),
    RoleFacts(f"arn:aws:iam::{B}:role/ci", B, "ci", {"consoleme-authorized-cli-only": "eng"}),
    RoleFacts(f"arn:aws:iam::{B}:role/audit", B, "audit", {}),
]
ALICE = Identity("alice@example.com", ("eng",), "test", "cli")
BOB = Identity("bob@example.com", ("eng",), "test", "cli")


async def test_answers_come_from_the_cache_until_the_generation_changes() -> None:
    kit = access_kit(ROLES)
    first = await kit.eligibility.roles_for(ALICE)
    assert [(r.role_name, r.console, r.account_name) for r in first.roles] == [
        ("admin", True, "acct-1"),
        ("ci", False, "acct-2"),
    ]
    assert first.roles[0].max_session_duration == 7200
    await kit.eligibility.roles_for(ALICE)
    await kit.eligibility.roles_for(BOB)  # another principal, same generation: no new read
    assert kit.inventory.reads == 1
    kit.cache.inventory = "2"  # the counter moved, but no role changed (say, buckets did)
    same = await kit.eligibility.roles_for(ALICE)
    assert kit.inventory.reads == 1
    assert same.roles == first.roles
    tagged = RoleFacts(ROLES[2].arn, B, "audit", {"consoleme-authorized": "eng"})
    kit.inventory.roles = [*ROLES[:2], tagged]
    kit.inventory.version += 1
    kit.cache.inventory = "3"
    after = await kit.eligibility.roles_for(ALICE)
    assert kit.inventory.reads == 2
    assert [r.role_name for r in after.roles] == ["admin", "audit", "ci"]


async def test_a_mapping_change_applies_at_once() -> None:
    kit = access_kit(ROLES)
    dave = Identity("dave@example.com", ("auditors",), "test", "cli")
    assert (await kit.eligibility.roles_for(dave)).roles == ()
    await kit.mappings.put("auditors", [ROLES[2].arn], [], version=0, actor="carol")
    assert [r.arn for r in (await kit.eligibility.roles_for(dave)).roles] == [ROLES[2].arn]


async def test_process_reuse_window() -> None:
    kit = access_kit(ROLES, local_cache_seconds=60)
    await kit.eligibility.roles_for(ALICE)
    kit.cache.inventory = "9"
    kit.inventory.roles = []
    kit.inventory.version += 1
    assert len((await kit.eligibility.roles_for(ALICE)).roles) == 2  # reused for a while
    kit.eligibility.forget(ALICE)
    assert (await kit.eligibility.roles_for(ALICE)).roles == ()


async def test_groups_are_part_of_the_principal() -> None:
    kit = access_kit(ROLES)
    no_groups = Identity(ALICE.user, (), "test", "cli")
    assert len((await kit.eligibility.roles_for(ALICE)).roles) == 2
    assert (await kit.eligibility.roles_for(no_groups)).roles == ()


async def test_hook_and_application_mappings() -> None:
    class Hooked:
        @hookimpl
        def eligible_roles(self, user: str, groups: list[str]) -> list[str]:
            return ["arn:aws:iam::333333333333:role/hooked", "not-an-arn"] if user == "x@y" else []

    kit = access_kit(ROLES, app_mappings={"deployer": {"cli_only_roles": [ROLES[0].arn]}})
    kit.plugins.register(Hooked())
    hooked = await kit.eligibility.roles_for(Identity("x@y", (), "t", "cli"))
    assert [(r.arn, r.account_name, r.console) for r in hooked.roles] == [
        ("arn:aws:iam::333333333333:role/hooked", None, True)
    ]
    app = await kit.eligibility.roles_for(Identity("app:deployer", (), "certificate", "cli"))
    assert [(r.arn, r.console) for r in app.roles] == [(ROLES[0].arn, False)]
    # A person in a group that happens to be called like the application gets nothing.
    person = await kit.eligibility.roles_for(Identity("p@y", ("app:deployer", "deployer"), "t"))
    assert person.roles == ()
