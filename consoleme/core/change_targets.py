"""What permission request changes act on, found in the inventory cache.

A change must target something the inventory knows (a role, user, managed policy, bucket, queue
or topic), or, for ``create_role`` / ``clone_role``, an account it knows and a role name not yet
taken. S3 ARNs carry no account, so buckets are looked up by name.
"""

from __future__ import annotations

from typing import Any, cast

from consoleme.domain.change_types import (
    AssumeRolePolicyChange,
    ChangeSpec,
    CloneRoleChange,
    CreateRoleChange,
    ManagedPolicyChange,
    ManagedPolicyDocumentChange,
    PermissionsBoundaryChange,
    ResourcePolicyChange,
    target_account,
    target_arn,
)
from consoleme.domain.inventory import ResourceType
from consoleme.errors import BadRequest
from consoleme.store.inventory_cache import InventoryCache

_RESOURCE_KINDS: dict[str, ResourceType] = {
    "s3": "s3_bucket",
    "sqs": "sqs_queue",
    "sns": "sns_topic",
}


def _principal_kind(arn: str) -> ResourceType:
    return "iam_user" if ":user/" in arn else "iam_role"


class TargetResolver:
    """Looks up change targets; one instance per request submission or view (it caches)."""

    def __init__(self, inventory: InventoryCache) -> None:
        self.inventory = inventory
        self._buckets: dict[str, str] | None = None
        self._accounts: set[str] | None = None

    async def account_of(self, resource_arn: str) -> str | None:
        """The account owning an S3/SQS/SNS resource the inventory knows, else None."""
        service = resource_arn.split(":")[2] if resource_arn.count(":") >= 5 else ""
        if service == "s3":
            if self._buckets is None:
                buckets = await self.inventory.all_of_type("s3_bucket")
                self._buckets = {b["arn"]: b["account_id"] for b in buckets}
            return self._buckets.get(resource_arn)
        if service in _RESOURCE_KINDS:
            account = resource_arn.split(":")[4]
            found = await self.inventory.get_resource(
                account, _RESOURCE_KINDS[service], resource_arn
            )
            return account if found is not None else None
        return None

    async def known_account(self, account_id: str) -> bool:
        if self._accounts is None:
            self._accounts = {a["id"] for a in await self.inventory.accounts()}
        return account_id in self._accounts

    async def resource(self, spec: ChangeSpec) -> dict[str, Any] | None:
        """The inventory document of the change's target (None for new roles or unknown)."""
        if isinstance(spec, CreateRoleChange | CloneRoleChange):
            return None
        arn = target_arn(spec)
        if isinstance(spec, ResourcePolicyChange):
            account = spec.account_id or await self.account_of(arn)
            if account is None:
                return None
            kind = _RESOURCE_KINDS[spec.resource_type]
        elif isinstance(spec, ManagedPolicyDocumentChange):
            account, kind = target_account(spec), "managed_policy"
        else:
            account, kind = target_account(spec), _principal_kind(arn)
        found = await self.inventory.get_resource(account, kind, arn)
        return cast(dict[str, Any], found) if found is not None else None

    async def check(self, spec: ChangeSpec) -> dict[str, Any] | None:
        """The target's document; BadRequest when the target is unknown or a new role exists."""
        if isinstance(spec, CreateRoleChange | CloneRoleChange):
            await self._check_new_role(spec)
            return None
        found = await self.resource(spec)
        if found is None:
            raise BadRequest(
                f"{target_arn(spec)} is not in the inventory (refresh it if it is new)",
                code="unknown_target",
            )
        if isinstance(spec, AssumeRolePolicyChange) and found.get("type") != "iam_role":
            raise BadRequest("trust policies belong to roles", code="unknown_target")
        if isinstance(spec, ManagedPolicyChange | PermissionsBoundaryChange):
            await self._check_policy_exists(spec.policy_arn)
        return found

    async def _check_new_role(self, spec: CreateRoleChange | CloneRoleChange) -> None:
        if not await self.known_account(spec.account_id):
            raise BadRequest(f"account {spec.account_id} is not known", code="unknown_target")
        arn = target_arn(spec)
        if await self.inventory.get_resource(spec.account_id, "iam_role", arn) is not None:
            raise BadRequest(f"{arn} already exists", code="target_exists")
        if isinstance(spec, CloneRoleChange):
            source_account = spec.source_role_arn.split(":")[4]
            source = await self.inventory.get_resource(
                source_account, "iam_role", spec.source_role_arn
            )
            if source is None:
                raise BadRequest(
                    f"{spec.source_role_arn} is not in the inventory", code="unknown_target"
                )

    async def _check_policy_exists(self, policy_arn: str) -> None:
        account = policy_arn.split(":")[4]
        if account == "aws":
            return  # AWS managed policies are not in the inventory
        found = await self.inventory.get_resource(account, "managed_policy", policy_arn)
        if found is None:
            raise BadRequest(f"{policy_arn} is not in the inventory", code="unknown_target")
