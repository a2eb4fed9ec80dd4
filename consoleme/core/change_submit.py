"""Checking and preparing the changes of a new (or edited) permission request.

Each change is validated against the inventory (its target exists, or a new role's name is
free), its policy document is valid IAM JSON within AWS size limits, its expiry is sensible, and
its statements get Sids; then the policy checks run. Cross-account grants gain their
resource-policy halves here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from consoleme.config.change_requests import ChangeRequestSettings
from consoleme.core.change_targets import TargetResolver
from consoleme.core.policy_check import PolicyChecker
from consoleme.domain.change_preview import current_document, resulting_document
from consoleme.domain.change_request import Change, now_iso, parse_iso
from consoleme.domain.change_types import (
    STATEMENT_TYPES,
    AssumeRolePolicyChange,
    ChangeSpec,
    CreateRoleChange,
    InlinePolicyChange,
    ResourcePolicyChange,
    is_grant,
    target_account,
    target_arn,
)
from consoleme.domain.cross_account import cross_account_changes, resource_of
from consoleme.domain.policy_document import (
    DocumentKind,
    assign_sids,
    check_size,
    document_size,
    validate_policy,
)
from consoleme.errors import BadRequest


@dataclass(frozen=True, slots=True)
class ChangeInput:
    spec: ChangeSpec
    expires_at: str | None


def document_kind(spec: ChangeSpec) -> DocumentKind:
    """Which IAM grammar a change's policy document follows."""
    if isinstance(spec, ResourcePolicyChange):
        return "resource"
    if isinstance(spec, AssumeRolePolicyChange | CreateRoleChange):
        return "trust"
    return "identity"


def _document(spec: ChangeSpec) -> dict[str, Any] | None:
    if isinstance(spec, CreateRoleChange):
        return spec.assume_role_policy_document
    return getattr(spec, "policy_document", None) if spec.type in STATEMENT_TYPES else None


def normalize_expiry(
    spec: ChangeSpec, expires_at: str | None, settings: ChangeRequestSettings, now: float
) -> str | None:
    """The expiry as UTC ISO with Z; BadRequest when it is past, too far, or not a grant."""
    if expires_at is None:
        return None
    if not is_grant(spec):
        raise BadRequest(
            f"only grants (add, attach) can expire; {spec.type} {getattr(spec, 'action', '')} "
            "cannot",
            code="validation_error",
        )
    try:
        moment = parse_iso(expires_at)
    except ValueError:
        raise BadRequest(
            f"expires_at {expires_at!r} is not a time", code="validation_error"
        ) from None
    if moment <= now + 60:
        raise BadRequest("expires_at must be at least a minute ahead", code="validation_error")
    if moment > now + settings.max_grant_days * 86400:
        raise BadRequest(
            f"grants last at most {settings.max_grant_days} days", code="validation_error"
        )
    return now_iso(moment)


def with_sids(
    spec: ChangeSpec, prefix: str, request_id: str, change_id: str, *, fresh: bool = False
) -> ChangeSpec:
    """The spec with a validated document whose statements all have Sids; with ``fresh`` (a
    time-bound grant) every statement gets a generated one, so no other grant can share it and
    expiry removes only this one's statements."""
    document = _document(spec)
    if document is None:
        return spec
    valid = validate_policy(document, document_kind(spec))
    if isinstance(spec, CreateRoleChange):
        return spec.model_copy(update={"assume_role_policy_document": valid})
    if getattr(spec, "action", "add") == "remove":
        return spec.model_copy(update={"policy_document": valid})
    if fresh:
        statements = [
            {k: v for k, v in statement.items() if k != "Sid"} for statement in valid["Statement"]
        ]
        valid = {**valid, "Statement": statements}
    return spec.model_copy(
        update={"policy_document": assign_sids(valid, prefix, request_id, change_id)}
    )


_SIZE_TARGET = {"s3": "s3", "sqs": "sqs", "sns": "sns"}


