"""IAM policy documents: validation, statement ids, statement add/remove, size limits.

Policy changes are statement changes keyed by ``Sid`` (see :mod:`consoleme.domain.change_types`):
:func:`add_statements` puts statements into a document, replacing those with the same Sid, and
:func:`remove_statements` takes them out; other statements are never touched. Every function
here is pure and returns new documents; inputs are never modified.

Validation follows the IAM policy grammar closely enough to refuse what AWS would refuse and to
name the statement and field at fault, so an editor can put a marker there.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from typing import Any, Literal

from consoleme.errors import BadRequest

DocumentKind = Literal["identity", "resource", "trust"]
SizeTarget = Literal["role_inline_total", "user_inline", "managed", "trust", "s3", "sqs", "sns"]

VERSIONS = ("2012-10-17", "2008-10-17")
MAX_STATEMENTS = 500  # far above what fits in AWS's size limits; stops absurd inputs early

# AWS quotas: IAM counts characters without whitespace; S3, SQS and SNS count bytes.
SIZE_LIMITS: dict[SizeTarget, int] = {
    "role_inline_total": 10_240,
    "user_inline": 2_048,
    "managed": 6_144,
    "trust": 2_048,
    "s3": 20_480,
    "sqs": 20_480,
    "sns": 30_720,
}
_LIMIT_NAMES: dict[SizeTarget, str] = {
    "role_inline_total": "all inline policies of a role together",
    "user_inline": "all inline policies of a user together",
    "managed": "a managed policy",
    "trust": "a role trust policy",
    "s3": "an S3 bucket policy",
    "sqs": "an SQS queue policy",
    "sns": "an SNS topic policy",
}
_BYTE_TARGETS = frozenset({"s3", "sqs", "sns"})

_TOP_KEYS = frozenset({"Version", "Id", "Statement"})
_STATEMENT_KEYS = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
)
_PRINCIPAL_KEYS = frozenset({"AWS", "Service", "Federated", "CanonicalUser"})
_ACTION = re.compile(r"^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?-]+)$")
_IAM_SID = re.compile(r"^[A-Za-z0-9]{1,128}$")
# S3, SQS and SNS accept more characters in a Sid than IAM does; existing resource policies
# use them, so statements can still be replaced or removed by those Sids.
_RESOURCE_SID = re.compile(r"^[A-Za-z0-9 _.:/+=@-]{1,128}$")
_OPERATOR = re.compile(r"^(ForAnyValue:|ForAllValues:)?[A-Za-z]{1,64}$")
_SCALAR = (str, bool, int, float)


def _invalid(path: str, problem: str) -> BadRequest:
    return BadRequest(f"{path}: {problem}", code="invalid_policy", details={"path": path})


def validate_policy(document: Any, kind: DocumentKind) -> dict[str, Any]:
    """``document`` as a valid IAM policy of ``kind``, normalised (``Statement`` always a list).

    ``identity`` policies (inline, managed, boundary) have Resource or NotResource and no
    principal; ``resource`` policies (S3, SQS, SNS) have Principal or NotPrincipal and Resource or
    NotResource; ``trust`` policies have Principal and no Resource. Raises
    :class:`~consoleme.errors.BadRequest` (code ``invalid_policy``) naming the first problem as
    ``Statement[i].Field: problem``, with ``details["path"]`` for editor markers.
    """
    if not isinstance(document, dict):
        raise _invalid("(document)", "a policy must be a JSON object")
    unknown = sorted(set(document) - _TOP_KEYS)
    if unknown:
        raise _invalid(unknown[0], "unknown policy element (allowed: Version, Id, Statement)")
    version = document.get("Version")
    if version not in VERSIONS:
        raise _invalid("Version", f"must be one of {', '.join(VERSIONS)}")
    if "Id" in document and not isinstance(document["Id"], str):
        raise _invalid("Id", "must be a string")
    raw = document.get("Statement")
    statements = [raw] if isinstance(raw, dict) else raw
    if not isinstance(statements, list) or not statements:
        raise _invalid("Statement", "must be a statement object or a non-empty list of them")
    if len(statements) > MAX_STATEMENTS:
        raise _invalid("Statement", f"at most {MAX_STATEMENTS} statements")
    seen: dict[str, int] = {}
    for index, statement in enumerate(statements):
        _validate_statement(statement, index, kind)
        sid = statement.get("Sid")
        if sid is not None:
            if sid in seen:
                raise _invalid(
                    f"Statement[{index}].Sid", f"{sid!r} is already used by Statement[{seen[sid]}]"
                )
            seen[sid] = index
    normalised = copy.deepcopy(document)
    normalised["Statement"] = copy.deepcopy(statements)
    return normalised


def _validate_statement(statement: Any, index: int, kind: DocumentKind) -> None:
    at = f"Statement[{index}]"
    if not isinstance(statement, dict):
        raise _invalid(at, "a statement must be a JSON object")
    unknown = sorted(set(statement) - _STATEMENT_KEYS)
    if unknown:
        raise _invalid(f"{at}.{unknown[0]}", "unknown statement element")
    if "Sid" in statement:
        pattern = _RESOURCE_SID if kind == "resource" else _IAM_SID
        sid = statement["Sid"]
        if not isinstance(sid, str) or not pattern.match(sid):
            allowed = (
                "letters, digits, spaces and _.:/+=@-" if kind == "resource" else "A-Z a-z 0-9"
            )
            raise _invalid(f"{at}.Sid", f"must be 1 to 128 characters of {allowed}")
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise _invalid(f"{at}.Effect", 'must be "Allow" or "Deny"')
    action_key = _exactly_one(statement, at, "Action", "NotAction")
    for n, action in enumerate(_string_list(statement[action_key], f"{at}.{action_key}")):
        if not _ACTION.match(action):
            raise _invalid(
                f"{at}.{action_key}[{n}]",
                f'{action!r} is not "service:Action" (wildcards * ?) or *',
            )
    _validate_targets(statement, at, kind)
    if "Condition" in statement:
        _validate_condition(statement["Condition"], f"{at}.Condition")


def _validate_targets(statement: dict[str, Any], at: str, kind: DocumentKind) -> None:
    has_principal = "Principal" in statement or "NotPrincipal" in statement
    if kind == "identity":
        if has_principal:
            key = "Principal" if "Principal" in statement else "NotPrincipal"
            raise _invalid(f"{at}.{key}", "identity policies name no principal")
        key = _exactly_one(statement, at, "Resource", "NotResource")
        _string_list(statement[key], f"{at}.{key}")
        return
    if kind == "trust":
        for key in ("Resource", "NotResource", "NotPrincipal"):
            if key in statement:
                raise _invalid(f"{at}.{key}", "trust policies have no such element")
        if "Principal" not in statement:
            raise _invalid(f"{at}.Principal", "trust policies need a Principal")
        _validate_principal(statement["Principal"], f"{at}.Principal")
        return
    principal_key = _exactly_one(statement, at, "Principal", "NotPrincipal")
    _validate_principal(statement[principal_key], f"{at}.{principal_key}")
    key = _exactly_one(statement, at, "Resource", "NotResource")
    _string_list(statement[key], f"{at}.{key}")


def _exactly_one(statement: dict[str, Any], at: str, first: str, second: str) -> str:
    if first in statement and second in statement:
        raise _invalid(f"{at}.{second}", f"use either {first} or {second}, not both")
    if first not in statement and second not in statement:
        raise _invalid(f"{at}.{first}", f"{first} (or {second}) is required")
    return first if first in statement else second


def _string_list(value: Any, path: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise _invalid(path, "must be a string or a non-empty list of strings")
    for n, item in enumerate(items):
        if not isinstance(item, str) or not item:
            raise _invalid(f"{path}[{n}]", "must be a non-empty string")
    return items


def _validate_principal(value: Any, path: str) -> None:
    if value == "*":
        return
    if not isinstance(value, dict) or not value:
        raise _invalid(path, 'must be "*" or an object like {"AWS": [...], "Service": [...]}')
    for key, names in value.items():
        if key not in _PRINCIPAL_KEYS:
            raise _invalid(f"{path}.{key}", "unknown principal type (AWS, Service, Federated, ...)")
        _string_list(names, f"{path}.{key}")


def _validate_condition(value: Any, path: str) -> None:
    if not isinstance(value, dict) or not value:
        raise _invalid(path, "must be an object of operator -> {key: value}")
    for operator, block in value.items():
        if not _OPERATOR.match(operator):
            raise _invalid(f"{path}.{operator}", "not a condition operator")
        if not isinstance(block, dict) or not block:
            raise _invalid(f"{path}.{operator}", "must be an object of condition key -> value")
        for key, expected in block.items():
            at = f"{path}.{operator}.{key}"
            if not key:
                raise _invalid(at, "condition keys are non-empty")
            values = expected if isinstance(expected, list) else [expected]
            if not values or not all(isinstance(v, _SCALAR) for v in values):
                raise _invalid(at, "must be a string, number, boolean or a non-empty list of them")


def assign_sids(
    document: dict[str, Any], prefix: str, request_id: str, change_id: str
) -> dict[str, Any]:
    """A copy of ``document`` where each statement without a Sid gets one.

    The Sid is ``prefix + request_id + change_id + "S" + n`` (n = 1, 2, ... over the statements
    that get one; the "S" keeps change c1's 11th and change c11's 1st apart), stripped to
    letters and digits as IAM requires, and never one already used.
    """
    result = copy.deepcopy(document)
    # One copy per statement, so statements that are one object in memory get their own Sids.
    statements = [copy.deepcopy(s) for s in _statements_of(document)]
    used = {s["Sid"] for s in statements if s.get("Sid")}
    base = re.sub(r"[^A-Za-z0-9]", "", f"{prefix}{request_id}{change_id}S")
    n = 0
    for statement in statements:
        if statement.get("Sid"):
            continue
        n += 1
        while f"{base}{n}" in used:
            n += 1
        statement["Sid"] = f"{base}{n}"
        used.add(statement["Sid"])
    result["Statement"] = statements
    return result


def statement_sids(document: dict[str, Any]) -> list[str]:
    """The Sids of ``document``'s statements, in order (statements without one are skipped)."""
    return [str(s["Sid"]) for s in _statements_of(document) if s.get("Sid")]


