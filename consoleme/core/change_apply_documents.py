"""Apply and take back statement changes: inline, managed, trust and resource policies.

Every statement change works the same way on whichever document it targets: read the document
as it is now in AWS, add the change's statements (replacing statements with the same Sid) or
remove statements by Sid, and write it back only when it changed. Statements with other Sids
are never touched, so applying twice changes nothing the second time, and taking back a grant
removes only its own Sids (restoring a statement it replaced).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from consoleme.aws import iam_write, resource_policy_write
from consoleme.aws.hub import AwsHub
from consoleme.core.change_outcome import EMPTY_POLICY, ApplyOutcome
from consoleme.domain.change_types import (
    AssumeRolePolicyChange,
    InlinePolicyChange,
    ManagedPolicyDocumentChange,
    ResourcePolicyChange,
)
from consoleme.domain.policy_document import add_statements, remove_statements, statement_sids
from consoleme.errors import BadRequest

StatementChange = (
    InlinePolicyChange | ManagedPolicyDocumentChange | ResourcePolicyChange | AssumeRolePolicyChange
)
Document = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Target:
    """Where a statement change's document lives, and how to read and write it."""

    label: str
    read: Callable[[], Awaitable[Document | None]]
    write: Callable[[Document | None], Awaitable[None]]


def _never_empty(label: str, write: Callable[[Document], Awaitable[Any]]) -> Callable[..., Any]:
    async def checked(document: Document | None) -> None:
        if document is None:
            raise BadRequest(
                f"this would leave {label} without any statement, which AWS does not allow",
                code="empty_policy",
            )
        await write(document)

    return checked


def _inline_target(hub: AwsHub, spec: InlinePolicyChange) -> _Target:
    who = iam_write.Principal.from_arn(spec.principal_arn)
    name = spec.policy_name

    async def write(document: Document | None) -> None:
        if document is None:
            await iam_write.delete_inline_policy(hub, who, name)
        else:
            await iam_write.put_inline_policy(hub, who, name, document)

    return _Target(
        f"inline policy {name} of {spec.principal_arn}",
        lambda: iam_write.inline_policy(hub, who, name),
        write,
    )


def target_of(hub: AwsHub, spec: StatementChange) -> _Target:
    """The document ``spec`` changes."""
    if isinstance(spec, InlinePolicyChange):
        return _inline_target(hub, spec)
    if isinstance(spec, ManagedPolicyDocumentChange):
        arn = spec.policy_arn
        label = f"managed policy {arn}"
        return _Target(
            label,
            lambda: iam_write.managed_policy_document(hub, arn),
            _never_empty(label, lambda d: iam_write.set_managed_policy_document(hub, arn, d)),
        )
    if isinstance(spec, AssumeRolePolicyChange):
        who = iam_write.Principal.from_arn(spec.principal_arn)
        label = f"the trust policy of {spec.principal_arn}"
        return _Target(
            label,
            lambda: iam_write.trust_policy(hub, who.account_id, who.name),
            _never_empty(
                label, lambda d: iam_write.update_trust_policy(hub, who.account_id, who.name, d)
            ),
        )
    where = resource_policy_write.PolicyTarget.of(
        spec.resource_type, spec.resource_arn, spec.account_id or ""
    )
    return _Target(
        f"the policy of {spec.resource_arn}",
        lambda: resource_policy_write.resource_policy(hub, where),
        lambda d: resource_policy_write.put_resource_policy(hub, where, d),
    )


def _statements_with(document: Document, sids: list[str]) -> dict[str, Any]:
    wanted = set(sids)
    raw = document.get("Statement", [])
    items = [raw] if isinstance(raw, dict) else raw
    return {s["Sid"]: s for s in items if isinstance(s, dict) and s.get("Sid") in wanted}


async def read_before(hub: AwsHub, spec: StatementChange) -> Document:
    """The document now (:data:`EMPTY_POLICY` when there is none)."""
    return await target_of(hub, spec).read() or EMPTY_POLICY


async def apply(hub: AwsHub, spec: StatementChange, recorded: Document | None) -> ApplyOutcome:
    """Add or remove the statements of ``spec``; ``recorded`` is the document before the first
    attempt, when an earlier attempt recorded it."""
    target = target_of(hub, spec)
    current = await target.read()
    before = recorded if recorded is not None else (current or EMPTY_POLICY)
    sids = statement_sids(spec.policy_document)
    if spec.action == "add":
        desired: Document | None = add_statements(current, spec.policy_document)
        state: dict[str, Any] = {"sids": sids, "replaced": _statements_with(before, sids)}
    else:
        desired = remove_statements(current, sids)
        state = {"removed": _statements_with(before, sids)}
    if desired != current:
        await target.write(desired)
    return ApplyOutcome(state, before, desired or EMPTY_POLICY)


async def revert(hub: AwsHub, spec: StatementChange, applied_state: dict[str, Any]) -> None:
    """Remove the Sids a grant added that are still there, restoring statements it replaced."""
    target = target_of(hub, spec)
    current = await target.read()
    present = set(statement_sids(current or EMPTY_POLICY))
    ours = [sid for sid in applied_state.get("sids", []) if sid in present]
    if not ours:
        return
    desired = remove_statements(current, ours)
    replaced = applied_state.get("replaced") or {}
    restore = [replaced[sid] for sid in ours if sid in replaced]
    if restore:
        desired = add_statements(desired, {**EMPTY_POLICY, "Statement": restore})
    if desired != current:
        await target.write(desired)
