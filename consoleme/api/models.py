"""Request and response bodies of the identity and site endpoints (validated at the edge)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Strict(BaseModel):
    """Request bodies reject unknown fields."""

    model_config = ConfigDict(extra="forbid")


class Answer(BaseModel):
    """Response bodies: every field is always present in what the server writes."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class ErrorBody(BaseModel):
    """Every error answer."""

    status: int
    code: str = Field(description="Stable machine-readable code.")
    message: str
    request_id: str
    details: dict[str, object] | None = None


class SiteInfo(Answer):
    name: str
    dev_mode: bool


class UserProfile(Answer):
    user: str
    groups: list[str]
    is_admin: bool
    auth_method: str
    session_expires_at: int | None = Field(None, description="Unix epoch seconds.")
    site: SiteInfo


class DevUser(Answer):
    user: str
    groups: list[str]
    description: str


class AuthMethods(Answer):
    site_name: str
    methods: list[str] = Field(description='Any of "dev", "oidc", "header".')
    dev_users: list[DevUser]


class DevLoginRequest(Strict):
    user: str = Field(min_length=3, max_length=254)
    groups: list[str] | None = Field(None, max_length=100)

    @field_validator("user")
    @classmethod
    def _looks_like_user(cls, value: str) -> str:
        value = value.strip()
        if any(ch.isspace() for ch in value) or any(ch in value for ch in "<>\"'"):
            raise ValueError("a user name has no spaces, quotes or angle brackets")
        return value

    @field_validator("groups")
    @classmethod
    def _valid_groups(cls, groups: list[str] | None) -> list[str] | None:
        if groups is None:
            return None
        cleaned = [g.strip() for g in groups]
        if any(not g or len(g) > 128 for g in cleaned):
            raise ValueError("group names are 1 to 128 characters")
        return cleaned


class SignOutResponse(Answer):
    signed_out: Literal[True]


class Health(Answer):
    status: str


class Readiness(Answer):
    ready: bool
    checks: dict[str, str]
