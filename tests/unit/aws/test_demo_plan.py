"""The demo organization's plan follows ../shared/DEMO_ORG.md."""

from __future__ import annotations

import pytest

from consoleme.aws.demo_org import account_plan
from consoleme.aws.demo_plan import HUB_ROLE, MANAGEMENT, MEMBER_OUS, SPOKE_ROLE, hub_role_arn

pytestmark = pytest.mark.unit

MGMT = "123456789012"
IDS = {name: f"{100000000000 + i}" for i, name in enumerate(MEMBER_OUS)}
PLANS = {name: account_plan(name, IDS[name], MGMT) for name in MEMBER_OUS}
ELIGIBLE = {
    "engineering-admin": ("consoleme-authorized", "engineering"),
    "engineering-readonly": ("consoleme-authorized", "engineering:data-science"),
    "ci-deployer": ("consoleme-authorized-cli-only", "engineering"),
    "security-audit": ("consoleme-authorized", "security"),
}


def test_sizes() -> None:
    plans = [*PLANS.values(), account_plan(MANAGEMENT, MGMT, MGMT)]
    assert sum(len(p.roles) for p in plans) >= 50
    assert sum(len(p.buckets) + len(p.queues) + len(p.topics) for p in plans) >= 10


@pytest.mark.parametrize("account", list(MEMBER_OUS))
def test_member_roles_carry_eligibility_tags_and_trust_the_hub(account: str) -> None:
    roles = {r.name: r for r in PLANS[account].roles}
    for name, (key, value) in ELIGIBLE.items():
        assert roles[name].tags[key] == value
    assert ("data-pipeline" in roles) == (account in {"prod", "data"})
    apps = [r for r in roles.values() if r.name.startswith("app-")]
    assert len(apps) == 10
    assert all(r.tags.get("owner") for r in apps)
    for role in roles.values():
        principals = [s["Principal"].get("AWS") for s in role.trust["Statement"]]
        assert hub_role_arn(MGMT) in principals
        assert role.inline
    assert SPOKE_ROLE in roles


def test_the_hub_role_lives_in_management_only() -> None:
    management = {r.name for r in account_plan(MANAGEMENT, MGMT, MGMT).roles}
    assert management == {HUB_ROLE, SPOKE_ROLE}
    assert all(HUB_ROLE not in {r.name for r in p.roles} for p in PLANS.values())


def test_resources_have_policies_and_owners() -> None:
    data = PLANS["data"]
    assert "data-lake-raw" in {b.name for b in data.buckets}
    for plan in PLANS.values():
        resources = [*plan.buckets, *plan.queues, *plan.topics]
        assert all(r.policy["Statement"] and r.tags.get("owner") for r in resources)
        assert [q.name for q in plan.queues] == [f"orders-{plan.name}"]
        assert [t.name for t in plan.topics] == [f"alerts-{plan.name}"]
