"""Which service control policies apply to an account: those attached to the organization root,
to any OU on the account's path, or to the account itself."""

from __future__ import annotations

from dataclasses import dataclass

from consoleme.domain.inventory import OrganizationNode, ServiceControlPolicy


@dataclass(frozen=True, slots=True)
class AppliedPolicy:
    """An SCP and the node of the account's path it is attached to."""

    policy: ServiceControlPolicy
    via_id: str
    via_name: str
    via_kind: str  # root, ou, account


def path_to(tree: OrganizationNode, node_id: str) -> list[OrganizationNode] | None:
    """The nodes from the root down to ``node_id`` (both included), None when it is not there."""
    if tree["id"] == node_id:
        return [tree]
    for child in tree["children"]:
        found = path_to(child, node_id)
        if found is not None:
            return [tree, *found]
    return None


def policies_for_account(
    tree: OrganizationNode, policies: list[ServiceControlPolicy], account_id: str
) -> tuple[list[OrganizationNode], list[AppliedPolicy]]:
    """The account's path and the SCPs applying to it, from the root down (policies by name).

    An account outside the tree gets an empty path and no policies.
    """
    path = path_to(tree, account_id) or []
    applied: list[AppliedPolicy] = []
    for node in path:
        for policy in sorted(policies, key=lambda p: p["name"]):
            if node["id"] in policy["targets"]:
                applied.append(AppliedPolicy(policy, node["id"], node["name"], node["kind"]))
    return path, applied
