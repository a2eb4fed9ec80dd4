"""Cross-account grants: the resource-policy changes an identity grant needs to work.

When an inline policy gives a role or user of account A access to an S3 bucket, SQS queue or SNS
topic of account B, IAM in A is not enough: B's resource policy must allow the principal too.
:func:`cross_account_changes` builds those resource-policy changes, one per resource, with the
same actions and resources, so both halves are reviewed and applied in one request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from consoleme.domain.change_types import (
    ChangeSpec,
    InlinePolicyChange,
    ResourcePolicyChange,
    ResourceType,
)

_SERVICES: dict[str, ResourceType] = {"s3": "s3", "sqs": "sqs", "sns": "sns"}


def resource_of(arn: str) -> tuple[ResourceType, str] | None:
    """(type, resource ARN holding the policy) for an S3/SQS/SNS ARN without wildcards."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] not in _SERVICES or "*" in arn:
        return None
    service = _SERVICES[parts[2]]
    if service == "s3":
        bucket = parts[5].split("/", 1)[0]
        return (service, f"arn:{parts[1]}:s3:::{bucket}") if bucket else None
    return service, arn


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def cross_account_changes(
    changes: list[ChangeSpec], account_of: Callable[[str], str | None]
) -> list[tuple[int, ResourcePolicyChange]]:
    """(index of the inline change it pairs with, resource-policy change) for every resource of
    another account that an added inline statement grants access to.

    ``account_of(resource_arn)`` is the owning account, or None when the resource is unknown
    (then nothing is added). Resources that already have a resource-policy change in
    ``changes`` are left to it.
    """
    explicit = {c.resource_arn for c in changes if isinstance(c, ResourcePolicyChange)}
    found: list[tuple[int, ResourcePolicyChange]] = []
    for index, spec in enumerate(changes):
        if not isinstance(spec, InlinePolicyChange) or spec.action != "add":
            continue
        principal_account = spec.principal_arn.split(":")[4]
        grants = _grants_by_resource(spec.policy_document)
        for (kind, resource), (actions, resources) in grants.items():
            owner = account_of(resource)
            if owner is None or owner == principal_account or resource in explicit:
                continue
            # No Sid: the request gives it a unique one, so two requests never share it.
            statement = {
                "Effect": "Allow",
                "Principal": {"AWS": spec.principal_arn},
                "Action": sorted(actions),
                "Resource": sorted(resources),
            }
            document = {"Version": "2012-10-17", "Statement": [statement]}
            found.append(
                (
                    index,
                    ResourcePolicyChange(
                        resource_arn=resource,
                        resource_type=kind,
                        account_id=owner,
                        policy_document=document,
                        added_for=str(index),
                    ),
                )
            )
    return found


def _grants_by_resource(
    document: dict[str, Any],
) -> dict[tuple[ResourceType, str], tuple[set[str], set[str]]]:
    """Per (type, resource): the actions of that service and the resource ARNs."""
    grants: dict[tuple[ResourceType, str], tuple[set[str], set[str]]] = {}
    statements = document.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = _as_list(statement.get("Action"))
        for arn in _as_list(statement.get("Resource")):
            target = resource_of(arn)
            if target is None:
                continue
            service = arn.split(":")[2]
            mine = {
                f"{service}:*" if a == "*" else a
                for a in actions
                if a == "*" or a.split(":")[0].lower() == service
            }
            if not mine:
                continue
            old_actions, old_resources = grants.setdefault(target, (set(), set()))
            old_actions.update(mine)
            old_resources.add(arn)
    return grants
