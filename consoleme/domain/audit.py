"""Audit events of role access: every issuance and every refusal, and who asked from where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

ClientKind = Literal["weep", "cme", "browser", "other"]
AccessAction = Literal["credentials", "console_login", "cli_login"]
Outcome = Literal["issued", "refused"]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asked, from where, with what: the request facts every audit event carries."""

    user: str
    groups: tuple[str, ...]
    source_ip: str
    user_agent: str
    request_id: str
    client_kind: ClientKind


def client_kind(user_agent: str, browser_session: bool) -> ClientKind:
    """Which client sent a request: stock weep (``weep/<v> Go-http-client/1.1``, or the bare Go
    client weep uses for challenge calls), our ``cme``, a browser session, or something else."""
    agent = user_agent.strip().lower()
    if agent.startswith("weep/") or agent.startswith("go-http-client/"):
        return "weep"
    if agent.startswith("cme/"):
        return "cme"
    if browser_session:
        return "browser"
    return "other"


class AuditEvent(BaseModel):
    """One recorded issuance or refusal."""

    id: str = Field(description="Unique id (time-ordered).")
    time: str = Field(description="UTC time, ISO 8601 with milliseconds and Z.")
    user: str = Field(description="Who asked (an e-mail, or app:<name> for applications).")
    action: AccessAction = Field(
        description="credentials (CLI/API), console_login or cli_login (a CLI token issued)."
    )
    outcome: Outcome
    code: str | None = Field(
        description="Refusals: the error code (weep's 899-906, or ours); null when issued."
    )
    message: str = Field(description="What happened, in words.")
    requested_role: str | None = Field(description="The search string or ARN asked for.")
    role_arn: str | None = Field(description="The role resolved (null when none was).")
    account_id: str | None = Field(description="Account of role_arn.")
    source_ip: str = Field(description="Client IP (from the socket or trusted proxies).")
    user_agent: str
    client_kind: ClientKind
    ip_restricted: bool | None = Field(
        description="Credentials: whether the IP session policy was attached; null otherwise."
    )
    duration_seconds: int | None = Field(description="Session length granted, when issued.")
    request_id: str
    metadata: dict[str, Any] | None = Field(
        description="Client metadata weep sends (hostname, weep_version, ...), as received."
    )