def add_statements(current: dict[str, Any] | None, additions: dict[str, Any]) -> dict[str, Any]:
    """``current`` (or a new empty 2012-10-17 policy) with ``additions``' statements put in.

    A statement whose Sid is already in ``current`` replaces that one in place; others are
    appended. Statements of ``current`` with other Sids stay exactly as they were, and so does
    its ``Version``.
    """
    result: dict[str, Any] = (
        copy.deepcopy(current) if current else {"Version": "2012-10-17", "Statement": []}
    )
    statements = _statements_of(result)
    position = {s["Sid"]: i for i, s in enumerate(statements) if s.get("Sid")}
    for statement in _statements_of(additions):
        added = copy.deepcopy(statement)
        sid = added.get("Sid")
        if sid and sid in position:
            statements[position[sid]] = added
        else:
            if sid:
                position[sid] = len(statements)
            statements.append(added)
    result["Statement"] = statements
    return result


def remove_statements(current: dict[str, Any] | None, sids: Iterable[str]) -> dict[str, Any] | None:
    """``current`` without the statements whose Sid is in ``sids``; None when none is left."""
    if not current:
        return None
    gone = set(sids)
    result = copy.deepcopy(current)
    kept = [s for s in _statements_of(result) if s.get("Sid") not in gone]
    if not kept:
        return None
    result["Statement"] = kept
    return result


