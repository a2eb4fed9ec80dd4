"""Read AWS Organizations from the management account: accounts, the OU tree and SCPs.

Needs hub credentials in the management account (or a delegated administrator).
"""

from __future__ import annotations

import asyncio
from typing import Any

from consoleme.aws.client import AwsClient
from consoleme.aws.documents import policy_document, tag_dict
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import Account, OrganizationNode, ServiceControlPolicy

SCP_FILTER = "SERVICE_CONTROL_POLICY"


async def _walk(
    org: AwsClient, node: OrganizationNode, path: str, paths: dict[str, str]
) -> OrganizationNode:
    """Fill ``node``'s children recursively; ``paths`` gets each account's OU path."""
    units, accounts = await asyncio.gather(
        org.collect(
            "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=node["id"]
        ),
        org.collect("list_accounts_for_parent", "Accounts", ParentId=node["id"]),
    )
    children = [
        OrganizationNode(id=str(u["Id"]), name=str(u["Name"]), kind="ou", children=[])
        for u in sorted(units, key=lambda u: str(u["Name"]))
    ]
    await asyncio.gather(
        *(_walk(org, child, f"{path.rstrip('/')}/{child['name']}", paths) for child in children)
    )
    for account in sorted(accounts, key=lambda a: str(a["Name"])):
        paths[str(account["Id"])] = path
        children.append(
            OrganizationNode(
                id=str(account["Id"]), name=str(account["Name"]), kind="account", children=[]
            )
        )
    node["children"] = children
    return node


async def _scp(org: AwsClient, summary: dict[str, Any]) -> ServiceControlPolicy:
    described, targets = await asyncio.gather(
        org.call("describe_policy", PolicyId=summary["Id"]),
        org.collect("list_targets_for_policy", "Targets", PolicyId=summary["Id"]),
    )
    return ServiceControlPolicy(
        id=str(summary["Id"]),
        arn=str(summary["Arn"]),
        name=str(summary["Name"]),
        description=str(summary.get("Description", "")),
        document=policy_document(described["Policy"]["Content"]),
        targets=sorted(str(t["TargetId"]) for t in targets),
        aws_managed=bool(summary.get("AwsManaged", False)),
    )


def attach_scp_ids(node: OrganizationNode, scps: list[ServiceControlPolicy]) -> None:
    """Set ``scp_ids`` on every node of the tree that a policy targets."""
    ids = sorted(p["id"] for p in scps if node["id"] in p["targets"])
    if ids:
        node["scp_ids"] = ids
    for child in node["children"]:
        attach_scp_ids(child, scps)


async def _account(org: AwsClient, listed: dict[str, Any], ou_path: str) -> Account:
    tags = tag_dict(await org.collect("list_tags_for_resource", "Tags", ResourceId=listed["Id"]))
    return Account(
        id=str(listed["Id"]),
        name=str(listed["Name"]),
        environment=tags.get("environment", ""),
        status=str(listed.get("Status", "ACTIVE")),
        ou_path=ou_path,
        tags=tags,
        source="organizations",
    )


async def read_organization(
    hub: AwsHub,
) -> tuple[list[Account], list[ServiceControlPolicy], OrganizationNode]:
    """Accounts (with OU path like ``/workloads``), SCPs with documents and targets, and the tree.

    An account's ``environment`` is its ``environment`` tag, if any.
    """
    org = await hub.client("organizations")
    root = (await org.collect("list_roots", "Roots"))[0]
    tree = OrganizationNode(
        id=str(root["Id"]), name=str(root.get("Name", "Root")), kind="root", children=[]
    )
    paths: dict[str, str] = {}
    summaries = await org.collect("list_policies", "Policies", Filter=SCP_FILTER)
    listed, _, scps = await asyncio.gather(
        org.collect("list_accounts", "Accounts"),
        _walk(org, tree, "/", paths),
        asyncio.gather(*(_scp(org, s) for s in summaries)),
    )
    accounts = await asyncio.gather(
        *(_account(org, a, paths.get(str(a["Id"]), "/")) for a in listed)
    )
    policies = sorted(scps, key=lambda p: p["name"])
    attach_scp_ids(tree, policies)
    return sorted(accounts, key=lambda a: a["name"]), policies, tree
