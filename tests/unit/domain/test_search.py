"""Search ids, cursors, tag filters and trigram choice."""

from __future__ import annotations

import pytest

from consoleme.domain.inventory import RESOURCE_TYPES
from consoleme.domain.search import (
    MAX_ID,
    decode_cursor,
    encode_cursor,
    entry_id,
    id_ranges,
    parse_tag_filter,
    rarest_trigrams,
    search_text,
    trigrams,
)

pytestmark = pytest.mark.unit


def test_entry_ids_are_stable_positive_and_grouped_by_type() -> None:
    arn = "arn:aws:iam::123456789012:role/app"
    account = "123456789012"
    assert entry_id("iam_role", account, arn) == entry_id("iam_role", account, arn)
    ids = [entry_id(kind, account, arn) for kind in RESOURCE_TYPES]
    assert ids == sorted(ids)
    assert all(0 < i <= MAX_ID for i in ids)
    assert entry_id("iam_role", account, arn + "x") != entry_id("iam_role", account, arn)


def test_type_and_account_filters_are_id_ranges() -> None:
    accounts = [f"{100000000000 + n}" for n in range(50)]
    for kind in RESOURCE_TYPES:
        for account in accounts:
            arn = f"arn:aws:iam::{account}:role/r-{kind}"
            found = entry_id(kind, account, arn)
            for wanted_kind, wanted_account in ((kind, account), (kind, None), (None, account)):
                ranges = id_ranges(wanted_kind, wanted_account)
                assert ranges == sorted(ranges)
                assert any(low <= found <= high for low, high in ranges)
            other = next(k for k in RESOURCE_TYPES if k != kind)
            assert not any(low <= found <= high for low, high in id_ranges(other, None))
    assert id_ranges(None, None) == [(0, MAX_ID)]
    assert len(id_ranges(None, accounts[0])) == len(RESOURCE_TYPES)


def test_cursor_round_trip_and_malformed_cursors() -> None:
    assert decode_cursor(encode_cursor(2**62 + 5)) == 2**62 + 5
    for bad in ("", "!!!", encode_cursor(1)[:-2] + "zz", "cjEuLTE"):  # "r1.-1"
        with pytest.raises(ValueError, match="malformed cursor"):
            decode_cursor(bad)


def test_tag_filter() -> None:
    assert parse_tag_filter("owner:team:a") == ("owner", "team:a")
    assert parse_tag_filter("env:") == ("env", "")
    for bad in ("owner", ":x"):
        with pytest.raises(ValueError):
            parse_tag_filter(bad)


def test_search_text_adds_the_name_only_when_the_arn_lacks_it() -> None:
    assert search_text("arn:aws:s3:::Logs", "logs") == "arn:aws:s3:::Logs"
    assert search_text("arn:x:1", "other") == "arn:x:1 other"


def test_rarest_trigrams_prefers_unseen_then_rare_grams() -> None:
    assert trigrams("AbcAbc") == ["abc", "bca", "cab"]
    frequency = {"abc": 100, "bca": 5, "cab": 50}
    assert rarest_trigrams("abcabcd", frequency, 2) == ["bcd", "bca"]
