"""What we ask STS for: session names, durations, tags and the IP session policy."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from consoleme.domain.assume_role import (
    AssumedSession,
    AssumeRoleSpec,
    caller_network,
    ip_restriction_policy,
    session_duration,
    session_name,
    session_tags,
)

pytestmark = pytest.mark.unit


def test_session_names_use_sts_characters_only() -> None:
    assert session_name("alice@example.com") == "alice@example.com"
    assert session_name("app:deployer") == "app-deployer"
    assert session_name("Zoë Smith/ops") == "Zo--Smith-ops"
    assert session_name("x") == "x-"
    assert len(session_name("a" * 100 + "@example.com")) == 64


def test_duration_is_capped_by_the_role() -> None:
    assert session_duration(43200, 3600) == 3600
    assert session_duration(1800, 43200) == 1800
    assert session_duration(43200, None) == 3600
    assert session_duration(100, 43200) == 900


def test_session_tags_fill_in_the_user() -> None:
    tags = session_tags({"user": "{user}", "b": "x<y>"}, "alice@example.com")
    assert tags == (("b", "x-y-"), ("user", "alice@example.com"))


def test_ip_policy() -> None:
    policy = ip_restriction_policy("2001:db8::1", ["10.0.0.0/8", "10.1.2.3/8"])
    deny = policy["Statement"][1]
    assert policy["Statement"][0]["Effect"] == "Allow"
    assert deny["Effect"] == "Deny"
    assert deny["Condition"]["NotIpAddress"]["aws:SourceIp"] == ["10.0.0.0/8", "2001:db8::1/128"]
    assert deny["Condition"]["Bool"] == {"aws:ViaAWSService": "false"}
    assert caller_network(" 192.0.2.7 ") == "192.0.2.7/32"
    with pytest.raises(ValueError):
        ip_restriction_policy("not-an-ip")


def test_spec_and_session_helpers() -> None:
    policy = ip_restriction_policy("192.0.2.7")
    spec = AssumeRoleSpec("arn", "s", 900, policy=policy)
    assert json.loads(spec.policy_json or "") == policy
    assert " " not in (spec.policy_json or "")
    assert AssumeRoleSpec("arn", "s", None).policy_json is None
    moment = datetime(2026, 1, 1, 12, 0, 0, 900_000, tzinfo=UTC)
    session = AssumedSession("A", "S", "T", moment, "arn:aws:sts::1:assumed-role/r/s")
    assert session.expiration_epoch == 1767268800
    assert type(session.expiration_epoch) is int
