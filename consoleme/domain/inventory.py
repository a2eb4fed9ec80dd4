"""What the inventory holds: accounts and resources as plain, JSON-ready documents.

Readers in ``consoleme.aws`` produce these; the cache and the store keep them as JSON; the API
serves them. TypedDicts (not classes) because they travel as JSON between processes unchanged.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

ResourceType = Literal[
    "iam_role", "iam_user", "managed_policy", "s3_bucket", "sqs_queue", "sns_topic"
]
RESOURCE_TYPES: tuple[ResourceType, ...] = (
    "iam_role",
    "iam_user",
    "managed_policy",
    "s3_bucket",
    "sqs_queue",
    "sns_topic",
)

PolicyDocument = dict[str, Any]


class Account(TypedDict):
    """One AWS account as ConsoleMe knows it."""

    id: str  # 12 digits
    name: str
    environment: str  # "" when unknown
    status: str  # ACTIVE, SUSPENDED, ... ("ACTIVE" for configured accounts)
    ou_path: str  # "/" root, "/workloads", "" when not from Organizations
    tags: dict[str, str]
    source: Literal["config", "organizations", "plugin"]


class AttachedPolicy(TypedDict):
    arn: str
    name: str


class LastUsed(TypedDict):
    date: str  # ISO 8601 UTC
    region: str


class Resource(TypedDict):
    """Fields every cached resource has; each type adds its own below."""

    arn: str
    type: ResourceType
    account_id: str
    name: str
    region: str  # "" for global resources (IAM)
    tags: dict[str, str]
    fetched_at: float  # epoch seconds


class Role(Resource):
    role_id: str
    path: str
    created: str
    description: str
    max_session_duration: int
    assume_role_policy: PolicyDocument
    inline_policies: dict[str, PolicyDocument]
    managed_policies: list[AttachedPolicy]
    permissions_boundary: str | None
    last_used: LastUsed | None


class User(Resource):
    user_id: str
    path: str
    created: str
    groups: list[str]
    inline_policies: dict[str, PolicyDocument]
    managed_policies: list[AttachedPolicy]
    permissions_boundary: str | None


class ManagedPolicy(Resource):
    policy_id: str
    path: str
    default_version: str
    document: PolicyDocument
    attachment_count: int
    description: str


class Bucket(Resource):
    policy: PolicyDocument | None


class Queue(Resource):
    url: str
    policy: PolicyDocument | None
    attributes: dict[str, str]


class Topic(Resource):
    policy: PolicyDocument | None
    attributes: dict[str, str]


class ServiceControlPolicy(TypedDict):
    id: str
    arn: str
    name: str
    description: str
    document: PolicyDocument
    targets: list[str]  # root, OU or account ids the policy is attached to
    aws_managed: bool


class OrganizationNode(TypedDict):
    id: str  # r-xxxx, ou-xxxx, or an account id
    name: str
    kind: Literal["root", "ou", "account"]
    children: list[OrganizationNode]
    scp_ids: NotRequired[list[str]]


class ReadFailure(TypedDict):
    """A (account, type) refresh that failed; shown on the accounts page."""

    account_id: str
    type: str
    error: str
    at: float
