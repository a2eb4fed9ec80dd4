"""Merging accounts from several sources, and an account's refresh state."""

from __future__ import annotations

import pytest

from consoleme.domain.accounts import PartStatus, merge_accounts, plugin_account, refresh_state
from consoleme.domain.inventory import RESOURCE_TYPES, Account, ReadFailure

pytestmark = pytest.mark.unit


def account(account_id: str, name: str, source: str, **fields: object) -> Account:
    base = {
        "id": account_id,
        "name": name,
        "environment": "",
        "status": "ACTIVE",
        "ou_path": "",
        "tags": {},
        "source": source,
    }
    return Account(**{**base, **fields})  # type: ignore[typeddict-item]


def test_later_sources_update_earlier_ones_and_tags_merge() -> None:
    org = [
        account(
            "111111111111",
            "prod-org",
            "organizations",
            ou_path="/workloads",
            status="SUSPENDED",
            tags={"a": "1"},
        )
    ]
    config = [
        account("111111111111", "prod", "config", environment="prod", tags={"b": "2"}),
        account("222222222222", "dev", "config"),
    ]
    from_hook = plugin_account({"id": "111111111111", "tags": {"a": "9"}})
    assert from_hook is not None
    plugin = [from_hook]
    merged = merge_accounts(org, config, plugin)
    assert [a["id"] for a in merged] == ["222222222222", "111111111111"]  # by name
    prod = merged[1]
    assert prod["name"] == "prod"
    assert prod["environment"] == "prod"
    assert prod["ou_path"] == "/workloads"
    assert prod["status"] == "SUSPENDED"  # settings cannot know an account was suspended
    assert prod["tags"] == {"a": "9", "b": "2"}
    assert prod["source"] == "organizations"


def test_plugin_items_need_a_twelve_digit_id() -> None:
    assert plugin_account({"id": "12", "name": "x"}) is None
    item = plugin_account({"id": "333333333333", "tags": {"k": 1}})
    assert item is not None
    assert merge_accounts([item])[0]["name"] == "333333333333"
    assert item["tags"] == {"k": "1"}
    assert item["source"] == "plugin"


def failure(kind: str) -> ReadFailure:
    return ReadFailure(account_id="1", type=kind, error="denied", at=5.0)


def test_refresh_state() -> None:
    assert refresh_state({}) == ("never", None)
    every = {kind: PartStatus(float(i), None) for i, kind in enumerate(RESOURCE_TYPES)}
    assert refresh_state(every) == ("ok", float(len(RESOURCE_TYPES) - 1))
    some = {"iam_role": PartStatus(3.0, None)}
    assert refresh_state(some) == ("partial", 3.0)
    one_failing = {**every, "s3_bucket": PartStatus(2.0, failure("s3_bucket"))}
    assert refresh_state(one_failing)[0] == "partial"
    all_failing = {kind: PartStatus(None, failure(kind)) for kind in RESOURCE_TYPES}
    assert refresh_state(all_failing) == ("failed", None)