def check_result_size(spec: ChangeSpec, resource: dict[str, Any] | None) -> None:
    """BadRequest when the document after the change is over the AWS limit."""
    if spec.type not in STATEMENT_TYPES or getattr(spec, "action", "add") != "add":
        return
    after = resulting_document(spec, current_document(spec, resource))
    if after is None:
        return
    if isinstance(spec, InlinePolicyChange):
        others = sum(
            document_size(doc)
            for name, doc in (resource or {}).get("inline_policies", {}).items()
            if name != spec.policy_name
        )
        user = ":user/" in spec.principal_arn
        check_size(after, "user_inline" if user else "role_inline_total", existing_total=others)
    elif isinstance(spec, ResourcePolicyChange):
        check_size(after, _SIZE_TARGET[spec.resource_type])  # type: ignore[arg-type]
    elif isinstance(spec, AssumeRolePolicyChange):
        check_size(after, "trust")
    else:
        check_size(after, "managed")


async def prepare_changes(
    inputs: list[ChangeInput],
    request_id: str,
    resolver: TargetResolver,
    settings: ChangeRequestSettings,
    checker: PolicyChecker,
) -> tuple[list[Change], dict[str, dict[str, Any]]]:
    """Validated changes with ids, Sids and findings (cross-account halves appended), and the
    inventory documents of their targets by ARN."""
    now = time.time()
    if len(inputs) > settings.max_changes:
        raise BadRequest(f"at most {settings.max_changes} changes per request")
    prepared: list[tuple[ChangeSpec, str | None]] = [
        (item.spec, normalize_expiry(item.spec, item.expires_at, settings, now)) for item in inputs
    ]
    accounts = await _resource_accounts([spec for spec, _ in prepared], resolver)
    for index, extra in cross_account_changes([s for s, _ in prepared], accounts.get):
        prepared.append((extra, prepared[index][1]))
    changes: list[Change] = []
    resources: dict[str, dict[str, Any]] = {}
    for number, (spec, expires_at) in enumerate(prepared, start=1):
        change = await prepare_change(
            spec, expires_at, request_id, f"c{number}", resolver, settings, checker
        )
        found = await resolver.resource(change.spec)
        if found is not None:
            resources[target_arn(change.spec)] = found
        changes.append(change)
    return changes, resources


async def prepare_change(
    spec: ChangeSpec,
    expires_at: str | None,
    request_id: str,
    change_id: str,
    resolver: TargetResolver,
    settings: ChangeRequestSettings,
    checker: PolicyChecker,
) -> Change:
    """One validated change with Sids and findings."""
    if isinstance(spec, ResourcePolicyChange) and spec.account_id is None:
        spec = spec.model_copy(update={"account_id": await resolver.account_of(spec.resource_arn)})
    resource = await resolver.check(spec)
    spec = with_sids(spec, settings.sid_prefix, request_id, change_id, fresh=expires_at is not None)
    check_result_size(spec, resource)
    findings: list[dict[str, Any]] = []
    document = _document(spec)
    if document is not None and getattr(spec, "action", "add") == "add":
        found = await checker.check(
            document,
            kind=document_kind(spec),
            target_arn=target_arn(spec),
            account_id=target_account(spec),
            change_type=spec.type,
        )
        findings = [f.model_dump(mode="json") for f in found]
    return Change(id=change_id, spec=spec, expires_at=expires_at, findings=findings)


async def _resource_accounts(specs: list[ChangeSpec], resolver: TargetResolver) -> dict[str, str]:
    """Owning accounts of every S3/SQS/SNS resource named by added inline statements."""
    accounts: dict[str, str] = {}
    for spec in specs:
        if not isinstance(spec, InlinePolicyChange) or spec.action != "add":
            continue
        statements = spec.policy_document.get("Statement", [])
        for statement in statements if isinstance(statements, list) else [statements]:
            resources = statement.get("Resource", []) if isinstance(statement, dict) else []
            for arn in [resources] if isinstance(resources, str) else resources:
                target = resource_of(arn) if isinstance(arn, str) else None
                if target is not None and target[1] not in accounts:
                    owner = await resolver.account_of(target[1])
                    if owner is not None:
                        accounts[target[1]] = owner
    return accounts
