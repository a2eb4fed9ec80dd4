"""Cross-account grants add the resource-policy half on the other account's resource."""

from __future__ import annotations

import pytest

from consoleme.domain.change_types import InlinePolicyChange, ResourcePolicyChange
from consoleme.domain.cross_account import cross_account_changes, resource_of

pytestmark = pytest.mark.unit

ROLE = "arn:aws:iam::111111111111:role/app"
OTHER = "222222222222"
QUEUE = f"arn:aws:sqs:us-east-1:{OTHER}:orders"
OWNERS = {"arn:aws:s3:::shared-data": OTHER, QUEUE: OTHER, "arn:aws:s3:::mine": "111111111111"}


def _grant(*statements: dict[str, object]) -> InlinePolicyChange:
    return InlinePolicyChange(
        principal_arn=ROLE,
        policy_name="p",
        policy_document={"Version": "2012-10-17", "Statement": list(statements)},
    )


def test_resource_of_maps_objects_to_buckets_and_skips_wildcards() -> None:
    assert resource_of("arn:aws:s3:::shared-data/prefix/*") is None
    assert resource_of("arn:aws:s3:::shared-data/key") == ("s3", "arn:aws:s3:::shared-data")
    assert resource_of(QUEUE) == ("sqs", QUEUE)
    assert resource_of("arn:aws:dynamodb:us-east-1:1:table/t") is None


def test_grant_on_other_accounts_bucket_and_queue_adds_resource_policies() -> None:
    grant = _grant(
        {
            "Sid": "Read",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket", "sqs:SendMessage"],
            "Resource": ["arn:aws:s3:::shared-data", "arn:aws:s3:::shared-data/key", QUEUE],
        },
        {"Sid": "Mine", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::mine"},
    )
    added = cross_account_changes([grant], OWNERS.get)
    by_arn = {change.resource_arn: (index, change) for index, change in added}
    assert set(by_arn) == {"arn:aws:s3:::shared-data", QUEUE}
    index, bucket = by_arn["arn:aws:s3:::shared-data"]
    assert index == 0
    assert bucket.account_id == OTHER
    assert bucket.resource_type == "s3"
    statement = bucket.policy_document["Statement"][0]
    assert statement["Principal"] == {"AWS": ROLE}
    assert statement["Action"] == ["s3:GetObject", "s3:ListBucket"]
    assert statement["Resource"] == ["arn:aws:s3:::shared-data", "arn:aws:s3:::shared-data/key"]
    assert "Sid" not in statement  # the request assigns a unique one
    queue = by_arn[QUEUE][1].policy_document["Statement"][0]
    assert queue["Action"] == ["sqs:SendMessage"]


def test_nothing_added_for_same_account_unknown_resources_denies_or_explicit_changes() -> None:
    deny = _grant({"Sid": "D", "Effect": "Deny", "Action": "s3:*", "Resource": QUEUE})
    unknown = _grant({"Sid": "U", "Effect": "Allow", "Action": "sqs:*",
                      "Resource": "arn:aws:sqs:us-east-1:333333333333:nope"})  # fmt: skip
    assert cross_account_changes([deny, unknown], OWNERS.get) == []
    grant = _grant({"Sid": "Q", "Effect": "Allow", "Action": "sqs:*", "Resource": QUEUE})
    explicit = ResourcePolicyChange(
        resource_arn=QUEUE,
        resource_type="sqs",
        policy_document={"Version": "2012-10-17", "Statement": []},
    )
    assert cross_account_changes([grant, explicit], OWNERS.get) == []
