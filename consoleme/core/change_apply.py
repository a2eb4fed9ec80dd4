"""Apply one approved change to AWS, and take back a time-bound grant: the use-cases the
worker runs (:mod:`consoleme.core.change_worker`), for every change type.

Applying is idempotent: AWS is read first and only what is missing is written, statements by
Sid (:mod:`~consoleme.core.change_apply_documents`), attachments, boundaries and tags
(:mod:`~consoleme.core.change_apply_principals`), roles (:mod:`~consoleme.core.change_apply_roles`).
:func:`read_before` gives the state a worker records before its first write, so that a retry
after a crash still knows what was there before (what expiry may take back).
"""

from __future__ import annotations

from typing import Any

from consoleme.aws.hub import AwsHub
from consoleme.core import change_apply_documents as documents
from consoleme.core import change_apply_principals as principals
from consoleme.core import change_apply_roles as roles
from consoleme.core.change_outcome import EMPTY_POLICY, ApplyOutcome
from consoleme.core.inventory_source import is_gone
from consoleme.domain.change_request import Change
from consoleme.domain.change_types import (
    ChangeSpec,
    CreateRoleChange,
    ManagedPolicyChange,
    PermissionsBoundaryChange,
    TagChange,
    is_grant,
)
from consoleme.domain.policy_document import assign_sids
from consoleme.errors import AwsError, Conflict

__all__ = ["EMPTY_POLICY", "ApplyOutcome", "apply", "read_before", "revert", "with_sids"]

DEFAULT_SID_PREFIX = "ConsoleMe"


def with_sids(spec: ChangeSpec, prefix: str, request_id: str, change_id: str) -> ChangeSpec:
    """``spec`` with a Sid on every statement it adds (submit gives them; this is the safety
    net that keeps applying idempotent: the Sids depend only on the request and change)."""
    if isinstance(spec, documents.StatementChange):
        document = assign_sids(spec.policy_document, prefix, request_id, change_id)
        if document != spec.policy_document:
            return spec.model_copy(update={"policy_document": document})
    return spec


async def read_before(hub: AwsHub, spec: ChangeSpec) -> dict[str, Any]:
    """The target as it is now, in the shape of ``ApplyOutcome.before``."""
    if isinstance(spec, documents.StatementChange):
        return await documents.read_before(hub, spec)
    if isinstance(spec, ManagedPolicyChange | PermissionsBoundaryChange | TagChange):
        return await principals.read_before(hub, spec)
    return await roles.read_before(hub, spec)


async def apply(
    hub: AwsHub,
    spec: ChangeSpec,
    request_id: str,
    change_id: str,
    *,
    before: dict[str, Any] | None = None,
    sid_prefix: str = DEFAULT_SID_PREFIX,
) -> ApplyOutcome:
    """Apply ``spec`` unless AWS already shows it applied; what was done and what is there now.

    ``before`` is the state an earlier attempt recorded before writing (see :func:`read_before`);
    without it, the state read now counts as "before". Raises AwsError (Throttled when a retry
    may succeed) or another ConsoleMeError when the change cannot be applied.
    """
    spec = with_sids(spec, sid_prefix, request_id, change_id)
    if isinstance(spec, documents.StatementChange):
        return await documents.apply(hub, spec, before)
    if isinstance(spec, ManagedPolicyChange | PermissionsBoundaryChange | TagChange):
        return await principals.apply(hub, spec, before)
    if isinstance(spec, CreateRoleChange):
        return await roles.apply_create(hub, spec, before)
    return await roles.apply_clone(hub, spec, before)


async def revert(hub: AwsHub, change: Change) -> None:
    """Take back exactly what ``change.applied_state`` says a grant added (see the modules).

    A target that no longer exists has nothing left to take back: that counts as done.
    """
    spec = change.spec
    if not is_grant(spec):
        raise Conflict(f"a {spec.type} change is not a time-bound grant", code="not_a_grant")
    try:
        if isinstance(spec, documents.StatementChange):
            await documents.revert(hub, spec, change.applied_state)
        elif isinstance(spec, ManagedPolicyChange | TagChange):
            await principals.revert(hub, spec, change.applied_state)
    except AwsError as exc:
        if not is_gone(exc):
            raise
