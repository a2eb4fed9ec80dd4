"""What a change would do to its target: the document before and after, for the review diff.

``before`` comes from the inventory copy of the target (a role, user, managed policy, bucket,
queue or topic document); ``after`` is ``before`` with the change made, computed the same way the
worker applies it (statements by Sid), so reviewers see exactly what will be written.
"""

from __future__ import annotations

from typing import Any

from consoleme.domain.change_types import (
    AssumeRolePolicyChange,
    ChangeSpec,
    CloneRoleChange,
    CreateRoleChange,
    InlinePolicyChange,
    ManagedPolicyChange,
    ManagedPolicyDocumentChange,
    PermissionsBoundaryChange,
    ResourcePolicyChange,
    TagChange,
)
from consoleme.domain.policy_document import add_statements, remove_statements, statement_sids

Doc = dict[str, Any] | None


def current_document(spec: ChangeSpec, resource: dict[str, Any] | None) -> Doc:
    """The part of ``resource`` that ``spec`` changes, as it is now (None when absent)."""
    if resource is None:
        return None
    if isinstance(spec, InlinePolicyChange):
        policy = resource.get("inline_policies", {}).get(spec.policy_name)
        return dict(policy) if policy else None
    if isinstance(spec, AssumeRolePolicyChange):
        return resource.get("assume_role_policy")
    if isinstance(spec, ManagedPolicyDocumentChange):
        return resource.get("document")
    if isinstance(spec, ResourcePolicyChange):
        return resource.get("policy")
    if isinstance(spec, ManagedPolicyChange):
        return {"AttachedPolicies": sorted(p["arn"] for p in resource.get("managed_policies", []))}
    if isinstance(spec, PermissionsBoundaryChange):
        return {"PermissionsBoundary": resource.get("permissions_boundary")}
    if isinstance(spec, TagChange):
        return {"Tags": dict(sorted(resource.get("tags", {}).items()))}
    return None


def _statement_after(spec: Any, before: Doc) -> Doc:
    if spec.action == "add":
        return add_statements(before, spec.policy_document)
    return remove_statements(before, statement_sids(spec.policy_document))


def resulting_document(spec: ChangeSpec, before: Doc) -> Doc:
    """The target part after the change is made to ``before``."""
    if isinstance(
        spec,
        InlinePolicyChange
        | AssumeRolePolicyChange
        | ManagedPolicyDocumentChange
        | ResourcePolicyChange,
    ):
        return _statement_after(spec, before)
    if isinstance(spec, ManagedPolicyChange):
        attached = set((before or {}).get("AttachedPolicies", []))
        if spec.action == "attach":
            attached.add(spec.policy_arn)
        else:
            attached.discard(spec.policy_arn)
        return {"AttachedPolicies": sorted(attached)}
    if isinstance(spec, PermissionsBoundaryChange):
        return {"PermissionsBoundary": spec.policy_arn if spec.action == "attach" else None}
    if isinstance(spec, TagChange):
        tags = dict((before or {}).get("Tags", {}))
        if spec.action == "add":
            tags[spec.key] = spec.value
        else:
            tags.pop(spec.key, None)
        return {"Tags": dict(sorted(tags.items()))}
    if isinstance(spec, CreateRoleChange):
        return {
            "RoleName": spec.role_name,
            "Path": spec.path,
            "Description": spec.description,
            "MaxSessionDuration": spec.max_session_duration,
            "AssumeRolePolicyDocument": spec.assume_role_policy_document,
            "Tags": spec.tags,
        }
    return _clone_preview(spec)


def _clone_preview(spec: CloneRoleChange) -> Doc:
    return {
        "RoleName": spec.role_name,
        "CopiedFrom": spec.source_role_arn,
        "Copies": [
            name
            for name, chosen in (
                ("AssumeRolePolicyDocument", spec.copy_assume_role_policy),
                ("InlinePolicies", spec.copy_inline_policies),
                ("ManagedPolicies", spec.copy_managed_policies),
                ("Tags", spec.copy_tags),
            )
            if chosen
        ],
    }
