"""Roles and users of the demo organization (see :mod:`consoleme.aws.demo_plan`)."""

from __future__ import annotations

from consoleme.aws.demo_plan import (
    HUB_ROLE,
    MANAGEMENT,
    REGION,
    SPOKE_ROLE,
    RoleSpec,
    UserSpec,
    allow,
    bucket_names,
    doc,
    trust_hub,
)


def people_roles(account: str, account_id: str, mgmt: str) -> list[RoleSpec]:
    """Roles people get through eligibility tags (DEMO_ORG.md's table)."""
    arn = f"arn:aws:iam::{account_id}"
    artifacts = f"arn:aws:s3:::{bucket_names(account, account_id)[1]}"
    roles = [
        RoleSpec(
            "engineering-admin",
            trust_hub(mgmt),
            {"admin": doc(allow("*", "*", "AdministerAccount"))},
            {"consoleme-authorized": "engineering", "owner": "engineering"},
            ("baseline-read",),
            "Engineers administering the account",
        ),
        RoleSpec(
            "engineering-readonly",
            trust_hub(mgmt),
            {
                "read": doc(
                    allow(
                        ["s3:Get*", "s3:List*", "sqs:Get*", "sqs:List*", "sns:Get*"], "*", "Read"
                    ),
                    allow(["iam:Get*", "iam:List*"], "*", "ReadIam"),
                )
            },
            {"consoleme-authorized": "engineering:data-science", "owner": "engineering"},
            ("baseline-read", "deny-outside-us"),
            "Read-only access for engineering and data science",
        ),
        RoleSpec(
            "ci-deployer",
            trust_hub(mgmt),
            {
                "deploy": doc(
                    allow(["cloudformation:*"], "*", "Stacks"),
                    allow(["s3:PutObject", "s3:GetObject"], f"{artifacts}/*", "Artifacts"),
                    allow("iam:PassRole", f"{arn}:role/app-*", "PassAppRoles"),
                )
            },
            {"consoleme-authorized-cli-only": "engineering", "owner": "engineering"},
            ("logs-writer",),
            "Deployments from CI and engineers' shells",
        ),
        RoleSpec(
            "security-audit",
            trust_hub(mgmt),
            {
                "audit": doc(
                    allow(
                        ["securityhub:Get*", "guardduty:List*", "guardduty:Get*", "iam:Get*"],
                        "*",
                        "Audit",
                    ),
                    allow(["cloudtrail:LookupEvents"], "*", "Trail"),
                )
            },
            {"consoleme-authorized": "security", "owner": "security"},
            ("baseline-read",),
            "Security team audits",
        ),
    ]
    if account in {"prod", "data"}:
        lake = "arn:aws:s3:::data-lake-raw" if account == "data" else f"{artifacts}"
        roles.append(
            RoleSpec(
                "data-pipeline",
                trust_hub(mgmt, "glue.amazonaws.com"),
                {
                    "pipeline": doc(
                        allow(["s3:GetObject", "s3:PutObject"], f"{lake}/*", "Lake"),
                        allow(
                            ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                            f"arn:aws:sqs:{REGION}:{account_id}:orders-{account}",
                            "Orders",
                        ),
                    )
                },
                {"consoleme-authorized": "data-science", "owner": "data-science"},
                ("logs-writer",),
                "Batch pipelines run by data science",
            )
        )
    return roles


def app_role(account: str, account_id: str, mgmt: str, app: str, team: str) -> RoleSpec:
    """The runtime role of one application, owned by ``team``."""
    table = f"arn:aws:dynamodb:{REGION}:{account_id}:table/{app}"
    queue = f"arn:aws:sqs:{REGION}:{account_id}:orders-{account}"
    return RoleSpec(
        f"app-{app}",
        trust_hub(mgmt, "ecs-tasks.amazonaws.com"),
        {
            f"{app}-runtime": doc(
                allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], table, "Table"),
                allow(["sqs:SendMessage"], queue, "Orders"),
                allow(
                    ["secretsmanager:GetSecretValue"],
                    f"arn:aws:secretsmanager:{REGION}:{account_id}:secret:{app}/*",
                    "Secrets",
                ),
            )
        },
        {"owner": team, "app": app},
        ("logs-writer",) if app in {"checkout", "search", "reporting"} else (),
        f"Runtime role of the {app} service",
        boundary="deny-outside-us" if account == "dev" else None,
    )


def service_roles(account: str, account_id: str, mgmt: str) -> list[RoleSpec]:
    """The spoke role everywhere, and the hub role in the management account."""
    spoke = RoleSpec(
        SPOKE_ROLE,
        trust_hub(mgmt),
        {
            "inventory-and-changes": doc(
                allow(
                    [
                        "iam:Get*",
                        "iam:List*",
                        "s3:GetBucket*",
                        "s3:ListAllMyBuckets",
                        "cloudtrail:LookupEvents",
                    ],
                    "*",
                    "Read",
                ),
                allow(
                    ["sqs:GetQueueAttributes", "sqs:ListQueues", "sqs:ListQueueTags"], "*", "Sqs"
                ),
                allow(
                    ["sns:GetTopicAttributes", "sns:ListTopics", "sns:ListTagsForResource"],
                    "*",
                    "Sns",
                ),
                allow(
                    [
                        "iam:PutRolePolicy",
                        "iam:DeleteRolePolicy",
                        "iam:TagRole",
                        "iam:UpdateAssumeRolePolicy",
                    ],
                    "*",
                    "ApplyChanges",
                ),
            )
        },
        {"owner": "platform"},
        description="ConsoleMe reads and changes this account through this role",
    )
    if account != MANAGEMENT:
        return [spoke]
    hub = RoleSpec(
        HUB_ROLE,
        doc(
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ),
        {
            "assume-everywhere": doc(
                allow(["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"], "*", "Assume")
            )
        },
        {"owner": "platform"},
        description="ConsoleMe's own role",
    )
    return [hub, spoke]


def users(account: str, account_id: str) -> list[UserSpec]:
    """A couple of IAM users per member account (none in the sandbox)."""
    if account in {MANAGEMENT, "dev"}:  # no IAM users where the sandbox SCP forbids them
        return []
    logs, artifacts = (f"arn:aws:s3:::{b}" for b in bucket_names(account, account_id)[:2])
    return [
        UserSpec(
            "build-bot",
            {"artifacts": doc(allow(["s3:PutObject"], f"{artifacts}/*", "UploadArtifacts"))},
            {"owner": "engineering"},
            groups=("automation",),
        ),
        UserSpec(
            "legacy-reporting",
            {
                "read-logs": doc(
                    allow(["s3:GetObject", "s3:ListBucket"], [logs, f"{logs}/*"], "ReadLogs")
                )
            },
            {"owner": "analytics"},
            managed=("baseline-read",),
        ),
    ]
