"""Where inventory documents come from: the :class:`InventorySource` protocol and its AWS
implementation over the readers of :mod:`consoleme.aws` (unit tests pass their own source)."""

from __future__ import annotations

import asyncio
from typing import Protocol

from consoleme.aws import (
    iam_bulk_read,
    iam_read,
    organizations_read,
    s3_read,
    sns_read,
    sqs_read,
)
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import (
    Account,
    OrganizationNode,
    Resource,
    ResourceType,
    ServiceControlPolicy,
)
from consoleme.errors import AwsError

# AWS error codes meaning "this resource does not exist (any more)".
GONE_CODES = frozenset(
    {
        "NoSuchEntity",
        "NoSuchBucket",
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        "NotFound",
        "NotFoundException",
        "ResourceNotFound",
    }
)

Organization = tuple[list[Account], list[ServiceControlPolicy], OrganizationNode]


class InventorySource(Protocol):
    """Reads the live state of accounts and resources."""

    # Handed to ``access_denied_counts`` hook implementations (None in tests without AWS).
    hub: AwsHub | None

    async def organization(self) -> Organization:
        """Accounts, SCPs and the OU tree from AWS Organizations."""
        ...

    async def resources(self, account_id: str, kind: ResourceType) -> list[Resource]:
        """Every resource of ``kind`` in ``account_id`` (all configured regions)."""
        ...

    async def resource(
        self, account_id: str, kind: ResourceType, key: str, region: str
    ) -> Resource:
        """One resource; ``key`` is its name (IAM, S3), ARN (managed policy, SNS) or URL (SQS).

        Raises AwsError; one whose ``aws_code`` is in :data:`GONE_CODES` means it is gone.
        """
        ...

    async def close(self) -> None:
        """Release clients."""
        ...


class AwsInventorySource:
    """:class:`InventorySource` over an :class:`AwsHub` (spoke roles, bounded concurrency)."""

    def __init__(self, hub: AwsHub, regions: list[str], *, owns_hub: bool = True) -> None:
        self.hub: AwsHub | None = hub
        self._hub = hub
        self._owns_hub = owns_hub
        self.regions = regions

    async def organization(self) -> Organization:
        """Accounts, SCPs and the OU tree (see :func:`read_organization`)."""
        return await organizations_read.read_organization(self._hub)

    async def resources(self, account_id: str, kind: ResourceType) -> list[Resource]:
        """Every resource of ``kind`` in the account; SQS and SNS in every read region."""
        hub = self._hub
        found: list[Resource] = []
        # Roles and users in bulk (two paginated listings instead of 4+ calls per principal).
        if kind == "iam_role":
            found.extend(await iam_bulk_read.read_roles_bulk(hub, account_id))
        elif kind == "iam_user":
            found.extend(await iam_bulk_read.read_users_bulk(hub, account_id))
        elif kind == "managed_policy":
            found.extend(await iam_read.read_managed_policies(hub, account_id))
        elif kind == "s3_bucket":
            found.extend(await s3_read.read_buckets(hub, account_id))
        elif kind == "sqs_queue":
            queues = await asyncio.gather(
                *(sqs_read.read_queues(hub, account_id, r) for r in self.regions)
            )
            found.extend(doc for docs in queues for doc in docs)
        else:
            topics = await asyncio.gather(
                *(sns_read.read_topics(hub, account_id, r) for r in self.regions)
            )
            found.extend(doc for docs in topics for doc in docs)
        return found

    async def resource(
        self, account_id: str, kind: ResourceType, key: str, region: str
    ) -> Resource:
        """One resource through the per-resource readers of :mod:`consoleme.aws`."""
        hub = self._hub
        if kind == "iam_role":
            return await iam_read.read_role(hub, account_id, key)
        if kind == "iam_user":
            return await iam_read.read_user(hub, account_id, key)
        if kind == "managed_policy":
            return await iam_read.read_managed_policy(hub, account_id, key)
        if kind == "s3_bucket":
            return await s3_read.read_bucket(hub, account_id, key)
        if kind == "sqs_queue":
            return await sqs_read.read_queue(hub, account_id, region, key)
        return await sns_read.read_topic(hub, account_id, region, key)

    async def close(self) -> None:
        """Close the hub, when this source created it."""
        if self._owns_hub:
            await self._hub.close()


def is_gone(exc: AwsError) -> bool:
    """True when the error says the resource does not exist."""
    return exc.aws_code in GONE_CODES
