"""S3, SQS and SNS readers against the demo organization: policies and tags as seeded."""

from __future__ import annotations

import pytest

from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.hub import AwsHub
from consoleme.aws.s3_read import read_buckets
from consoleme.aws.sns_read import read_topics
from consoleme.aws.sqs_read import read_queues

pytestmark = pytest.mark.integration

REGION = "us-east-1"


@pytest.mark.parametrize("account", ["data", "staging"])
async def test_buckets_equal_the_seeded_ones(hub: AwsHub, aws_org: DemoOrg, account: str) -> None:
    account_id = aws_org.accounts[account]
    buckets = {b["name"]: b for b in await read_buckets(hub, account_id)}
    plan = aws_org.plan(account)
    assert set(buckets) == {spec.name for spec in plan.buckets}
    for spec in plan.buckets:
        bucket = buckets[spec.name]
        assert bucket["arn"] == f"arn:aws:s3:::{spec.name}"
        assert bucket["account_id"] == account_id
        assert bucket["region"] == REGION
        assert bucket["policy"] == spec.policy
        assert bucket["tags"] == spec.tags


async def test_buckets_are_listed_only_in_their_account(hub: AwsHub, aws_org: DemoOrg) -> None:
    prod = {b["name"] for b in await read_buckets(hub, aws_org.accounts["prod"])}
    assert "data-lake-raw" not in prod
    assert all(name.endswith(aws_org.accounts["prod"]) for name in prod)


async def test_queues_equal_the_seeded_ones(hub: AwsHub, aws_org: DemoOrg) -> None:
    account_id = aws_org.accounts["prod"]
    queues = {q["name"]: q for q in await read_queues(hub, account_id, REGION)}
    for spec in aws_org.plan("prod").queues:
        queue = queues[spec.name]
        assert queue["arn"] == f"arn:aws:sqs:{REGION}:{account_id}:{spec.name}"
        assert queue["url"].endswith(f"/{account_id}/{spec.name}")
        assert queue["policy"] == spec.policy
        assert queue["tags"] == spec.tags
        assert "Policy" not in queue["attributes"]
        assert queue["attributes"]["QueueArn"] == queue["arn"]


async def test_topics_equal_the_seeded_ones(hub: AwsHub, aws_org: DemoOrg) -> None:
    account_id = aws_org.accounts["dev"]
    topics = {t["name"]: t for t in await read_topics(hub, account_id, REGION)}
    assert set(topics) == {spec.name for spec in aws_org.plan("dev").topics}
    for spec in aws_org.plan("dev").topics:
        topic = topics[spec.name]
        assert topic["arn"] == f"arn:aws:sns:{REGION}:{account_id}:{spec.name}"
        assert topic["policy"] == spec.policy
        assert topic["tags"] == spec.tags
        assert topic["attributes"]["Owner"] == account_id
