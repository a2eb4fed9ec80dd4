"""Read and write the resource policy of an S3 bucket, an SQS queue or an SNS topic.

One pair of functions for the three services: :func:`resource_policy` reads the current policy
(None when there is none) and :func:`put_resource_policy` replaces it, or takes it away when
given None: S3 deletes the bucket policy, SQS sets an empty ``Policy`` attribute, and SNS (whose
topics always have a policy) gets back the policy AWS gives a new topic. Calls go through
:func:`consoleme.aws.retryable.call` (:class:`~consoleme.errors.Throttled` when retrying later
may succeed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from consoleme.aws.documents import optional_policy
from consoleme.aws.hub import AwsHub
from consoleme.aws.retryable import call
from consoleme.aws.s3_read import bucket_region
from consoleme.domain.arn import parse_arn
from consoleme.domain.inventory import PolicyDocument
from consoleme.errors import AwsError, BadRequest

ResourceKind = Literal["s3", "sqs", "sns"]


@dataclass(frozen=True, slots=True)
class PolicyTarget:
    """Where a resource policy lives: service, account, region and the resource's name/ARN."""

    kind: ResourceKind
    account_id: str
    region: str | None
    name: str  # bucket or queue name; the topic ARN for SNS
    arn: str

    @classmethod
    def of(cls, kind: ResourceKind, arn: str, account_id: str) -> PolicyTarget:
        """The target an ARN names; ``account_id`` is needed for S3 (its ARNs carry none)."""
        parsed = parse_arn(arn)
        if parsed is None or parsed.service != kind:
            raise BadRequest(f"{arn} is not an {kind.upper()} ARN", code="invalid_arn")
        account = account_id or parsed.account_id
        if not account:
            raise BadRequest(f"the account of {arn} is not known", code="unknown_account")
        if kind == "s3":
            return cls(kind, account, None, parsed.resource.split("/", 1)[0], arn)
        name = arn if kind == "sns" else parsed.resource
        return cls(kind, account, parsed.region or None, name, arn)


async def _call(
    hub: AwsHub, target: PolicyTarget, operation: str, region: str | None, **params: Any
) -> dict[str, Any]:
    return await call(
        hub, target.kind, operation, account_id=target.account_id, region=region, **params
    )


async def _bucket_region(hub: AwsHub, target: PolicyTarget) -> str:
    answer = await _call(hub, target, "get_bucket_location", None, Bucket=target.name)
    return bucket_region(answer.get("LocationConstraint"))


async def _queue_url(hub: AwsHub, target: PolicyTarget) -> str:
    answer = await _call(
        hub,
        target,
        "get_queue_url",
        target.region,
        QueueName=target.name,
        QueueOwnerAWSAccountId=target.account_id,
    )
    return str(answer["QueueUrl"])


async def resource_policy(hub: AwsHub, target: PolicyTarget) -> PolicyDocument | None:
    """The current policy of the bucket, queue or topic; None when it has none."""
    if target.kind == "s3":
        region = await _bucket_region(hub, target)
        try:
            answer = await _call(hub, target, "get_bucket_policy", region, Bucket=target.name)
        except AwsError as exc:
            if exc.aws_code == "NoSuchBucketPolicy":
                return None
            raise
        return optional_policy(answer.get("Policy"))
    if target.kind == "sqs":
        url = await _queue_url(hub, target)
        answer = await _call(
            hub,
            target,
            "get_queue_attributes",
            target.region,
            QueueUrl=url,
            AttributeNames=["Policy"],
        )
        return optional_policy(answer.get("Attributes", {}).get("Policy"))
    answer = await _call(hub, target, "get_topic_attributes", target.region, TopicArn=target.name)
    return optional_policy(answer.get("Attributes", {}).get("Policy"))


async def put_resource_policy(
    hub: AwsHub, target: PolicyTarget, document: PolicyDocument | None
) -> None:
    """Replace the policy with ``document``; None takes it away (see the module docstring)."""
    if target.kind == "s3":
        region = await _bucket_region(hub, target)
        if document is None:
            await _call(hub, target, "delete_bucket_policy", region, Bucket=target.name)
        else:
            text = json.dumps(document)
            await _call(hub, target, "put_bucket_policy", region, Bucket=target.name, Policy=text)
        return
    if target.kind == "sqs":
        url = await _queue_url(hub, target)
        value = "" if document is None else json.dumps(document)
        attributes = {"Policy": value}
        await _call(
            hub, target, "set_queue_attributes", target.region, QueueUrl=url, Attributes=attributes
        )
        return
    policy = default_topic_policy(target) if document is None else document
    await _call(
        hub,
        target,
        "set_topic_attributes",
        target.region,
        TopicArn=target.name,
        AttributeName="Policy",
        AttributeValue=json.dumps(policy),
    )


def default_topic_policy(target: PolicyTarget) -> PolicyDocument:
    """The policy AWS gives a new SNS topic: its own account may manage and publish."""
    return {
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [
            {
                "Sid": "__default_statement_ID",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": [
                    "SNS:GetTopicAttributes",
                    "SNS:SetTopicAttributes",
                    "SNS:AddPermission",
                    "SNS:RemovePermission",
                    "SNS:DeleteTopic",
                    "SNS:Subscribe",
                    "SNS:ListSubscriptionsByTopic",
                    "SNS:Publish",
                ],
                "Resource": target.arn,
                "Condition": {"StringEquals": {"AWS:SourceOwner": target.account_id}},
            }
        ],
    }
