"""ConsoleMe's own policy rules: each looks at a validated document and returns findings.

Severities (Deny statements never produce findings):

======================  =====================================================================
rule                    severity
======================  =====================================================================
wildcard_action         ``*``: critical on any resource (Resource ``*`` or NotResource), else
                        high. ``svc:*`` of a sensitive service: high on any resource, else
                        medium.
passrole_any_role       ``iam:PassRole`` (also through ``iam:Pass*``, ``iam:*``, ``*`` or a
                        NotAction that leaves it) on any resource: high, medium with a Condition.
write_any_resource      identity policies, actions of access level Permissions management on
                        any resource: high; Write or Tagging: medium; one step lower with a
                        Condition. Patterns already reported by wildcard_action are left out.
public_principal        resource and trust policies, Principal ``*`` / ``{"AWS": "*"}`` without
                        a limiting condition: critical; NotPrincipal with Allow: high.
cross_account_trust     trust policies, an AWS principal of another account than the role's and
                        no Condition (such as sts:ExternalId or aws:PrincipalOrgID): high.
allow_not_action        Allow with NotAction: medium (grants everything not listed).
allow_not_resource      Allow with NotResource: medium (grants on everything not listed).
======================  =====================================================================

A condition limits a public principal when it tests one of :data:`LIMITING_KEYS` with a
positive operator (StringEquals, StringLike, ArnEquals, ArnLike, IpAddress and the IgnoreCase
and ForAnyValue forms) against values other than ``*``; IfExists and ForAllValues forms do not
count, because they hold when the key is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["critical", "high", "medium", "low", "info"]
FindingSource = Literal["consoleme", "parliament", "plugin"]
Kind = Literal["identity", "resource", "trust"]
AccessLevels = Callable[[str], set[str]]

SEVERITY_ORDER: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
_LOWER: dict[Severity, Severity] = {
    "critical": "high",
    "high": "medium",
    "medium": "low",
    "low": "info",
    "info": "info",
}

DEFAULT_SENSITIVE_SERVICES: frozenset[str] = frozenset(
    {
        "iam", "sts", "kms", "organizations", "secretsmanager", "ssm", "s3", "ec2", "lambda",
        "cloudtrail", "cloudformation", "sso", "identitystore", "account", "ram", "rds",
        "dynamodb", "ecr", "eks", "ecs", "route53", "config", "guardduty", "securityhub",
        "access-analyzer", "backup", "logs",
    }
)  # fmt: skip
LIMITING_KEYS: frozenset[str] = frozenset(
    {
        "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourceorgid",
        "aws:sourceorgpaths", "aws:principalorgid", "aws:principalorgpaths",
        "aws:principalaccount", "aws:principalarn", "aws:principalservicename",
        "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:userid",
    }
)  # fmt: skip
_POSITIVE_OPERATORS = frozenset(
    {"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"}
)
_ACCOUNT = re.compile(r"^\d{12}$")


class Finding(BaseModel):
    """One problem found in a policy document."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )

    rule: str = Field(description="Stable rule id, e.g. wildcard_action or RESOURCE_STAR.")
    severity: Severity
    title: str
    detail: str
    statement: int | None = Field(None, description="Index of the statement, if one.")
    sid: str | None = Field(None, description="Sid of that statement, if it has one.")
    path: str | None = Field(None, description="Where in the document, e.g. Statement[0].Action.")
    source: FindingSource = "consoleme"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first; then by statement (document-level findings last), then rule."""
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER[f.severity],
            f.statement if f.statement is not None else 1 << 30,
            f.rule,
        ),
    )


def run_rules(
    document: dict[str, Any],
    *,
    kind: Kind,
    account_id: str | None,
    access_levels: AccessLevels,
    sensitive_services: Collection[str] = DEFAULT_SENSITIVE_SERVICES,
) -> list[Finding]:
    """Every rule that applies to a validated document of ``kind``, sorted.

    ``account_id`` is the account of the role a trust policy belongs to (None skips the
    cross-account rule); ``access_levels(pattern)`` gives the access levels an action pattern
    covers (see :class:`consoleme.core.action_catalog.ActionCatalog`).
    """
    found = wildcard_actions(document, sensitive_services=sensitive_services)
    found += passrole_any_role(document)
    found += allow_with_negation(document)
    if kind == "identity":
        found += write_any_resource(document, access_levels, sensitive_services=sensitive_services)
    if kind in ("resource", "trust"):
        found += public_principal(document)
    if kind == "trust" and account_id:
        found += cross_account_trust(document, account_id)
    return sort_findings(found)


def wildcard_actions(
    document: dict[str, Any], *, sensitive_services: Collection[str] = DEFAULT_SENSITIVE_SERVICES
) -> list[Finding]:
    """Allow statements granting ``*`` or ``service:*`` of a sensitive service."""
    found: list[Finding] = []
    for index, statement in _allows(document):
        patterns = _values(statement.get("Action"))
        everything = [p for p in patterns if p in ("*", "*:*")]
        services = [p for p in patterns if _service_wildcard(p, sensitive_services)]
        if not everything and not services:
            continue
        broad = _any_resource(statement)
        if everything:
            severity: Severity = "critical" if broad else "high"
            title = "Every action of every service is allowed"
        else:
            severity = "high" if broad else "medium"
            title = "Every action of a sensitive service is allowed"
        scope = "on every resource" if broad else "on the listed resources"
        detail = f"{', '.join(everything + services)} {scope}; list the actions needed instead."
        found.append(
            _finding("wildcard_action", severity, title, detail, index, statement, "Action")
        )
    return found


def passrole_any_role(document: dict[str, Any]) -> list[Finding]:
    """Allow statements that let the principal pass any role (iam:PassRole on ``*``)."""
    found: list[Finding] = []
    for index, statement in _allows(document):
        if not (_any_resource(statement) and _grants(statement, "iam:passrole")):
            continue
        limited = "Condition" in statement
        severity: Severity = "medium" if limited else "high"
        detail = (
            "iam:PassRole on every role lets the principal hand any role, including admin "
            "roles, to a service it controls; name the roles in Resource"
            + (" (a Condition limits it)." if limited else " or add iam:PassedToService.")
        )
        found.append(
            _finding(
                "passrole_any_role",
                severity,
                "iam:PassRole on any role",
                detail,
                index,
                statement,
                _resource_key(statement),
            )
        )
    return found


def write_any_resource(
    document: dict[str, Any],
    access_levels: AccessLevels,
    *,
    sensitive_services: Collection[str] = DEFAULT_SENSITIVE_SERVICES,
) -> list[Finding]:
    """Allow statements granting Write, Tagging or Permissions management actions on ``*``."""
    found: list[Finding] = []
    for index, statement in _allows(document):
        if "Action" not in statement or not _any_resource(statement):
            continue
        admin, write = [], []
        for pattern in _values(statement["Action"]):
            if pattern in ("*", "*:*") or _service_wildcard(pattern, sensitive_services):
                continue  # reported by wildcard_action
            levels = access_levels(pattern)
            if "Permissions management" in levels:
                admin.append(pattern)
            elif levels & {"Write", "Tagging"}:
                write.append(pattern)
        if not admin and not write:
            continue
        severity: Severity = "high" if admin else "medium"
        if "Condition" in statement:
            severity = _LOWER[severity]
        named = ", ".join((admin + write)[:10]) + (" ..." if len(admin + write) > 10 else "")
        kind = "permissions management" if admin else "write"
        detail = f"{named} on every resource; name the resources these {kind} actions need."
        found.append(
            _finding(
                "write_any_resource",
                severity,
                f"{kind.capitalize()} actions on any resource",
                detail,
                index,
                statement,
                _resource_key(statement),
            )
        )
    return found


def public_principal(document: dict[str, Any]) -> list[Finding]:
    """Resource or trust policy statements open to anyone (no limiting condition)."""
    found: list[Finding] = []
    for index, statement in _allows(document):
        if _limited(statement.get("Condition")):
            continue
        if "NotPrincipal" in statement:
            detail = "Allow with NotPrincipal grants every principal except those listed."
            found.append(
                _finding(
                    "public_principal",
                    "high",
                    "Allowed for everyone but the listed principals",
                    detail,
                    index,
                    statement,
                    "NotPrincipal",
                )
            )
        elif _is_public(statement.get("Principal")):
            detail = (
                "Principal * allows any AWS account, or anyone at all; add a condition on "
                "aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or aws:SourceVpce."
            )
            found.append(
                _finding(
                    "public_principal",
                    "critical",
                    "Open to any principal",
                    detail,
                    index,
                    statement,
                    "Principal",
                )
            )
    return found


def cross_account_trust(document: dict[str, Any], account_id: str) -> list[Finding]:
    """Trust statements letting principals of other accounts assume the role unconditionally."""
    found: list[Finding] = []
    for index, statement in _allows(document):
        if "Condition" in statement:
            continue
        principal = statement.get("Principal")
        names = _values(principal.get("AWS")) if isinstance(principal, dict) else []
        others = sorted({a for a in map(_account_of, names) if a and a != account_id})
        if not others:
            continue
        detail = (
            f"Principals of account(s) {', '.join(others)} may assume this role of account "
            f"{account_id} with no condition; add sts:ExternalId or aws:PrincipalOrgID, or "
            "name specific roles."
        )
        found.append(
            _finding(
                "cross_account_trust",
                "high",
                "Cross-account trust without conditions",
                detail,
                index,
                statement,
                "Principal",
            )
        )
    return found


def allow_with_negation(document: dict[str, Any]) -> list[Finding]:
    """Allow statements using NotAction or NotResource, which grant everything not listed."""
    found: list[Finding] = []
    for index, statement in _allows(document):
        if "NotAction" in statement:
            detail = "Allow with NotAction grants every action of every service not listed."
            found.append(
                _finding(
                    "allow_not_action",
                    "medium",
                    "Allow with NotAction",
                    detail,
                    index,
                    statement,
                    "NotAction",
                )
            )
        if "NotResource" in statement:
            detail = "Allow with NotResource grants the actions on every resource not listed."
            found.append(
                _finding(
                    "allow_not_resource",
                    "medium",
                    "Allow with NotResource",
                    detail,
                    index,
                    statement,
                    "NotResource",
                )
            )
    return found


def iam_glob_match(pattern: str, action: str) -> bool:
    """True when the IAM wildcard ``pattern`` (``*``, ``?``) matches ``action``, any case."""
    return _glob(pattern.lower()).fullmatch(action.lower()) is not None


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts))


def _finding(
    rule: str,
    severity: Severity,
    title: str,
    detail: str,
    index: int,
    statement: dict[str, Any],
    element: str | None,
) -> Finding:
    sid = statement.get("Sid")
    return Finding(
        rule=rule,
        severity=severity,
        title=title,
        detail=detail,
        statement=index,
        sid=sid if isinstance(sid, str) else None,
        path=f"Statement[{index}].{element}" if element else f"Statement[{index}]",
    )


def _allows(document: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    raw = document.get("Statement", [])
    statements = [raw] if isinstance(raw, dict) else raw if isinstance(raw, list) else []
    for index, statement in enumerate(statements):
        if isinstance(statement, dict) and statement.get("Effect") == "Allow":
            yield index, statement


def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _service_wildcard(pattern: str, sensitive: Collection[str]) -> bool:
    service, _, action = pattern.lower().partition(":")
    return action == "*" and service in sensitive


def _any_resource(statement: dict[str, Any]) -> bool:
    return "NotResource" in statement or "*" in _values(statement.get("Resource"))


def _resource_key(statement: dict[str, Any]) -> str:
    return "NotResource" if "NotResource" in statement else "Resource"


def _grants(statement: dict[str, Any], action: str) -> bool:
    if "NotAction" in statement:
        return not any(iam_glob_match(p, action) for p in _values(statement["NotAction"]))
    return any(iam_glob_match(p, action) for p in _values(statement.get("Action")))


def _is_public(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in _values(principal.get("AWS"))


def _limited(condition: Any) -> bool:
    if not isinstance(condition, dict):
        return False
    for operator, block in condition.items():
        op = str(operator).lower()
        if op.startswith("forallvalues:") or op.endswith("ifexists"):
            continue
        if op.removeprefix("foranyvalue:") not in _POSITIVE_OPERATORS:
            continue
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            values = value if isinstance(value, list) else [value]
            if str(key).lower() in LIMITING_KEYS and any(v != "*" for v in values):
                return True
    return False


def _account_of(principal: str) -> str | None:
    if _ACCOUNT.match(principal):
        return principal
    parts = principal.split(":")
    if len(parts) >= 6 and parts[0] == "arn" and parts[2] in ("iam", "sts"):
        return parts[4] if _ACCOUNT.match(parts[4]) else None
    return None
