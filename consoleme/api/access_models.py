"""Request and response bodies of the role access endpoints (the UI's types come from these).

Weep-compatible shapes (``WeepRoles*``, ``CredentialsAnswer``, ``Challenge*``, ``Poll*``) follow
../shared/WEEP_CONTRACT.md exactly; the others are ours. Some hot endpoints write plain dicts
built to these models (tests check they validate).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, RootModel

from consoleme.api.models import Answer, Strict
from consoleme.domain.audit import AuditEvent


class AppDetail(Answer):
    name: str
    owner: str | None
    owner_url: str | None
    app_url: str | None


class RoleApps(Answer):
    app_details: list[AppDetail]


class WeepRole(Answer):
    """One role as weep's ``get_roles`` reads it."""

    arn: str
    account_id: str
    account_friendly_name: str = Field(description='Account name, "Unknown" when not known.')
    role_name: str
    apps: RoleApps | None = Field(description="Applications using the role; always null here.")


class WeepRolesData(Answer):
    roles: list[WeepRole] = Field(description="Sorted by ARN.")


class WeepRolesResponse(Answer):
    """ConsoleMe's WebResponse envelope around the roles."""

    status: Literal["success"]
    status_code: Literal[200]
    data: WeepRolesData


class RoleArnList(RootModel[list[str]]):
    """Sorted role ARNs (``GET /api/v1/get_roles``)."""


class WeepCredentials(Answer):
    AccessKeyId: str
    SecretAccessKey: str
    SessionToken: str
    Expiration: int = Field(description="Unix epoch seconds (an integer: weep needs one).")
    RoleArn: str = Field(description="The role the credentials are for.")


class CredentialsAnswer(Answer):
    """Errors: ``{"status", "code", "message", "requested_role", "exception", "request_id"}``
    with weep's codes (899-906, ``invalid_jwt``); code 901 adds ``"matching roles": [...]``."""

    Credentials: WeepCredentials


class EligibleRolesAccount(Answer):
    id: str
    name: str | None = Field(description="null when the account is not known.")
    roles: int = Field(description="How many of your roles are in it.")


class EligibleRoleItem(Answer):
    arn: str
    account_id: str
    account_name: str | None
    role_name: str
    cli_only: bool = Field(description="Credentials only; no console sign-in.")
    favorite: bool
    max_session_duration: int


class EligibleRolesPage(Answer):
    roles: list[EligibleRoleItem] = Field(
        description="Favorites first, then by account and role name."
    )
    total: int = Field(description="Roles matching the filters, over all pages.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")
    accounts: list[EligibleRolesAccount] = Field(description="Every account you have roles in.")


class FavoriteAnswer(Answer):
    arn: str
    favorite: bool


class RoleLoginAnswer(Answer):
    """``/api/v2/role_login``: where to send the browser.

    Errors answer ``{"type": "error", "message", "code", "request_id"}``: 404 when none of your
    console roles matches, 400 for a bad ``redirect`` or ``r``, 502 when AWS refused.
    """

    type: Literal["redirect"]
    reason: Literal["console_login", "multiple_roles"]
    redirect_url: str = Field(
        description="console_login: the AWS federation sign-in URL (open it); multiple_roles: "
        "a UI path (/?arn=<query>&warningMessage=<base64>)."
    )
    role: str | None = Field(description="console_login: the role signed in to.")
    roles: list[str] = Field(description="multiple_roles: the matching roles to choose from.")


class ChallengeUrlsAnswer(Answer):
    challenge_url: str = Field(description="UI page where the user approves the sign-in.")
    polling_url: str


class ChallengePromptAnswer(Answer):
    message: str = Field(description="Markdown explaining what is being approved.")
    nonce: str = Field(description="Send back with the approval.")
    show_approve_button: bool


class ChallengeApproval(Strict):
    nonce: str = Field(min_length=1, max_length=256)


class ChallengeApproved(Answer):
    status: Literal["success"]
    message: str


class PollAnswerBody(BaseModel):
    """The poller's answer; the token fields are present only with status success."""

    status: Literal["success", "pending", "expired", "unknown", "unauthorized"]
    cookie_name: str | None = None
    expiration: int | None = Field(None, description="Token expiry, Unix epoch seconds.")
    encoded_jwt: str | None = None
    user: str | None = None


class AuditPageAnswer(Answer):
    events: list[AuditEvent] = Field(description="Newest first.")
    next_cursor: str | None


class RoleMappingItem(Answer):
    group: str
    roles: list[str]
    cli_only_roles: list[str]
    source: Literal["config", "dynamic"] = Field(description="config mappings are read-only.")
    version: int = Field(description="Send it back to change or delete (0 for config).")
    updated_by: str | None
    updated_at: str | None


class RoleMappingList(Answer):
    mappings: list[RoleMappingItem]


class RoleMappingChange(Strict):
    roles: list[str] = Field(default_factory=list, max_length=500)
    cli_only_roles: list[str] = Field(default_factory=list, max_length=500)
    version: int = Field(ge=0, description="0 to create; else the version you read.")


class Deleted(Answer):
    deleted: Literal[True]
