"""Brokered credentials (``POST /api/v1/get_credentials``): resolve the role, decide the IP
policy, assume the role, audit the outcome.

Refusals carry weep's codes (contract section 2.4) as the error ``code``, always with a non-200
status: 899 app needs a full ARN, 900 no match, 901 several matches (``matching roles`` in the
details), 902 IP restrictions may not be waived or STS refused, 903 not eligible, 904 malformed
body, 906 unknown account.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import orjson
from pydantic import ValidationError

from consoleme.config.access import AccessSettings
from consoleme.core.audit import AccessAudit
from consoleme.core.eligibility import CallerRoles, Eligibility
from consoleme.domain.assume_role import (
    AssumedSession,
    AssumeRoleSpec,
    ip_restriction_policy,
    session_duration,
    session_name,
    session_tags,
)
from consoleme.domain.audit import Caller
from consoleme.domain.credential_request import CredentialRequest
from consoleme.domain.eligibility import EligibleRole
from consoleme.domain.identity import Identity
from consoleme.domain.role_match import is_role_arn, match_roles
from consoleme.errors import AwsError, BadRequest, ConsoleMeError, Forbidden


class RoleAssumer(Protocol):
    """STS AssumeRole (``consoleme.aws.sts_broker.StsBroker``)."""

    async def assume(self, spec: AssumeRoleSpec) -> AssumedSession:
        """Credentials for ``spec``; AwsError when STS refuses."""


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """What a successful request returns: the session and how it was granted."""

    session: AssumedSession
    role: EligibleRole
    ip_restricted: bool
    duration_seconds: int


def refusal(status: int, code: str, message: str, **details: object) -> ConsoleMeError:
    """An error with a weep code and an explicit status."""
    error: ConsoleMeError = Forbidden(message, code=code, details=dict(details))
    error.status = status
    return error


class CredentialBroker:
    """The credentials use-case."""

    def __init__(
        self,
        settings: AccessSettings,
        app_prefix: str,
        eligibility: Eligibility,
        sts: RoleAssumer,
        audit: AccessAudit,
    ) -> None:
        self.settings = settings
        self.app_prefix = app_prefix
        self.eligibility = eligibility
        self.sts = sts
        self.audit = audit

    async def parse(self, body: bytes, caller: Caller) -> CredentialRequest:
        """The request body, or code 904 (recorded as a refusal)."""
        try:
            request = CredentialRequest.model_validate(orjson.loads(body))
        except (orjson.JSONDecodeError, ValidationError) as exc:
            reason = "invalid JSON" if isinstance(exc, orjson.JSONDecodeError) else _fields(exc)
            await self.audit.refused(caller, "credentials", "904", f"malformed request: {reason}")
            raise BadRequest(f"malformed request: {reason}", code="904") from None
        return request

    async def issue(
        self, identity: Identity, caller: Caller, request: CredentialRequest
    ) -> IssuedCredentials:
        """Credentials for the role ``request`` names, or a refusal (both audited)."""
        asked = request.requested_role or f"{request.account}/{request.user_role}"
        metadata = request.metadata.model_dump(exclude_none=True) if request.metadata else None
        role: EligibleRole | None = None
        try:
            role = await self._resolve(identity, request)
            restricted = self._ip_restricted(identity, request)
            spec = self._spec(identity, caller, role, restricted)
            try:
                session = await self.sts.assume(spec)
            except AwsError as exc:
                raise refusal(403, "902", f"failed to assume {role.arn}: {exc.message}") from None
        except ConsoleMeError as exc:
            await self.audit.refused(
                caller,
                "credentials",
                exc.code,
                exc.message,
                requested_role=asked,
                role_arn=role.arn if role else None,
                account_id=role.account_id if role else None,
                metadata=metadata,
            )
            raise
        issued = IssuedCredentials(session, role, restricted, spec.duration_seconds or 3600)
        await self.audit.issued(
            caller,
            "credentials",
            f"credentials for {role.arn}",
            requested_role=asked,
            role_arn=role.arn,
            account_id=role.account_id,
            ip_restricted=restricted,
            duration_seconds=issued.duration_seconds,
            metadata=metadata,
        )
        return issued

    async def _resolve(self, identity: Identity, request: CredentialRequest) -> EligibleRole:
        eligible = await self.eligibility.roles_for(identity)
        if request.user_role is not None:
            return await self._by_account(eligible, request.user_role, request.account or "")
        query = request.requested_role or ""
        if identity.user.startswith(self.app_prefix) and not is_role_arn(query):
            raise refusal(403, "899", "applications must request a full role ARN")
        found = match_roles(query, eligible.arns(console_only=request.console_only))
        if len(found) > 1:
            raise refusal(
                403,
                "901",
                f"more than one of your roles matches {query!r}; use a longer search string "
                "or the full ARN",
                **{"matching roles": found},
            )
        if not found:
            if is_role_arn(query):
                raise refusal(403, "903", f"{query} is not one of your eligible roles")
            raise refusal(403, "900", f"none of your eligible roles matches {query!r}")
        role = eligible.get(found[0])
        assert role is not None
        return role

    async def _by_account(
        self, eligible: CallerRoles, role_name: str, account: str
    ) -> EligibleRole:
        accounts = await self.eligibility.account_names()
        wanted = account.strip().lower()
        account_id = next(
            (i for i, name in accounts.items() if wanted in (i, name.lower())),
            wanted if wanted.isdigit() and len(wanted) == 12 else None,
        )
        if account_id is None:
            raise refusal(400, "906", f"unknown account {account!r}")
        for role in eligible.roles:
            if role.account_id == account_id and role.role_name.lower() == role_name.lower():
                return role
        raise refusal(403, "903", f"role {role_name} in {account_id} is not one of your roles")

    def _ip_restricted(self, identity: Identity, request: CredentialRequest) -> bool:
        policy = self.settings.credentials
        if not policy.ip_restrictions:
            return False
        if not request.no_ip_restrictions:
            return True
        waivers = policy.ip_restriction_waivers
        if identity.user in waivers or identity.in_any(waivers):
            return False
        raise refusal(403, "902", "you may not ask for credentials without IP restrictions")

    def _spec(
        self, identity: Identity, caller: Caller, role: EligibleRole, restricted: bool
    ) -> AssumeRoleSpec:
        policy = self.settings.credentials
        ip_policy = None
        if restricted:
            try:
                ip_policy = ip_restriction_policy(caller.source_ip, policy.ip_restriction_cidrs)
            except ValueError:
                raise refusal(403, "902", "cannot restrict credentials to your address") from None
        return AssumeRoleSpec(
            role_arn=role.arn,
            session_name=session_name(identity.user),
            duration_seconds=session_duration(
                policy.session_duration_seconds, role.max_session_duration
            ),
            source_identity=session_name(identity.user) if policy.set_source_identity else None,
            tags=session_tags(policy.session_tags, identity.user),
            policy=ip_policy,
        )


def _fields(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False, include_input=False)[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "(body)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)
