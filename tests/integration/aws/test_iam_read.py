"""IAM readers against the demo organization in moto: documents equal what was seeded."""

from __future__ import annotations

import pytest

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.demo_plan import RoleSpec
from consoleme.aws.hub import AwsHub
from consoleme.aws.iam_read import read_managed_policies, read_role, read_roles, read_users
from consoleme.domain.inventory import Role

pytestmark = pytest.mark.integration


def assert_role_matches(role: Role, spec: RoleSpec, account_id: str) -> None:
    arn = f"arn:aws:iam::{account_id}"
    assert role["arn"] == f"{arn}:role/{spec.name}"
    assert role["account_id"] == account_id
    assert role["type"] == "iam_role"
    assert role["assume_role_policy"] == spec.trust
    assert role["inline_policies"] == spec.inline
    assert role["tags"] == spec.tags
    assert role["description"] == spec.description
    assert role["managed_policies"] == [
        {"arn": f"{arn}:policy/{name}", "name": name} for name in sorted(spec.managed)
    ]
    boundary = f"{arn}:policy/{spec.boundary}" if spec.boundary else None
    assert role["permissions_boundary"] == boundary
    assert role["role_id"].startswith("AROA")


@pytest.mark.parametrize("account", ["prod", "dev", "management"])
async def test_roles_equal_the_seeded_documents(
    hub: AwsHub, aws_org: DemoOrg, account: str
) -> None:
    account_id = aws_org.accounts[account]
    roles = {role["name"]: role for role in await read_roles(hub, account_id)}
    plan = aws_org.plan(account)
    assert {spec.name for spec in plan.roles} <= set(roles)
    for spec in plan.roles:
        assert_role_matches(roles[spec.name], spec, account_id)


async def test_dev_app_roles_carry_the_permissions_boundary(hub: AwsHub, aws_org: DemoOrg) -> None:
    dev = aws_org.accounts["dev"]
    role = await read_role(hub, dev, "app-search")
    assert role["permissions_boundary"] == f"arn:aws:iam::{dev}:policy/deny-outside-us"
    prod_role = await read_role(hub, aws_org.accounts["prod"], "app-search")
    assert prod_role["permissions_boundary"] is None


async def test_each_account_is_read_in_that_account(hub: AwsHub, aws_org: DemoOrg) -> None:
    by_account = {
        name: {r["name"]: r for r in await read_roles(hub, aws_org.accounts[name])}
        for name in ("data", "prod", "dev")
    }
    # data-pipeline exists in data and prod only, with a document naming its own account.
    assert "data-pipeline" not in by_account["dev"]
    for name in ("data", "prod"):
        spec = next(s for s in aws_org.plan(name).roles if s.name == "data-pipeline")
        assert_role_matches(by_account[name]["data-pipeline"], spec, aws_org.accounts[name])
    data_doc = by_account["data"]["data-pipeline"]["inline_policies"]["pipeline"]
    assert data_doc["Statement"][0]["Resource"] == "arn:aws:s3:::data-lake-raw/*"
    assert (
        by_account["prod"]["data-pipeline"]["inline_policies"]
        != by_account["data"]["data-pipeline"]["inline_policies"]
    )


async def test_users_equal_the_seeded_documents(hub: AwsHub, aws_org: DemoOrg) -> None:
    account_id = aws_org.accounts["security"]
    users = {user["name"]: user for user in await read_users(hub, account_id)}
    for spec in aws_org.plan("security").users:
        user = users[spec.name]
        assert user["arn"] == f"arn:aws:iam::{account_id}:user/{spec.name}"
        assert user["inline_policies"] == spec.inline
        assert user["tags"] == spec.tags
        assert user["groups"] == sorted(spec.groups)
        assert [p["name"] for p in user["managed_policies"]] == sorted(spec.managed)


async def test_managed_policies_carry_default_documents_and_attachments(
    hub: AwsHub, aws_org: DemoOrg
) -> None:
    account_id = aws_org.accounts["data"]
    plan = aws_org.plan("data")
    policies = {p["name"]: p for p in await read_managed_policies(hub, account_id)}
    assert set(policies) == set(plan.policies)
    for name, document in plan.policies.items():
        policy = policies[name]
        assert policy["arn"] == f"arn:aws:iam::{account_id}:policy/{name}"
        assert policy["document"] == document
        assert policy["default_version"] == "v1"
        attached = sum(name in r.managed for r in plan.roles)
        attached += sum(name in u.managed for u in plan.users)
        assert policy["attachment_count"] == attached
