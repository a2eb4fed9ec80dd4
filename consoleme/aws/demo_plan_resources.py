"""Buckets, queues and topics of the demo organization (see :mod:`consoleme.aws.demo_plan`)."""

from __future__ import annotations

from consoleme.aws.demo_plan import REGION, ResourceSpec, bucket_names, doc


def buckets(account: str, account_id: str) -> list[ResourceSpec]:
    """Buckets with a TLS-only policy granting a team read access."""
    specs = []
    for name in bucket_names(account, account_id):
        arn = f"arn:aws:s3:::{name}"
        deny_http = {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
        reader = f"arn:aws:iam::{account_id}:role/" + (
            "data-pipeline" if name == "data-lake-raw" else "engineering-readonly"
        )
        grant = {
            "Sid": "TeamRead",
            "Effect": "Allow",
            "Principal": {"AWS": reader},
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [arn, f"{arn}/*"],
        }
        owner = "data-science" if name == "data-lake-raw" else "platform"
        specs.append(ResourceSpec(name, doc(deny_http, grant), {"owner": owner}))
    return specs


def queue(account: str, account_id: str) -> ResourceSpec:
    """``orders-<account>``, fed by the alerts topic."""
    name = f"orders-{account}"
    arn = f"arn:aws:sqs:{REGION}:{account_id}:{name}"
    topic = f"arn:aws:sns:{REGION}:{account_id}:alerts-{account}"
    return ResourceSpec(
        name,
        doc(
            {
                "Sid": "FromAlerts",
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": topic}},
            },
            {
                "Sid": "Checkout",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
                "Resource": arn,
            },
        ),
        {"owner": "fulfillment"},
    )


def topic(account: str, account_id: str) -> ResourceSpec:
    """``alerts-<account>``, published to by the account and CloudWatch."""
    name = f"alerts-{account}"
    arn = f"arn:aws:sns:{REGION}:{account_id}:{name}"
    return ResourceSpec(
        name,
        doc(
            {
                "Sid": "AccountPublish",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                "Action": ["SNS:Publish", "SNS:Subscribe"],
                "Resource": arn,
            },
            {
                "Sid": "CloudWatchAlarms",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": "SNS:Publish",
                "Resource": arn,
            },
        ),
        {"owner": "platform"},
    )
