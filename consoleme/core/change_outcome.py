"""What applying one change did: :class:`ApplyOutcome`, shared by the apply modules.

``applied_state`` is what expiry needs to take back exactly what was added; ``before`` and
``after`` describe the target around the change for people (and for a retry: ``before`` is
recorded before the first AWS write, so a retry after a crash still knows what was there
before). Shapes by change type:

- statement types (``inline_policy``, ``managed_policy_document``, ``resource_policy``,
  ``assume_role_policy``): ``before``/``after`` are the policy documents (:data:`EMPTY_POLICY`
  when there is none); ``applied_state`` is ``{"sids": [...], "replaced": {sid: statement}}`` for
  ``add`` (statements of the same Sid that were there before) and ``{"removed": {sid:
  statement}}`` for ``remove``.
- ``managed_policy``: ``{"AttachedPolicies": [arn, ...]}``; ``{"attached": bool}`` (attach:
  True only when it was not attached before) or ``{"detached": bool}``.
- ``permissions_boundary``: ``{"PermissionsBoundary": arn | None}``; ``{"previous": arn | None}``.
- ``tag``: ``{"Tags": {...}}``; ``{"key", "value", "existed", "previous"}`` (add) or ``{"key",
  "removed", "previous"}`` (remove).
- ``create_role`` / ``clone_role``: before ``{"Role": <role> | None}``, after the role
  (``RoleName``, ``Arn``, ``Path``, ``Description``, ``MaxSessionDuration``,
  ``AssumeRolePolicyDocument``, ``Tags``, ``CreateDate``; a clone adds ``CopiedFrom``,
  ``InlinePolicies``, ``ManagedPolicies``); ``{"created": bool}`` plus, for a clone, the
  ``inline_policies``, ``managed_policies`` and ``tags`` it copied.

The non-document shapes use the keys of :mod:`consoleme.domain.change_preview`, so the review
page shows the recorded and the previewed states alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EMPTY_POLICY: dict[str, Any] = {"Version": "2012-10-17", "Statement": []}


@dataclass(frozen=True, slots=True)
class ApplyOutcome:
    """The result of applying one change (see the module docstring for the shapes)."""

    applied_state: dict[str, Any]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
