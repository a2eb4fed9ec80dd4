"""AWS console sign-in (``GET /api/v2/role_login/<query>``, contract section 2.7).

The query is matched like credentials (exact ARN, else unique substring) but only against roles
allowed in the console. One match: assume the role *without* the IP session policy (the console
is used from AWS's own addresses), get a SigninToken from the federation endpoint, and answer
the login URL. Several: answer a chooser redirect listing them. None: 404.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import urlencode, urlsplit

from consoleme.config.access import AccessSettings
from consoleme.core.audit import AccessAudit
from consoleme.core.credentials import RoleAssumer, refusal
from consoleme.core.eligibility import Eligibility
from consoleme.domain.assume_role import (
    AssumedSession,
    AssumeRoleSpec,
    session_name,
    session_tags,
)
from consoleme.domain.audit import Caller
from consoleme.domain.eligibility import EligibleRole
from consoleme.domain.identity import Identity
from consoleme.domain.role_match import match_roles
from consoleme.errors import AwsError, BadRequest, ConsoleMeError

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")


class SigninTokens(Protocol):
    """The federation endpoint (``consoleme.aws.federation.FederationClient``)."""

    async def signin_token(self, session: AssumedSession, duration_seconds: int) -> str:
        """A SigninToken; AwsError when the endpoint refuses."""

    def login_url(self, token: str, issuer: str, destination: str) -> str:
        """The sign-in URL for ``token``."""


@dataclass(frozen=True, slots=True)
class ConsoleLoginAnswer:
    """Where to send the browser: the sign-in URL (one role) or a chooser (several)."""

    reason: Literal["console_login", "multiple_roles"]
    redirect_url: str
    role: str | None = None
    roles: list[str] = field(default_factory=list)


class ConsoleLogin:
    """The console sign-in use-case."""

    def __init__(
        self,
        settings: AccessSettings,
        issuer: str,
        eligibility: Eligibility,
        sts: RoleAssumer,
        federation: SigninTokens,
        audit: AccessAudit,
    ) -> None:
        self.settings = settings
        self.issuer = settings.console.issuer or issuer
        self.eligibility = eligibility
        self.sts = sts
        self.federation = federation
        self.audit = audit

    async def login(
        self,
        identity: Identity,
        caller: Caller,
        query: str,
        region: str | None = None,
        redirect: str | None = None,
    ) -> ConsoleLoginAnswer:
        """Sign-in URL for the one console role ``query`` names, or a chooser."""
        destination = self._destination(region, redirect)
        eligible = await self.eligibility.roles_for(identity)
        found = match_roles(query.lower(), eligible.arns(console_only=True))
        if len(found) > 1:
            return _chooser(query, found)
        role: EligibleRole | None = eligible.get(found[0]) if found else None
        try:
            if role is None:
                raise refusal(404, "900", f"none of your console roles matches {query!r}")
            url = await self._sign_in(identity, role, destination)
        except ConsoleMeError as exc:
            await self.audit.refused(
                caller,
                "console_login",
                exc.code,
                exc.message,
                requested_role=query,
                role_arn=role.arn if role else None,
                account_id=role.account_id if role else None,
            )
            raise
        await self.audit.issued(
            caller,
            "console_login",
            f"console sign-in to {role.arn}",
            requested_role=query,
            role_arn=role.arn,
            account_id=role.account_id,
            ip_restricted=False,
            duration_seconds=self.settings.console.session_duration_seconds,
        )
        return ConsoleLoginAnswer("console_login", url, role=role.arn)

    async def _sign_in(self, identity: Identity, role: EligibleRole, destination: str) -> str:
        policy = self.settings.credentials
        spec = AssumeRoleSpec(
            role_arn=role.arn,
            session_name=session_name(identity.user),
            # No DurationSeconds: AWS refuses console sign-in for chained role sessions that set
            # it; the console session length is SessionDuration below.
            duration_seconds=None,
            source_identity=session_name(identity.user) if policy.set_source_identity else None,
            tags=session_tags(policy.session_tags, identity.user),
        )
        duration = self.settings.console.session_duration_seconds
        try:
            session = await self.sts.assume(spec)
            token = await self.federation.signin_token(session, duration)
        except AwsError as exc:
            raise refusal(
                502, "902", f"console sign-in to {role.arn} failed: {exc.message}"
            ) from None
        return self.federation.login_url(token, self.issuer, destination)

    def _destination(self, region: str | None, redirect: str | None) -> str:
        if redirect:
            if not _allowed_redirect(redirect, self.settings.console.allowed_redirect_hosts):
                raise BadRequest(
                    "redirect must be an https URL of the AWS console", code="invalid_redirect"
                )
            return redirect
        region = region or self.settings.console.default_region
        if not _REGION.match(region):
            raise BadRequest(f"{region!r} is not an AWS region name", code="invalid_region")
        return f"https://{region}.console.aws.amazon.com/console/home?region={region}"


def _chooser(query: str, found: list[str]) -> ConsoleLoginAnswer:
    warning = f"More than one of your roles matches {query}; choose one."
    encoded = base64.b64encode(warning.encode()).decode()
    url = "/?" + urlencode({"arn": query, "warningMessage": encoded})
    return ConsoleLoginAnswer("multiple_roles", url, roles=found)


def _allowed_redirect(url: str, hosts: list[str]) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or parts.username or parts.password:
        return False
    for allowed in hosts:
        allowed = allowed.lower()
        if allowed.startswith("*.") and host.endswith(allowed[1:]):
            return True
        if host == allowed:
            return True
    return False
