"""Settings of role access: eligibility, brokered credentials, console sign-in, CLI sign-in and
client certificates.

Kept apart from :mod:`consoleme.config.models` (which embeds these sections) so each module stays
small. Same rules: every section forbids unknown keys and every field is described, because
``docs/configuration.md`` is generated from the descriptions.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class AccessSection(BaseModel):
    """Base of these sections: unknown keys are errors (as ``models.Section``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_networks(cidrs: list[str]) -> list[str]:
    for cidr in cidrs:
        ipaddress.ip_network(cidr, strict=False)
    return cidrs


Networks = Annotated[list[str], AfterValidator(_check_networks)]


class RoleGrants(AccessSection):
    """Roles granted to one group (or one application)."""

    roles: list[str] = Field(
        default_factory=list,
        description="Role ARNs usable for console sign-in and credentials. `*` and `?` match "
        "any characters, e.g. `arn:aws:iam::*:role/engineering-admin` (patterns match roles in "
        "the inventory; plain ARNs are granted even before the inventory knows them).",
    )
    cli_only_roles: list[str] = Field(
        default_factory=list,
        description="Role ARNs (or patterns) usable only for credentials, never console sign-in.",
    )


class CredentialSettings(AccessSection):
    """Credentials brokered for users: STS AssumeRole from the hub into the chosen role."""

    session_duration_seconds: int = Field(
        3600,
        ge=900,
        le=43200,
        description="Lifetime asked for credentials; capped by the role's maximum session "
        "duration.",
    )
    session_tags: dict[str, str] = Field(
        default_factory=dict,
        description="Session tags passed to AssumeRole; `{user}` in a value becomes the user. "
        "The roles' trust policies must allow sts:TagSession for the hub.",
    )
    set_source_identity: bool = Field(
        True,
        description="Pass SourceIdentity=<user> (kept through role chaining and in CloudTrail). "
        "The roles' trust policies must allow sts:SetSourceIdentity for the hub.",
    )
    ip_restrictions: bool = Field(
        False,
        description="Attach a session policy denying use of CLI credentials from anywhere but "
        "the caller's IP address and `ip_restriction_cidrs` (calls AWS services make on the "
        "caller's behalf stay allowed). Console sign-in is never IP restricted.",
    )
    ip_restriction_cidrs: Networks = Field(
        default_factory=list,
        description="Networks always allowed by the IP session policy (VPN or NAT ranges).",
    )
    max_concurrent_calls: int = Field(
        64,
        ge=1,
        le=1024,
        description="AssumeRole calls for users in flight at once per web process (kept apart "
        "from the inventory's per-account bound, so users never wait behind a refresh).",
    )
    ip_restriction_waivers: list[str] = Field(
        default_factory=list,
        description="Users or groups whose `no_ip_restrictions` requests are honoured; anyone "
        "else asking for it is refused with code 902.",
    )


class ConsoleSettings(AccessSection):
    """AWS console sign-in through the AWS federation endpoint (getSigninToken)."""

    federation_url: str = Field(
        "https://signin.aws.amazon.com/federation",
        description="AWS federation endpoint (getSigninToken and the login URL).",
    )
    federation_ca_bundle: Path | None = Field(
        None,
        description="CA bundle to verify the federation endpoint with (default: the system's). "
        "TLS verification cannot be turned off.",
    )
    federation_timeout_seconds: float = Field(
        10.0, gt=0, le=60, description="Timeout of the getSigninToken call."
    )
    session_duration_seconds: int = Field(
        3600,
        ge=900,
        le=43200,
        description="Console session length (SessionDuration). Above 3600 only works when the "
        "hub uses IAM user credentials (AWS refuses longer sessions from role chaining).",
    )
    default_region: str = Field(
        "us-east-1", description="Console region when the request names none (`r=`)."
    )
    issuer: str | None = Field(
        None,
        description="Issuer shown by AWS on sign-out; default server.public_url or the site name.",
    )
    allowed_redirect_hosts: list[str] = Field(
        default_factory=lambda: ["console.aws.amazon.com", "*.console.aws.amazon.com"],
        description="Hosts a `redirect=` deep link may point at (https only; `*.` prefixes "
        "match subdomains).",
    )


class AccessSettings(AccessSection):
    """Who may use which roles, and how credentials and console sessions are handed out."""

    group_mappings: dict[str, RoleGrants] = Field(
        default_factory=dict,
        description="group -> `{roles: [...], cli_only_roles: [...]}` (role ARNs or `*`/`?` "
        "patterns). Admins add more at run time (dynamic mappings, /api/v2/role_mappings); "
        "both apply.",
    )
    app_mappings: dict[str, RoleGrants] = Field(
        default_factory=dict,
        description="application name -> `{roles, cli_only_roles}`, for applications "
        "identified by a client certificate (identity `app:<name>`).",
    )
    tag_keys: list[str] = Field(
        default_factory=lambda: ["consoleme-authorized"],
        description="Role tags whose value lists groups allowed to use the role (console and CLI).",
    )
    cli_only_tag_keys: list[str] = Field(
        default_factory=lambda: ["consoleme-authorized-cli-only"],
        description="Role tags whose value lists groups allowed to use the role for CLI only.",
    )
    tag_value_separator: str = Field(
        ":", min_length=1, description="Separator between group names in those tag values."
    )
    index_ttl_seconds: int = Field(
        3600,
        ge=10,
        le=86400,
        description="Longest a cached eligibility answer lives. It is recomputed as soon as the "
        "inventory or the mappings change; this bounds staleness of `eligible_roles` hooks.",
    )
    local_cache_seconds: float = Field(
        1.0,
        ge=0,
        le=60,
        description="How long one web process reuses a caller's eligibility answer before "
        "asking Redis again (0: ask on every request); changes reach every process this fast.",
    )
    credentials: CredentialSettings = Field(default_factory=CredentialSettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)


class ChallengeSettings(AccessSection):
    """CLI sign-in approved in a browser (weep's challenge flow)."""

    enabled: bool = Field(True, description="Serve /noauth/v1/challenge_generator and poller.")
    ttl_seconds: int = Field(
        120, ge=30, le=600, description="How long a challenge may be approved and polled."
    )
    bind_ip: bool = Field(
        True,
        description="The approving browser and the polling CLI must come from the IP address "
        "that created the challenge.",
    )


class CertificateAuthSettings(AccessSection):
    """Identity from a client certificate that a TLS-terminating proxy verified and passed on."""

    enabled: bool = Field(False, description="Believe the certificate header from trusted proxies.")
    cert_header: str = Field(
        "X-Client-Cert",
        description="Header with the URL-encoded PEM certificate (nginx "
        "`$ssl_client_escaped_cert`, ALB `X-Amzn-Mtls-Clientcert`).",
    )
    verify_header: str | None = Field(
        None,
        description="Header the proxy sets to `verify_value` when it verified the certificate "
        "(nginx `$ssl_client_verify`); None when the proxy rejects unverified ones itself.",
    )
    verify_value: str = Field("SUCCESS", description="Value of `verify_header` meaning verified.")
    trusted_cidrs: Networks = Field(
        default_factory=lambda: ["127.0.0.1/32", "::1/128"],
        description="Only requests whose socket peer is in these networks may pass a certificate.",
    )
    app_prefix: str = Field(
        "app:",
        description="Certificates without an e-mail address identify applications: the user "
        "becomes this prefix + the subject CN.",
    )
