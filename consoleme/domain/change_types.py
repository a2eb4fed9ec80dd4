"""The kinds of change a permission request can hold, as submitted (one pydantic model per type).

Every change targets one principal or resource by ARN. Policy changes are *statement* changes:
``add`` puts the given statements into the target document (replacing statements with the same
``Sid``), ``remove`` takes statements with those Sids out, and statements made elsewhere are never
touched. That makes applying idempotent and lets an expired grant remove exactly what it added.

``ChangeSpec`` is the discriminated union (on ``type``) that request bodies and stored requests use.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ChangeType = Literal[
    "inline_policy",
    "managed_policy",
    "managed_policy_document",
    "resource_policy",
    "assume_role_policy",
    "permissions_boundary",
    "tag",
    "create_role",
    "clone_role",
]
StatementAction = Literal["add", "remove"]
AttachAction = Literal["attach", "detach"]
ResourceType = Literal["s3", "sqs", "sns"]

PolicyDocument = dict[str, Any]

_ROLE_OR_USER = r"^arn:aws[a-z-]*:iam::\d{12}:(role|user)/[\w+=,.@/-]+$"
_ROLE = r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$"
_POLICY = r"^arn:aws[a-z-]*:iam::(\d{12}|aws):policy/[\w+=,.@/-]+$"
_NAME = r"^[\w+=,.@-]+$"


class _Change(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InlinePolicyChange(_Change):
    """Add or remove statements (by Sid) of an inline policy of a role or user."""

    type: Literal["inline_policy"] = "inline_policy"
    principal_arn: str = Field(
        pattern=_ROLE_OR_USER, max_length=2048, description="The role or user."
    )
    policy_name: str = Field(
        pattern=_NAME, max_length=128, description="Inline policy name (created if missing)."
    )
    action: StatementAction = "add"
    policy_document: PolicyDocument = Field(
        description="IAM policy JSON; its statements are added (or, for remove, their Sids "
        "removed). Statements without a Sid get one when the request is submitted."
    )


class ManagedPolicyChange(_Change):
    """Attach or detach a managed policy to or from a role or user."""

    type: Literal["managed_policy"] = "managed_policy"
    principal_arn: str = Field(pattern=_ROLE_OR_USER, max_length=2048)
    policy_arn: str = Field(pattern=_POLICY, max_length=2048)
    action: AttachAction = "attach"


class ManagedPolicyDocumentChange(_Change):
    """Add or remove statements of a customer managed policy (a new default version)."""

    type: Literal["managed_policy_document"] = "managed_policy_document"
    policy_arn: str = Field(pattern=_POLICY, max_length=2048)
    action: StatementAction = "add"
    policy_document: PolicyDocument


class ResourcePolicyChange(_Change):
    """Add or remove statements of an S3 bucket, SQS queue or SNS topic policy."""

    type: Literal["resource_policy"] = "resource_policy"
    resource_arn: str = Field(pattern=r"^arn:aws[a-z-]*:(s3|sqs|sns):", max_length=2048)
    resource_type: ResourceType
    action: StatementAction = "add"
    policy_document: PolicyDocument
    account_id: str | None = Field(
        None,
        pattern=r"^\d{12}$",
        description="Account of the resource; filled in from the inventory when omitted "
        "(S3 ARNs carry no account).",
    )
    added_for: str | None = Field(
        None,
        description="Set when the server added this change for a cross-account grant: the "
        "index of the change it pairs with.",
    )


class AssumeRolePolicyChange(_Change):
    """Add or remove statements of a role's trust policy."""

    type: Literal["assume_role_policy"] = "assume_role_policy"
    principal_arn: str = Field(pattern=_ROLE, max_length=2048)
    action: StatementAction = "add"
    policy_document: PolicyDocument


class PermissionsBoundaryChange(_Change):
    """Set (attach) or remove (detach) the permissions boundary of a role or user."""

    type: Literal["permissions_boundary"] = "permissions_boundary"
    principal_arn: str = Field(pattern=_ROLE_OR_USER, max_length=2048)
    policy_arn: str = Field(pattern=_POLICY, max_length=2048)
    action: AttachAction = "attach"


