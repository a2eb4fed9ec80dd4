"""SCPs applying to an account through its OU path."""

from __future__ import annotations

import pytest

from consoleme.domain.inventory import OrganizationNode, ServiceControlPolicy
from consoleme.domain.scp import policies_for_account

pytestmark = pytest.mark.unit


def node(node_id: str, name: str, kind: str, *children: OrganizationNode) -> OrganizationNode:
    return OrganizationNode(id=node_id, name=name, kind=kind, children=list(children))  # type: ignore[typeddict-item]


def scp(policy_id: str, *targets: str) -> ServiceControlPolicy:
    return ServiceControlPolicy(
        id=policy_id,
        arn=f"arn:{policy_id}",
        name=policy_id,
        description="",
        document={},
        targets=list(targets),
        aws_managed=False,
    )


TREE = node(
    "r-1",
    "Root",
    "root",
    node(
        "ou-a", "workloads", "ou", node("ou-b", "prod", "ou", node("111111111111", "p", "account"))
    ),
    node("222222222222", "other", "account"),
)


def test_policies_on_root_ous_and_account_apply_from_the_top() -> None:
    policies = [
        scp("z-root", "r-1"),
        scp("a-prod", "ou-b"),
        scp("m-acct", "111111111111"),
        scp("elsewhere", "222222222222"),
    ]
    path, applied = policies_for_account(TREE, policies, "111111111111")
    assert [n["id"] for n in path] == ["r-1", "ou-a", "ou-b", "111111111111"]
    assert [(a.policy["id"], a.via_id, a.via_kind) for a in applied] == [
        ("z-root", "r-1", "root"),
        ("a-prod", "ou-b", "ou"),
        ("m-acct", "111111111111", "account"),
    ]


def test_an_account_outside_the_tree_has_no_policies() -> None:
    assert policies_for_account(TREE, [scp("x", "r-1")], "999999999999") == ([], [])
