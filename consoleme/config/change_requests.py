"""Settings of permission requests (approval rules, grants, applying) and of notifications.

Kept apart from :mod:`consoleme.config.models` (which embeds these sections). Every section
forbids unknown keys and every field is described (``docs/configuration.md`` is generated).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SensitiveRule(_Section):
    """Changes that need more than one approval."""

    name: str = Field(description="Shown on the request as the reason for the extra approvals.")
    change_types: list[str] = Field(
        default_factory=list, description="Change types it covers (empty: every type)."
    )
    accounts: list[str] = Field(
        default_factory=list, description="Account ids it covers (empty: every account)."
    )
    action_patterns: list[str] = Field(
        default_factory=list,
        description="IAM action patterns (e.g. iam:*, kms:Decrypt); a change adding any "
        "matching action is sensitive (empty: any change of the listed types).",
    )
    required_approvals: int = Field(2, ge=1, le=10, description="Distinct approvers needed.")


class AutoApproveRule(_Section):
    """A rule that approves a request with no person involved; every condition must hold."""

    name: str = Field(description="Recorded on the request as the rule that approved it.")
    change_types: list[str] = Field(
        default_factory=lambda: ["inline_policy", "managed_policy_document", "resource_policy"],
        description="Every change must be of one of these types.",
    )
    read_only_actions: bool = Field(
        True, description="Every added action must be a Read or List action (IAM catalog)."
    )
    own_team_resources: bool = Field(
        False,
        description="Every target must carry an owner tag whose value is one of the "
        "requester's groups.",
    )
    max_grant_hours: int | None = Field(
        None, ge=1, description="Every grant must expire within this many hours (None: no limit)."
    )
    accounts: list[str] = Field(
        default_factory=list, description="Targets must be in these accounts (empty: any)."
    )
    groups: list[str] = Field(
        default_factory=list, description="Requester must be in one of these (empty: anyone)."
    )


class ChangeRequestSettings(_Section):
    """Who approves permission requests, and how approved changes are applied and taken back."""

    approver_groups: list[str] = Field(
        default_factory=list,
        description="Groups (besides auth.admin_groups) that may approve any request.",
    )
    owner_tag_keys: list[str] = Field(
        default_factory=lambda: ["owner", "consoleme-owner"],
        description="Tag keys of roles, users and resources naming owner groups, which may "
        "approve changes to what they own (values may list several, separated by , or space).",
    )
    sensitive: list[SensitiveRule] = Field(
        default_factory=lambda: [
            SensitiveRule(name="iam-write", action_patterns=["iam:*", "sts:*", "organizations:*"])
        ],
        description="Rules that require several approvals.",
    )
    auto_approve: list[AutoApproveRule] = Field(
        default_factory=list, description="Rules that approve without a person."
    )
    max_changes: int = Field(20, ge=1, le=100, description="Most changes in one request.")
    max_grant_days: int = Field(
        365, ge=1, description="Furthest in the future a time-bound grant may expire."
    )
    expiry_sweep_seconds: int = Field(
        60,
        ge=5,
        description="How often beat takes back expired grants and re-queues stuck applies.",
    )
    apply_max_retries: int = Field(
        5, ge=0, le=20, description="Retries of an apply task on throttling or lost workers."
    )
    apply_stuck_seconds: int = Field(
        300,
        ge=30,
        description="A change still applying after this long is queued again by the sweep.",
    )
    sid_prefix: str = Field(
        "ConsoleMe",
        pattern=r"^[A-Za-z0-9]{1,32}$",
        description="Prefix of the statement ids the service gives statements it adds.",
    )


class EmailSettings(_Section):
    """E-mail notifications over SMTP (the ``email_notifications`` default plugin)."""

    enabled: bool = Field(False, description="Send e-mail about request events.")
    host: str = Field("127.0.0.1", description="SMTP server.")
    port: int = Field(25, ge=1, le=65535, description="SMTP port.")
    starttls: bool = Field(False, description="Upgrade the connection with STARTTLS.")
    username: str | None = Field(None, description="SMTP login (None: no login).")
    password: SecretStr | None = Field(None, description="SMTP password.")
    sender: str = Field("consoleme@localhost", description="From address.")
    timeout_seconds: float = Field(10.0, gt=0, le=120, description="SMTP timeout.")
    group_addresses: dict[str, str] = Field(
        default_factory=dict,
        description="E-mail address of approver groups (group -> address); users are "
        "e-mail addresses already.",
    )


class SlackSettings(_Section):
    """A Slack-compatible incoming webhook (the ``slack_notifications`` default plugin)."""

    enabled: bool = Field(False, description="Post request events to the webhook.")
    webhook_url: SecretStr | None = Field(None, description="Incoming webhook URL.")
    timeout_seconds: float = Field(5.0, gt=0, le=60, description="HTTP timeout.")


class NotificationSettings(_Section):
    """Where request events are sent."""

    email: EmailSettings = Field(default_factory=EmailSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
