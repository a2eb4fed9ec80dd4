"""Pure helpers of the AWS readers: documents, tags, regions, names, error mapping."""

from __future__ import annotations

import json
import urllib.parse
from datetime import UTC, datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from consoleme.aws.client import aws_error
from consoleme.aws.documents import (
    attached_policies,
    iso_utc,
    last_used,
    optional_policy,
    policy_document,
    tag_dict,
)
from consoleme.aws.organizations_read import attach_scp_ids
from consoleme.aws.s3_read import bucket_region
from consoleme.aws.sqs_read import queue_name
from consoleme.domain.inventory import OrganizationNode, ServiceControlPolicy

pytestmark = pytest.mark.unit

DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}


@pytest.mark.parametrize(
    "value",
    [DOC, json.dumps(DOC), urllib.parse.quote(json.dumps(DOC))],
    ids=["dict", "json", "url"],
)
def test_policy_documents_are_dicts_however_aws_sends_them(value: object) -> None:
    assert policy_document(value) == DOC


def test_missing_policies() -> None:
    assert policy_document("") == {}
    assert optional_policy(None) is None
    assert optional_policy("") is None
    with pytest.raises(ValueError, match="JSON object"):
        policy_document("[1, 2]")


def test_tags_become_a_dict() -> None:
    assert tag_dict([{"Key": "owner", "Value": "payments"}, {"key": "app", "value": "x"}]) == {
        "owner": "payments",
        "app": "x",
    }
    assert tag_dict(None) == {}


def test_times_are_iso_utc() -> None:
    moment = datetime(2026, 1, 5, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert iso_utc(moment) == "2026-01-05T10:00:00+00:00"
    assert iso_utc(datetime(2026, 1, 5, 10, 0)) == "2026-01-05T10:00:00+00:00"
    assert iso_utc(None) == ""


def test_last_used_and_attachments() -> None:
    assert last_used(None) is None
    assert last_used({}) is None
    used = last_used({"LastUsedDate": datetime(2026, 1, 1, tzinfo=UTC), "Region": "eu-west-1"})
    assert used == {"date": "2026-01-01T00:00:00+00:00", "region": "eu-west-1"}
    listed = [
        {"PolicyArn": "arn:aws:iam::1:policy/b", "PolicyName": "b"},
        {"PolicyArn": "arn:aws:iam::1:policy/a", "PolicyName": "a"},
    ]
    assert [p["name"] for p in attached_policies(listed)] == ["a", "b"]


@pytest.mark.parametrize(
    ("constraint", "region"),
    [(None, "us-east-1"), ("", "us-east-1"), ("EU", "eu-west-1"), ("ap-south-1", "ap-south-1")],
)
def test_bucket_regions(constraint: str | None, region: str) -> None:
    assert bucket_region(constraint) == region


def test_queue_names_come_from_urls() -> None:
    assert (
        queue_name("https://sqs.us-east-1.amazonaws.com/111122223333/orders-prod") == "orders-prod"
    )


def test_client_errors_name_account_region_and_operation() -> None:
    exc = ClientError({"Error": {"Code": "AccessDenied", "Message": "not authorized"}}, "GetRole")
    error = aws_error(exc, account_id="111122223333", region="us-east-1", operation="iam:get_role")
    assert error.message == (
        "iam:get_role in account 111122223333 (us-east-1) failed: AccessDenied: not authorized"
    )
    assert error.aws_code == "AccessDenied"
    assert (error.status, error.code) == (502, "aws_error")


def test_connection_errors_become_aws_errors() -> None:
    exc = EndpointConnectionError(endpoint_url="http://127.0.0.1:1")
    error = aws_error(exc, account_id="111122223333", region="", operation="s3:list_buckets")
    assert error.aws_code == "EndpointConnectionError"
    assert error.message.startswith("s3:list_buckets in account 111122223333 failed")


def test_scp_ids_are_set_on_the_nodes_they_target() -> None:
    account = OrganizationNode(id="111122223333", name="dev", kind="account", children=[])
    unit = OrganizationNode(id="ou-1", name="sandbox", kind="ou", children=[account])
    root = OrganizationNode(id="r-1", name="Root", kind="root", children=[unit])
    scp = ServiceControlPolicy(
        id="p-1",
        arn="",
        name="guard",
        description="",
        document={},
        targets=["ou-1"],
        aws_managed=False,
    )
    attach_scp_ids(root, [scp])
    assert unit.get("scp_ids") == ["p-1"]
    assert "scp_ids" not in root
    assert "scp_ids" not in account
