"""Response bodies of the inventory endpoints: accounts, resource search, resource details,
SCPs and on-demand refresh. The UI's TypeScript types are generated from these.

The resource models mirror the documents of :mod:`consoleme.domain.inventory` field for field
(a unit test keeps them equal). Times are Unix epoch seconds unless named ``date``/``created``
(ISO 8601 strings, as AWS gives them).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, RootModel

from consoleme.api.models import Answer

ResourceTypeName = Literal[
    "iam_role", "iam_user", "managed_policy", "s3_bucket", "sqs_queue", "sns_topic"
]
PolicyDocument = dict[str, Any]


class AccountModel(Answer):
    """One AWS account as ConsoleMe knows it."""

    id: str = Field(description="12 digits.")
    name: str
    environment: str = Field(description='"" when unknown.')
    status: str = Field(description="ACTIVE, SUSPENDED... (ACTIVE for configured accounts).")
    ou_path: str = Field(description='OU path like "/workloads"; "" when not from Organizations.')
    tags: dict[str, str]
    source: Literal["config", "organizations", "plugin"]


class ReadFailureModel(Answer):
    """A refresh of one (account, type) that failed; the last good data stays cached."""

    account_id: str
    type: str = Field(description="A resource type, or access_denied, accounts, organization.")
    error: str
    at: float


class AccountSummary(AccountModel):
    """An account with the state of its cached inventory."""

    refresh_state: Literal["ok", "failed", "partial", "never"] = Field(
        description="ok: every type refreshed; failed: every type failing; partial: some "
        "failing or not yet refreshed; never: nothing yet."
    )
    last_refreshed_at: float | None = Field(description="Latest successful refresh of any type.")
    errors: list[ReadFailureModel] = Field(description="Types whose last refresh failed.")
    resource_counts: dict[str, int] = Field(description="Cached resources by type.")


class AccountList(Answer):
    accounts: list[AccountSummary]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null: last.")


class ResourceSummary(Answer):
    """One search result."""

    arn: str
    type: ResourceTypeName
    account_id: str
    account_name: str | None = Field(description="null when the account is not known.")
    name: str
    region: str = Field(description='"" for global resources (IAM, and S3 in the ARN).')
    tags: dict[str, str]
    ui_path: str = Field(description="ConsoleMe's page of the resource.")


class SearchIndexInfo(Answer):
    ready: bool = Field(description="False until the first index build of this process ends.")
    entries: int
    synced_at: float | None


class ResourceSearchPage(Answer):
    items: list[ResourceSummary]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null: last.")
    index: SearchIndexInfo


class AttachedPolicyModel(Answer):
    arn: str
    name: str


class LastUsedModel(Answer):
    date: str = Field(description="ISO 8601, UTC.")
    region: str


class ResourceFields(Answer):
    """Fields every cached resource has."""

    arn: str
    type: ResourceTypeName
    account_id: str
    name: str
    region: str
    tags: dict[str, str]
    fetched_at: float = Field(description="When ConsoleMe read it from AWS.")


class RoleModel(ResourceFields):
    role_id: str
    path: str
    created: str
    description: str
    max_session_duration: int = Field(description="Seconds.")
    assume_role_policy: PolicyDocument = Field(description="The trust policy.")
    inline_policies: dict[str, PolicyDocument] = Field(description="Policy name -> document.")
    managed_policies: list[AttachedPolicyModel]
    permissions_boundary: str | None = Field(description="ARN of the boundary policy.")
    last_used: LastUsedModel | None


class UserModel(ResourceFields):
    user_id: str
    path: str
    created: str
    groups: list[str]
    inline_policies: dict[str, PolicyDocument]
    managed_policies: list[AttachedPolicyModel]
    permissions_boundary: str | None


class ManagedPolicyModel(ResourceFields):
    policy_id: str
    path: str
    default_version: str
    document: PolicyDocument = Field(description="The default version's document.")
    attachment_count: int
    description: str


class BucketModel(ResourceFields):
    policy: PolicyDocument | None


class QueueModel(ResourceFields):
    url: str
    policy: PolicyDocument | None
    attributes: dict[str, str] = Field(description="Every attribute except the policy.")


class TopicModel(ResourceFields):
    policy: PolicyDocument | None
    attributes: dict[str, str] = Field(description="Every attribute except the policy.")


class ResourceLinksModel(Answer):
    ui_path: str = Field(description="ConsoleMe's page (also what weep's open command gets).")
    console_url: str = Field(description="The AWS console page of the resource.")
    console_login_path: str = Field(
        description="ConsoleMe path that signs you in to the account, then opens console_url."
    )


class DetailBase(Answer):
    account: AccountModel | None = Field(description="null when the account is not known.")
    links: ResourceLinksModel


class RoleDetail(DetailBase):
    role: RoleModel
    access_denied_count: int = Field(description="Recent AccessDenied errors by this role.")


class UserDetail(DetailBase):
    user: UserModel
    access_denied_count: int = Field(description="Recent AccessDenied errors by this user.")


class ManagedPolicyDetail(DetailBase):
    policy: ManagedPolicyModel


class BucketDetail(DetailBase):
    bucket: BucketModel


class QueueDetail(DetailBase):
    queue: QueueModel


class TopicDetail(DetailBase):
    topic: TopicModel


class ServiceControlPolicyModel(Answer):
    id: str
    arn: str
    name: str
    description: str
    document: PolicyDocument
    targets: list[str] = Field(description="Root, OU or account ids the policy is attached to.")
    aws_managed: bool


class OrganizationPathNode(Answer):
    id: str
    name: str
    kind: Literal["root", "ou", "account"]


class AppliedScp(Answer):
    policy: ServiceControlPolicyModel
    via_id: str = Field(description="The node of the account's path the policy is attached to.")
    via_name: str
    via_kind: Literal["root", "ou", "account"]


class ServiceControlPolicies(Answer):
    account_id: str
    path: list[OrganizationPathNode] = Field(description="From the root down to the account.")
    policies: list[AppliedScp] = Field(description="Root first, then each OU, then the account.")


class RefreshQueued(Answer):
    id: str = Field(description="Read progress at /api/v2/inventory/refresh/{id}.")
    status: Literal["queued"]


class RefreshTarget(Answer):
    account_id: str | None = None
    arn: str | None = None


class RefreshJob(Answer):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    target: RefreshTarget
    requested_by: str
    created_at: float
    updated_at: float
    parts: int = Field(description="Tasks queued for this refresh.")
    done: int
    failed: int
    errors: list[str]


class TypeaheadItem(Answer):
    title: str = Field(description='"<name> (<12-digit id>)" for accounts; a role ARN otherwise.')


class TypeaheadResults(RootModel[list[TypeaheadItem]]):
    """Weep's typeahead answer: a bare JSON array."""


class ResourceUrlData(Answer):
    url: str = Field(description="Path relative to the web UI (weep prefixes its URL).")


class WebResponse(BaseModel):
    """ConsoleMe's envelope, as weep reads it: ``data`` on success, ``errors`` otherwise.
    Absent fields are left out of the body (so they are optional here, unlike ``Answer``s)."""

    status: Literal["success", "error"]
    status_code: int
    message: str
    errors: list[str] | None = None
    data: ResourceUrlData | None = None
