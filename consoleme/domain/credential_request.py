"""The body of ``POST /api/v1/get_credentials`` as weep (and ConsoleMe's other clients) send it.

Weep sends ``{"requested_role", "no_ip_restrictions"}`` and, with its metadata feature flag,
``metadata``. ConsoleMe also took ``user_role`` + ``account`` and ``console_only``; we accept
those. Any other field is refused (code 904), as is a body naming no role or two ways at once.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class WeepMetadata(BaseModel):
    """What weep reports about itself (feature flag ``consoleme_metadata``). Logged, not used."""

    model_config = ConfigDict(extra="allow")

    hostname: str | None = Field(None, max_length=1024)
    username: str | None = Field(None, max_length=1024)
    cert_age_seconds: int | None = None
    cert_fingerprint_sha256: str | None = Field(None, max_length=256)
    weep_version: str | None = Field(None, max_length=256)
    weep_method: str | None = Field(None, max_length=256)


class CredentialRequest(BaseModel):
    """Which role to broker credentials for."""

    model_config = ConfigDict(extra="forbid")

    requested_role: str | None = Field(
        None,
        min_length=1,
        max_length=2048,
        description="A full role ARN, or a case-insensitive substring naming exactly one of "
        "your eligible roles.",
    )
    user_role: str | None = Field(
        None, min_length=1, max_length=64, description="A role name; needs `account`."
    )
    account: str | None = Field(
        None, min_length=1, max_length=256, description="Account id or name, with `user_role`."
    )
    console_only: bool = Field(False, description="Only consider roles allowed in the console.")
    no_ip_restrictions: bool = Field(
        False, description="Ask for credentials without the IP session policy (if allowed)."
    )
    metadata: WeepMetadata | None = Field(None, description="Client facts weep sends; logged.")

    @model_validator(mode="after")
    def _one_way_to_name_a_role(self) -> CredentialRequest:
        if self.requested_role is not None and self.user_role is not None:
            raise ValueError("requested_role and user_role cannot be used together")
        if self.requested_role is None and self.user_role is None:
            raise ValueError("give requested_role, or user_role with account")
        if self.user_role is not None and self.account is None:
            raise ValueError("user_role needs account")
        return self