def document_size(document: dict[str, Any]) -> int:
    """Characters of the document's JSON with every whitespace character left out, as IAM counts."""
    return len(re.sub(r"\s", "", _compact(document)))


def check_size(document: dict[str, Any], target: SizeTarget, *, existing_total: int = 0) -> None:
    """Raise BadRequest (code ``policy_too_large``) when ``document`` exceeds AWS's limit.

    ``existing_total`` is the size of the target's other inline policies for the aggregate
    limits (``role_inline_total``, ``user_inline``); IAM targets count characters without
    whitespace, S3/SQS/SNS count the UTF-8 bytes of the compact JSON that is sent.
    """
    limit = SIZE_LIMITS[target]
    if target in _BYTE_TARGETS:
        size = len(_compact(document).encode("utf-8")) + existing_total
    else:
        size = document_size(document) + existing_total
    if size > limit:
        unit = "bytes" if target in _BYTE_TARGETS else "characters"
        raise BadRequest(
            f"the policy is too large: {size:,} {unit}; AWS allows {limit:,} for "
            f"{_LIMIT_NAMES[target]}",
            code="policy_too_large",
            details={"target": target, "limit": limit, "size": size},
        )


def pretty(document: dict[str, Any]) -> str:
    """JSON with 2-space indent, keys and statements in their given order (for diffs and HCL)."""
    return json.dumps(document, indent=2, ensure_ascii=False)


def _compact(document: dict[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def _statements_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    raw = document.get("Statement", [])
    items = [raw] if isinstance(raw, dict) else raw
    return [s for s in items if isinstance(s, dict)] if isinstance(items, list) else []
