"""ARN parsing and the inventory type an ARN denotes."""

from __future__ import annotations

import pytest

from consoleme.domain.arn import parse_arn, resource_type_of

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("arn:aws:iam::123456789012:role/app", "iam_role", "app"),
        ("arn:aws:iam::123456789012:role/team/x/app", "iam_role", "app"),
        ("arn:aws:iam::123456789012:user/ci/bot", "iam_user", "bot"),
        ("arn:aws:iam::123456789012:policy/base", "managed_policy", "base"),
        ("arn:aws:s3:::my-bucket", "s3_bucket", "my-bucket"),
        ("arn:aws:sqs:eu-west-1:123456789012:orders", "sqs_queue", "orders"),
        ("arn:aws:sns:us-east-1:123456789012:alerts", "sns_topic", "alerts"),
        ("arn:aws-us-gov:iam::123456789012:role/gov", "iam_role", "gov"),
    ],
)
def test_cached_types_are_recognised(text: str, kind: str, name: str) -> None:
    arn = parse_arn(text)
    assert arn is not None
    assert resource_type_of(arn) == kind
    assert arn.resource_name == name


@pytest.mark.parametrize(
    "text",
    [
        "arn:aws:s3:::bucket/key.txt",
        "arn:aws:sns:us-east-1:123456789012:alerts:0b6941c3-f04d-4d3e-a66d-b1df00e1e381",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
        "arn:aws:iam::123456789012:group/admins",
    ],
)
def test_other_resources_are_not_cached_types(text: str) -> None:
    arn = parse_arn(text)
    assert arn is not None
    assert resource_type_of(arn) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "role/app",
        "arn:aws:iam::12345:role/x",
        "arn:gcp:iam::123456789012:role/x",
        "arn:aws::::",
    ],
)
def test_malformed_arns_are_refused(text: str) -> None:
    assert parse_arn(text) is None
