"""What the demo organization holds (../shared/DEMO_ORG.md), as plain data and no I/O.

Building blocks here; roles and users in :mod:`~consoleme.aws.demo_plan_iam`, buckets,
queues and topics in :mod:`~consoleme.aws.demo_plan_resources`. :mod:`consoleme.aws.demo_org`
creates it in a moto server; tests compare what the readers return
with these documents. Account ids are only known once moto has created the accounts, so every
builder takes them as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MANAGEMENT = "management"
MEMBER_OUS: dict[str, str] = {
    "prod": "workloads",
    "staging": "workloads",
    "dev": "sandbox",
    "security": "security",
    "data": "workloads",
}
OUS = ("workloads", "sandbox", "security")
HUB_ROLE = "consoleme-hub"
SPOKE_ROLE = "consoleme-spoke"
REGION = "us-east-1"

# app-<name> roles: name -> owning team
APPS: dict[str, str] = {
    "checkout": "payments",
    "payments": "payments",
    "catalog": "storefront",
    "search": "storefront",
    "inventory": "fulfillment",
    "shipping": "fulfillment",
    "notifications": "platform",
    "auth": "identity",
    "recommendations": "data-science",
    "reporting": "analytics",
}

SANDBOX_SCP: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "NoIamUsers", "Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"},
        {
            "Sid": "StayInOrganization",
            "Effect": "Deny",
            "Action": "organizations:LeaveOrganization",
            "Resource": "*",
        },
    ],
}


@dataclass(frozen=True)
class RoleSpec:
    """A role: trust policy, inline policies by name, tags, attached and boundary policies."""

    name: str
    trust: dict[str, Any]
    inline: dict[str, dict[str, Any]]
    tags: dict[str, str]
    managed: tuple[str, ...] = ()  # customer managed policy names in the same account
    description: str = ""
    boundary: str | None = None  # customer managed policy name


@dataclass(frozen=True)
class UserSpec:
    """An IAM user: inline policies, tags, groups and attached policies."""

    name: str
    inline: dict[str, dict[str, Any]]
    tags: dict[str, str]
    groups: tuple[str, ...] = ()
    managed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResourceSpec:
    """A bucket, queue or topic: its name, resource policy and tags."""

    name: str
    policy: dict[str, Any]
    tags: dict[str, str]


@dataclass(frozen=True)
class AccountPlan:
    """Everything seeded in one account."""

    name: str
    roles: list[RoleSpec] = field(default_factory=list)
    users: list[UserSpec] = field(default_factory=list)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)  # customer managed
    groups: tuple[str, ...] = ()
    buckets: list[ResourceSpec] = field(default_factory=list)
    queues: list[ResourceSpec] = field(default_factory=list)
    topics: list[ResourceSpec] = field(default_factory=list)


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    """A policy document with ``statements``."""
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(actions: list[str] | str, resources: list[str] | str, sid: str) -> dict[str, Any]:
    """An Allow statement."""
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}


def hub_role_arn(management_id: str) -> str:
    """ConsoleMe's own role in the management account."""
    return f"arn:aws:iam::{management_id}:role/{HUB_ROLE}"


def trust_hub(management_id: str, *services: str) -> dict[str, Any]:
    """A trust policy letting the hub role assume (and set the source identity), plus services."""
    statements = [
        {
            "Effect": "Allow",
            "Principal": {"AWS": hub_role_arn(management_id)},
            "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
        }
    ]
    statements += [
        {"Effect": "Allow", "Principal": {"Service": svc}, "Action": "sts:AssumeRole"}
        for svc in services
    ]
    return doc(*statements)


def managed_policies(account: str, account_id: str) -> dict[str, dict[str, Any]]:
    """Customer managed policies of every account."""
    logs = f"arn:aws:s3:::{bucket_names(account, account_id)[0]}"
    return {
        "baseline-read": doc(
            allow(
                ["ec2:Describe*", "cloudwatch:GetMetricData", "logs:FilterLogEvents"],
                "*",
                "ReadOnlyBaseline",
            )
        ),
        "logs-writer": doc(allow(["s3:PutObject"], f"{logs}/*", "WriteLogs")),
        "deny-outside-us": doc(
            {
                "Sid": "DenyOtherRegions",
                "Effect": "Deny",
                "NotAction": ["iam:*", "sts:*", "organizations:*"],
                "Resource": "*",
                "Condition": {
                    "StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}
                },
            }
        ),
    }


def bucket_names(account: str, account_id: str) -> list[str]:
    """Bucket names of an account (bucket names are global, so they carry the id)."""
    names = [f"{account}-logs-{account_id}", f"{account}-artifacts-{account_id}"]
    return [*names, "data-lake-raw"] if account == "data" else names