class TagChange(_Change):
    """Set (add) or remove a tag of a role or user."""

    type: Literal["tag"] = "tag"
    principal_arn: str = Field(pattern=_ROLE_OR_USER, max_length=2048)
    action: StatementAction = "add"
    key: str = Field(min_length=1, max_length=128, pattern=r"^[\w\s.:/=+@-]+$")
    value: str = Field("", max_length=256, pattern=r"^[\w\s.:/=+@-]*$")


class CreateRoleChange(_Change):
    """Create a new role in an account."""

    type: Literal["create_role"] = "create_role"
    account_id: str = Field(pattern=r"^\d{12}$")
    role_name: str = Field(pattern=r"^[\w+=,.@-]+$", max_length=64)
    path: str = Field("/", pattern=r"^/([\w+=,.@-]+/)*$", max_length=512)
    description: str = Field("", max_length=1000)
    assume_role_policy_document: PolicyDocument
    max_session_duration: int = Field(3600, ge=3600, le=43200)
    tags: dict[str, str] = Field(default_factory=dict, max_length=50)


class CloneRoleChange(_Change):
    """Create a new role as a copy of an existing one (trust, policies, tags as chosen)."""

    type: Literal["clone_role"] = "clone_role"
    source_role_arn: str = Field(pattern=_ROLE, max_length=2048)
    account_id: str = Field(pattern=r"^\d{12}$")
    role_name: str = Field(pattern=r"^[\w+=,.@-]+$", max_length=64)
    description: str | None = Field(None, max_length=1000)
    copy_assume_role_policy: bool = True
    copy_inline_policies: bool = True
    copy_managed_policies: bool = True
    copy_tags: bool = True


ChangeSpec = Annotated[
    InlinePolicyChange
    | ManagedPolicyChange
    | ManagedPolicyDocumentChange
    | ResourcePolicyChange
    | AssumeRolePolicyChange
    | PermissionsBoundaryChange
    | TagChange
    | CreateRoleChange
    | CloneRoleChange,
    Field(discriminator="type"),
]

# Types whose ``policy_document`` holds statements to add or remove.
STATEMENT_TYPES: frozenset[str] = frozenset(
    {"inline_policy", "managed_policy_document", "resource_policy", "assume_role_policy"}
)


def target_arn(spec: ChangeSpec) -> str:
    """The ARN a change acts on (for a new role: the ARN it will have)."""
    if isinstance(spec, InlinePolicyChange | ManagedPolicyChange | AssumeRolePolicyChange):
        return spec.principal_arn
    if isinstance(spec, PermissionsBoundaryChange | TagChange):
        return spec.principal_arn
    if isinstance(spec, ManagedPolicyDocumentChange):
        return spec.policy_arn
    if isinstance(spec, ResourcePolicyChange):
        return spec.resource_arn
    partition = "aws"
    if isinstance(spec, CloneRoleChange):
        partition = spec.source_role_arn.split(":")[1]
    path = spec.path if isinstance(spec, CreateRoleChange) else "/"
    return f"arn:{partition}:iam::{spec.account_id}:role{path}{spec.role_name}"


def target_account(spec: ChangeSpec) -> str:
    """The account a change acts in ("" for an S3 resource whose account is not known yet)."""
    if isinstance(spec, ResourcePolicyChange) and spec.account_id:
        return spec.account_id
    if isinstance(spec, CreateRoleChange | CloneRoleChange):
        return spec.account_id
    parts = target_arn(spec).split(":")
    return parts[4] if len(parts) > 4 else ""


def is_grant(spec: ChangeSpec) -> bool:
    """True for changes that add access and so may carry ``expires_at`` (a time-bound grant)."""
    if isinstance(spec, ManagedPolicyChange):
        return spec.action == "attach"
    if isinstance(spec, PermissionsBoundaryChange | CreateRoleChange | CloneRoleChange):
        return False
    return getattr(spec, "action", "add") == "add"
