"""UI paths (weep's get_resource_url mapping) and AWS console links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from consoleme.domain.arn import parse_arn
from consoleme.domain.resource_links import console_login_path, console_url, ui_path

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("kind", "region", "name", "expected"),
    [
        ("iam_role", "", "app", "/policies/edit/123456789012/iamrole/app"),
        ("iam_user", "", "bot", "/policies/edit/123456789012/iamuser/bot"),
        ("managed_policy", "", "base", "/policies/edit/123456789012/managed_policy/base"),
        ("s3_bucket", "eu-west-1", "logs", "/policies/edit/123456789012/s3/logs"),
        ("sqs_queue", "eu-west-1", "orders", "/policies/edit/123456789012/sqs/eu-west-1/orders"),
        ("sns_topic", "us-east-1", "alerts", "/policies/edit/123456789012/sns/us-east-1/alerts"),
    ],
)
def test_ui_paths_follow_consolemes_routes(
    kind: str, region: str, name: str, expected: str
) -> None:
    assert ui_path(kind, "123456789012", region, name) == expected  # type: ignore[arg-type]


def test_role_console_link_and_login_path() -> None:
    arn = parse_arn("arn:aws:iam::123456789012:role/team/app")
    assert arn is not None
    url = console_url(arn, "iam_role")
    assert url == "https://console.aws.amazon.com/iam/home#/roles/details/app"
    path = console_login_path("123456789012", url)
    parsed = urlparse(path)
    assert parsed.path == "/role/123456789012"
    assert parse_qs(parsed.query)["redirect"] == [url]


def test_queue_link_uses_its_url_and_region() -> None:
    arn = parse_arn("arn:aws:sqs:eu-west-1:123456789012:orders")
    assert arn is not None
    url = console_url(arn, "sqs_queue", "eu-west-1", "https://sqs.eu-west-1.amazonaws.com/1/orders")
    assert url.startswith("https://eu-west-1.console.aws.amazon.com/sqs/v3/home?region=eu-west-1#")
    assert "https%3A%2F%2Fsqs.eu-west-1.amazonaws.com%2F1%2Forders" in url


def test_unknown_resources_use_the_consoles_arn_resolver() -> None:
    arn = parse_arn("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc")
    assert arn is not None
    url = console_url(arn, None)
    assert url == (
        "https://console.aws.amazon.com/go/view?arn="
        "arn%3Aaws%3Aec2%3Aus-east-1%3A123456789012%3Ainstance%2Fi-0abc"
    )


def test_unusual_names_are_escaped_in_ui_paths() -> None:
    assert ui_path("s3_bucket", "123456789012", "", "a b") == "/policies/edit/123456789012/s3/a%20b"
    assert ui_path("iam_role", "123456789012", "", "x+y=z,@.-_") == (
        "/policies/edit/123456789012/iamrole/x+y=z,@.-_"
    )
