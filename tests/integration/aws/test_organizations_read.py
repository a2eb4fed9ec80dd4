"""The organization reader: accounts with OU paths, the sandbox SCP with its target, the tree."""

from __future__ import annotations

import pytest

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.demo_plan import MEMBER_OUS, SANDBOX_SCP
from consoleme.aws.hub import AwsHub
from consoleme.aws.organizations_read import read_organization
from consoleme.domain.inventory import OrganizationNode

pytestmark = pytest.mark.integration


def find(node: OrganizationNode, node_id: str) -> OrganizationNode | None:
    if node["id"] == node_id:
        return node
    for child in node["children"]:
        found = find(child, node_id)
        if found is not None:
            return found
    return None


async def test_accounts_carry_their_ou_paths(hub: AwsHub, aws_org: DemoOrg) -> None:
    accounts, _, _ = await read_organization(hub)
    by_id = {a["id"]: a for a in accounts}
    for name, ou in MEMBER_OUS.items():
        account = by_id[aws_org.accounts[name]]
        assert (account["name"], account["ou_path"], account["status"]) == (
            name,
            f"/{ou}",
            "ACTIVE",
        )
        assert account["environment"] == name  # from the account's environment tag
        assert account["source"] == "organizations"
    assert by_id[aws_org.management_id]["ou_path"] == "/"


async def test_the_sandbox_scp_is_read_with_document_and_target(
    hub: AwsHub, aws_org: DemoOrg
) -> None:
    _, scps, tree = await read_organization(hub)
    scp = next(p for p in scps if p["id"] == aws_org.scp_id)
    assert scp["name"] == "sandbox-guardrails"
    assert scp["document"] == SANDBOX_SCP
    assert scp["targets"] == [aws_org.ou_ids["sandbox"]]
    assert scp["aws_managed"] is False
    sandbox = find(tree, aws_org.ou_ids["sandbox"])
    assert sandbox is not None
    assert aws_org.scp_id in sandbox.get("scp_ids", [])
    workloads = find(tree, aws_org.ou_ids["workloads"])
    assert workloads is not None
    assert aws_org.scp_id not in workloads.get("scp_ids", [])


async def test_the_tree_nests_accounts_under_their_ous(hub: AwsHub, aws_org: DemoOrg) -> None:
    _, _, tree = await read_organization(hub)
    assert tree["kind"] == "root"
    assert tree["id"] == aws_org.root_id
    for name, ou in MEMBER_OUS.items():
        unit = find(tree, aws_org.ou_ids[ou])
        assert unit is not None
        assert unit["kind"] == "ou"
        assert unit["name"] == ou
        assert aws_org.accounts[name] in [c["id"] for c in unit["children"]]
    assert aws_org.management_id in [c["id"] for c in tree["children"]]
