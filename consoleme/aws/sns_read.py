"""Read the SNS topics of one account in one region: policy, attributes and tags."""

from __future__ import annotations

import asyncio

from consoleme.aws.documents import now, optional_policy, tag_dict
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import Topic
from consoleme.errors import AwsError


async def read_topic(hub: AwsHub, account_id: str, region: str, arn: str) -> Topic:
    """One topic by ARN; ``attributes`` holds every attribute except the policy."""
    sns = await hub.client("sns", account_id, region)
    answer, tagged = await asyncio.gather(
        sns.call("get_topic_attributes", TopicArn=arn),
        sns.call("list_tags_for_resource", ResourceArn=arn),
    )
    attributes = {str(k): str(v) for k, v in answer.get("Attributes", {}).items()}
    policy = attributes.pop("Policy", None)
    return Topic(
        arn=arn,
        type="sns_topic",
        account_id=account_id,
        name=arn.rsplit(":", 1)[-1],
        region=region,
        tags=tag_dict(tagged.get("Tags")),
        fetched_at=now(),
        policy=optional_policy(policy),
        attributes=attributes,
    )


async def read_topics(hub: AwsHub, account_id: str, region: str) -> list[Topic]:
    """Every topic of ``account_id`` in ``region`` (see :func:`read_topic`)."""
    sns = await hub.client("sns", account_id, region)
    listed = await sns.collect("list_topics", "Topics")

    async def one(arn: str) -> Topic | None:
        try:
            return await read_topic(hub, account_id, region, arn)
        except AwsError as exc:
            if exc.aws_code in {"NotFound", "NotFoundException", "ResourceNotFound"}:
                return None
            raise

    found = await asyncio.gather(*(one(t["TopicArn"]) for t in listed))
    return [topic for topic in found if topic is not None]
