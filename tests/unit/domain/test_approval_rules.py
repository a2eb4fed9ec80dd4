"""Who may do what with a request; sensitive and auto-approve rules."""

from __future__ import annotations

import pytest

from consoleme.config.change_requests import AutoApproveRule, SensitiveRule
from consoleme.domain import change_request_state as state
from consoleme.domain.approval_rules import (
    Actor,
    added_actions,
    allowed_commands,
    auto_approval,
    may_approve,
    owner_groups,
    required_approvals,
)
from consoleme.domain.change_request import Change, ChangeRequest, now_iso
from consoleme.domain.change_types import InlinePolicyChange, ManagedPolicyChange

pytestmark = pytest.mark.unit

ROLE = "arn:aws:iam::111111111111:role/app"
ALICE = Actor("alice@example.com", ("team-a",), False)
BOB = Actor("bob@example.com", ("team-b",), False)
OWNER = Actor("olivia@example.com", ("owners",), False)
ADMIN = Actor("admin@example.com", ("admins",), True)
NOW = 1_800_000_000.0


def _inline(*actions: str) -> InlinePolicyChange:
    return InlinePolicyChange(
        principal_arn=ROLE,
        policy_name="p",
        policy_document={
            "Version": "2012-10-17",
            "Statement": [{"Sid": "S1", "Effect": "Allow", "Action": list(actions),
                           "Resource": "*"}],
        },
    )  # fmt: skip


def _request(*specs: object, expires_at: str | None = None) -> ChangeRequest:
    return ChangeRequest(
        id="0" * 20,
        requester=ALICE.user,
        requester_groups=list(ALICE.groups),
        justification="j",
        created_at=now_iso(NOW),
        updated_at=now_iso(NOW),
        changes=[
            Change(id=f"c{i}", spec=s, expires_at=expires_at)  # type: ignore[arg-type]
            for i, s in enumerate(specs or [_inline("s3:GetObject")])
        ],
        approver_groups=["owners"],
    )


def test_nobody_approves_their_own_request_not_even_an_admin() -> None:
    request = _request()
    assert not may_approve(request, ALICE)
    admin_request = request.model_copy(update={"requester": ADMIN.user})
    assert not may_approve(admin_request, ADMIN)
    assert "approve" not in allowed_commands(admin_request, ADMIN)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ALICE, {"comment", "update_change", "cancel"}),
        (BOB, {"comment"}),
        (OWNER, {"comment", "approve", "reject"}),
        (ADMIN, {"comment", "approve", "reject", "update_change", "cancel"}),
    ],
)
def test_commands_on_a_pending_request(actor: Actor, expected: set[str]) -> None:
    assert allowed_commands(_request(), actor) == expected


def test_commands_after_approval_and_failure() -> None:
    approved = state.approve(_request(), OWNER.user, now_iso(NOW))
    assert allowed_commands(approved, BOB) == {"comment"}
    assert allowed_commands(approved, ALICE) == {"comment", "cancel"}
    assert "apply_change" in allowed_commands(approved, ADMIN)
    assert "move_back_to_pending" in allowed_commands(approved, ADMIN)
    applying = state.start_apply(approved, "c0", "worker", now_iso(NOW))
    failed = state.finish_apply(applying, "c0", now_iso(NOW), error="boom")
    assert allowed_commands(failed, ALICE) == {"comment"}
    assert {"apply_change", "move_back_to_pending"} <= allowed_commands(failed, ADMIN)


def test_owner_groups_from_tags_case_insensitive_keys_and_lists() -> None:
    tags = {"Owner": "team-a, team-b", "consoleme-owner": "sec ops", "other": "x"}
    assert owner_groups(tags, ["owner", "consoleme-owner"]) == {"team-a", "team-b", "sec", "ops"}


def test_sensitive_rule_needs_more_approvals_only_for_matching_actions() -> None:
    rules = [SensitiveRule(name="iam-write", action_patterns=["iam:*"], required_approvals=2)]
    assert required_approvals(_request(_inline("s3:GetObject")), rules) == (1, [])
    assert required_approvals(_request(_inline("iam:PassRole")), rules) == (2, ["iam-write"])
    assert required_approvals(_request(_inline("*")), rules)[0] == 2
    assert required_approvals(_request(_inline("IAM:Get*")), rules)[0] == 2
    typed = [SensitiveRule(name="attach", change_types=["managed_policy"], required_approvals=3)]
    attach = ManagedPolicyChange(
        principal_arn=ROLE, policy_arn="arn:aws:iam::aws:policy/AdministratorAccess"
    )
    assert required_approvals(_request(attach), typed) == (3, ["attach"])


def _levels(pattern: str) -> set[str]:
    table = {"s3:getobject": {"Read"}, "s3:listbucket": {"List"}, "s3:putobject": {"Write"}}
    return table.get(pattern, set())


def test_auto_approve_read_only_own_team_short_grant() -> None:
    rule = AutoApproveRule(
        name="read-own", own_team_resources=True, max_grant_hours=24, read_only_actions=True
    )
    soon = now_iso(NOW + 3600)
    owners = {ROLE: {"team-a"}}
    request = _request(_inline("s3:GetObject", "s3:ListBucket"), expires_at=soon)
    assert auto_approval(request, [rule], owners_by_arn=owners, access_level=_levels, now=NOW) == (
        "read-own"
    )
    writes = _request(_inline("s3:PutObject"), expires_at=soon)
    assert (
        auto_approval(writes, [rule], owners_by_arn=owners, access_level=_levels, now=NOW) is None
    )
    unknown = _request(_inline("s3:MadeUp"), expires_at=soon)
    assert (
        auto_approval(unknown, [rule], owners_by_arn=owners, access_level=_levels, now=NOW) is None
    )
    other_team = {ROLE: {"team-z"}}
    assert (
        auto_approval(request, [rule], owners_by_arn=other_team, access_level=_levels, now=NOW)
        is None
    )
    too_long = _request(_inline("s3:GetObject"), expires_at=now_iso(NOW + 48 * 3600))
    assert (
        auto_approval(too_long, [rule], owners_by_arn=owners, access_level=_levels, now=NOW) is None
    )
    forever = _request(_inline("s3:GetObject"))
    assert (
        auto_approval(forever, [rule], owners_by_arn=owners, access_level=_levels, now=NOW) is None
    )


def test_added_actions_ignore_deny_and_removals() -> None:
    deny = _inline("iam:*")
    deny.policy_document["Statement"][0]["Effect"] = "Deny"
    removal = _inline("kms:Decrypt").model_copy(update={"action": "remove"})
    assert added_actions(_request(deny, removal, _inline("s3:GetObject"))) == {"s3:getobject"}
