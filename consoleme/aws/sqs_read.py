"""Read the SQS queues of one account in one region: policy, attributes and tags."""

from __future__ import annotations

import asyncio

from consoleme.aws.documents import now, optional_policy
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import Queue
from consoleme.errors import AwsError

_GONE = {"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"}


def queue_name(url: str) -> str:
    """The queue name at the end of a queue URL."""
    return url.rstrip("/").rsplit("/", 1)[-1]


async def read_queue(hub: AwsHub, account_id: str, region: str, url: str) -> Queue:
    """One queue by URL; ``attributes`` holds every attribute except the policy."""
    sqs = await hub.client("sqs", account_id, region)
    answer, tagged = await asyncio.gather(
        sqs.call("get_queue_attributes", QueueUrl=url, AttributeNames=["All"]),
        sqs.call("list_queue_tags", QueueUrl=url),
    )
    attributes = {str(k): str(v) for k, v in answer.get("Attributes", {}).items()}
    policy = attributes.pop("Policy", None)
    name = queue_name(url)
    arn = attributes.get("QueueArn") or f"arn:aws:sqs:{region}:{account_id}:{name}"
    return Queue(
        arn=arn,
        type="sqs_queue",
        account_id=account_id,
        name=name,
        region=region,
        tags={str(k): str(v) for k, v in tagged.get("Tags", {}).items()},
        fetched_at=now(),
        url=url,
        policy=optional_policy(policy),
        attributes=attributes,
    )


async def read_queues(hub: AwsHub, account_id: str, region: str) -> list[Queue]:
    """Every queue of ``account_id`` in ``region`` (see :func:`read_queue`)."""
    sqs = await hub.client("sqs", account_id, region)
    urls = await sqs.collect("list_queues", "QueueUrls")

    async def one(url: str) -> Queue | None:
        try:
            return await read_queue(hub, account_id, region, url)
        except AwsError as exc:
            if exc.aws_code in _GONE:
                return None
            raise

    found = await asyncio.gather(*(one(u) for u in urls))
    return [queue for queue in found if queue is not None]
