"""The store contract, run against every backend through the parametrized ``store`` fixture."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest

from consoleme.errors import BadRequest, Conflict
from consoleme.store.protocol import MAX_INDEXES, Record, Store
from consoleme.store.validation import (
    MAX_DATA_BYTES,
    MAX_INDEX_VALUE_BYTES,
    MAX_KEY_BYTES,
    MAX_SORT_KEY_BYTES,
)

pytestmark = pytest.mark.integration

KIND = "change_request"


async def collect(store: Store, kind: str, limit: int, **query: Any) -> list[list[Record]]:
    """Every page of one query, following cursors until the last page."""
    pages: list[list[Record]] = []
    cursor = None
    while True:
        page = await store.query(kind, limit=limit, cursor=cursor, **query)
        pages.append(page.records)
        if page.cursor is None:
            return pages
        assert len(pages) < 100, "cursor never ended"
        cursor = page.cursor


def keys(records: list[Record]) -> list[str]:
    return [record.key for record in records]


# --- create, get, replace ----------------------------------------------------------------------


async def test_put_then_get_returns_the_same_record(store: Store) -> None:
    created = await store.put(
        KIND, "cr-1", {"title": "read s3"}, sort_key="2024-05-01", indexes={"status": "pending"}
    )
    expected = Record(KIND, "cr-1", 1, {"title": "read s3"}, "2024-05-01", {"status": "pending"})
    assert created == expected
    assert await store.get(KIND, "cr-1") == expected


async def test_get_missing_record_returns_none(store: Store) -> None:
    await store.put(KIND, "present", {"a": 1})
    assert await store.get(KIND, "absent") is None
    assert await store.get("other_kind", "present") is None


async def test_unconditional_put_replaces_the_whole_document(store: Store) -> None:
    await store.put(KIND, "cr-1", {"a": 1, "b": 2}, sort_key="x", indexes={"status": "pending"})
    replaced = await store.put(KIND, "cr-1", {"c": 3})
    assert replaced == Record(KIND, "cr-1", 2, {"c": 3}, "", {})
    assert await store.get(KIND, "cr-1") == replaced


async def test_kinds_are_separate_namespaces(store: Store) -> None:
    await store.put("favorite", "same-key", {"from": "favorite"})
    await store.put("audit_event", "same-key", {"from": "audit"})
    favorite = await store.get("favorite", "same-key")
    assert favorite is not None
    assert favorite.data == {"from": "favorite"}
    page = await store.query("audit_event")
    assert [r.data for r in page.records] == [{"from": "audit"}]


async def test_returned_data_is_a_copy_of_what_was_stored(store: Store) -> None:
    data: dict[str, Any] = {"list": [1, 2], "tuple": (3, 4)}
    created = await store.put(KIND, "k", data)
    data["list"].append(99)
    assert created.data == {"list": [1, 2], "tuple": [3, 4]}
    stored = await store.get(KIND, "k")
    assert stored is not None
    assert stored.data == {"list": [1, 2], "tuple": [3, 4]}


async def test_data_round_trips_json_types(store: Store) -> None:
    data: dict[str, Any] = {
        "unicode": "Grüße, 東京, emoji 😀, rtl עברית",
        "escapes": 'quote " backslash \\ newline \n tab \t nul \x00',
        "ints": [0, -1, 2**53 + 1, -(2**63), 2**63 - 1],
        "floats": [0.1, -2.5, 1e300, 5e-324, 1.0],
        "bools": [True, False],
        "none": None,
        "nested": {"a": {"b": {"c": [{"d": []}, {}]}}, "ключ": "значение"},
        "empty_string": "",
    }
    await store.put(KIND, "types", data)
    stored = await store.get(KIND, "types")
    assert stored is not None
    assert stored.data == data
    assert type(stored.data["floats"][4]) is float
    assert type(stored.data["ints"][2]) is int
    assert stored.data["bools"][0] is True
    assert stored.data["none"] is None


async def test_unicode_keys_and_index_values(store: Store) -> None:
    key = "arn:aws:iam::123456789012:role/path/Räksmörgås#1 😀"
    await store.put(KIND, key, {"k": 1}, sort_key="é", indexes={"owner": "José 😀"})
    record = await store.get(KIND, key)
    assert record is not None
    assert record.sort_key == "é"
    page = await store.query(KIND, index=("owner", "José 😀"))
    assert keys(page.records) == [key]


async def test_largest_record_fits_every_backend(store: Store) -> None:
    # Every part at its limit: the DynamoDB record and index items must stay under 400 KB.
    filler = "x" * (MAX_DATA_BYTES - len('{"blob":""}'))
    key = "k" * MAX_KEY_BYTES
    sort_key = "s" * MAX_SORT_KEY_BYTES
    indexes = {f"index_{i}": str(i) * MAX_INDEX_VALUE_BYTES for i in range(MAX_INDEXES)}
    created = await store.put(KIND, key, {"blob": filler}, sort_key=sort_key, indexes=indexes)
    assert created.version == 1
    stored = await store.get(KIND, key)
    assert stored is not None
    assert stored.data["blob"] == filler
    page = await store.query(KIND, index=("index_3", "3" * MAX_INDEX_VALUE_BYTES))
    assert keys(page.records) == [key]


# botocore sends JSON with ASCII escapes, so this ~400 KB document is a >1 MB request body, for
# which aiohttp emits a ResourceWarning (ignored by default outside tests).
@pytest.mark.filterwarnings("ignore:Sending a large body:ResourceWarning")
async def test_limit_counts_utf8_bytes_of_the_json(store: Store) -> None:
    unit = '😀"é'  # 4 + 2 (escaped quote) + 2 bytes of JSON
    filler = unit * ((MAX_DATA_BYTES - len('{"blob":""}')) // 8)
    await store.put(KIND, "multibyte", {"blob": filler})
    stored = await store.get(KIND, "multibyte")
    assert stored is not None
    assert stored.data["blob"] == filler
    with pytest.raises(BadRequest):
        await store.put(KIND, "multibyte", {"blob": filler + unit})


async def test_too_large_data_is_a_bad_request(store: Store) -> None:
    with pytest.raises(BadRequest) as raised:
        await store.put(KIND, "big", {"blob": "x" * MAX_DATA_BYTES})
    assert raised.value.code == "record_too_large"
    assert "400 KB" in raised.value.message
    assert await store.get(KIND, "big") is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "bad#kind"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"key": ""}, "key must not be empty"),
        ({"key": "k" * (MAX_KEY_BYTES + 1)}, "key is"),
        ({"key": "\ud800"}, "not valid Unicode"),
        ({"sort_key": "a\x01b"}, "sort_key"),
        ({"indexes": {f"i{n}": "v" for n in range(MAX_INDEXES + 1)}}, "at most"),
        ({"indexes": {"status": ""}}, "index value"),
        ({"indexes": {"bad name": "v"}}, "index name"),
        ({"data": {"nan": float("nan")}}, "JSON"),
        ({"data": {"when": object()}}, "JSON"),
        ({"data": ["not", "a", "dict"]}, "data must be"),
        ({"expected_version": -1}, "expected_version"),
    ],
)
async def test_malformed_put_arguments_are_bad_requests(
    store: Store, arguments: dict[str, Any], message: str
) -> None:
    call: dict[str, Any] = {"kind": KIND, "key": "k", "data": {"a": 1}} | arguments
    with pytest.raises(BadRequest, match=message):
        await store.put(call.pop("kind"), call.pop("key"), call.pop("data"), **call)
    assert (await store.query(KIND)).records == []


# --- optimistic concurrency ---------------------------------------------------------------------


async def test_expected_version_zero_creates_a_missing_record(store: Store) -> None:
    created = await store.put(KIND, "new", {"a": 1}, expected_version=0)
    assert created.version == 1


async def test_expected_version_zero_on_existing_record_conflicts(store: Store) -> None:
    await store.put(KIND, "k", {"first": True})
    with pytest.raises(Conflict):
        await store.put(KIND, "k", {"second": True}, expected_version=0)
    stored = await store.get(KIND, "k")
    assert stored is not None
    assert (stored.version, stored.data) == (1, {"first": True})


async def test_stale_version_conflicts_and_changes_nothing(store: Store) -> None:
    await store.put(KIND, "k", {"v": 1}, indexes={"status": "pending"})
    await store.put(KIND, "k", {"v": 2}, indexes={"status": "pending"})
    with pytest.raises(Conflict) as raised:
        await store.put(KIND, "k", {"v": "stale"}, expected_version=1, indexes={"status": "x"})
    assert raised.value.status == 409
    stored = await store.get(KIND, "k")
    assert stored is not None
    assert (stored.version, stored.data) == (2, {"v": 2})
    assert (await store.query(KIND, index=("status", "x"))).records == []


async def test_correct_version_writes_the_next_version(store: Store) -> None:
    first = await store.put(KIND, "k", {"v": 1})
    second = await store.put(KIND, "k", {"v": 2}, expected_version=first.version)
    third = await store.put(KIND, "k", {"v": 3}, expected_version=second.version)
    assert (first.version, second.version, third.version) == (1, 2, 3)
    stored = await store.get(KIND, "k")
    assert stored == third


async def test_expected_version_on_missing_record_conflicts(store: Store) -> None:
    with pytest.raises(Conflict):
        await store.put(KIND, "missing", {"a": 1}, expected_version=1)
    assert await store.get(KIND, "missing") is None


@pytest.mark.parametrize("indexes", [None, {"status": "pending", "owner": "alice"}])
async def test_concurrent_updates_with_the_same_version_have_one_winner(
    store: Store, indexes: dict[str, str] | None
) -> None:
    await store.put(KIND, "contested", {"writer": -1}, indexes=indexes)
    writers = 8
    results = await asyncio.gather(
        *(
            store.put(KIND, "contested", {"writer": n}, expected_version=1, indexes=indexes)
            for n in range(writers)
        ),
        return_exceptions=True,
    )
    winners = [r for r in results if isinstance(r, Record)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1, results
    assert len(conflicts) == writers - 1, results
    stored = await store.get(KIND, "contested")
    assert stored == winners[0]
    assert stored is not None
    assert stored.version == 2


async def test_concurrent_creates_have_one_winner(store: Store) -> None:
    results = await asyncio.gather(
        *(store.put(KIND, "once", {"writer": n}, expected_version=0) for n in range(6)),
        return_exceptions=True,
    )
    winners = [r for r in results if isinstance(r, Record)]
    assert len(winners) == 1, results
    assert all(isinstance(r, Conflict) for r in results if r not in winners), results
    assert await store.get(KIND, "once") == winners[0]


async def test_concurrent_unconditional_puts_all_land_in_sequence(store: Store) -> None:
    writers = 6
    results = await asyncio.gather(
        *(
            store.put(KIND, "busy", {"writer": n}, indexes={"writer": str(n)})
            for n in range(writers)
        )
    )
    assert sorted(r.version for r in results) == list(range(1, writers + 1))
    last = max(results, key=lambda r: r.version)
    assert await store.get(KIND, "busy") == last
    # Only the surviving write's index entry is left.
    for n in range(writers):
        page = await store.query(KIND, index=("writer", str(n)))
        assert keys(page.records) == (["busy"] if last.data["writer"] == n else [])


# --- delete ------------------------------------------------------------------------------------


async def test_delete_without_version(store: Store) -> None:
    await store.put(KIND, "k", {"a": 1}, indexes={"status": "pending"})
    assert await store.delete(KIND, "k") is True
    assert await store.get(KIND, "k") is None
    assert await store.delete(KIND, "k") is False
    assert (await store.query(KIND)).records == []
    assert (await store.query(KIND, index=("status", "pending"))).records == []


async def test_delete_with_version(store: Store) -> None:
    await store.put(KIND, "k", {"a": 1}, indexes={"status": "pending"})
    await store.put(KIND, "k", {"a": 2}, indexes={"status": "pending"})
    with pytest.raises(Conflict):
        await store.delete(KIND, "k", expected_version=1)
    assert await store.get(KIND, "k") is not None
    assert await store.delete(KIND, "k", expected_version=2) is True
    assert await store.get(KIND, "k") is None
    assert (await store.query(KIND, index=("status", "pending"))).records == []


async def test_delete_missing_record_with_version_conflicts(store: Store) -> None:
    with pytest.raises(Conflict):
        await store.delete(KIND, "missing", expected_version=1)
    assert await store.delete(KIND, "missing", expected_version=0) is False


async def test_recreated_record_starts_again_at_version_one(store: Store) -> None:
    await store.put(KIND, "k", {"a": 1})
    await store.put(KIND, "k", {"a": 2})
    await store.delete(KIND, "k")
    again = await store.put(KIND, "k", {"a": 3}, expected_version=0)
    assert again.version == 1


# --- queries -----------------------------------------------------------------------------------

# Ties on sort_key are ordered by key; code point order throughout (U+FFFD before U+1F600,
# unlike UTF-16), and a sort key that is a prefix of another sorts first whatever the keys.
ORDERED = [
    ("", "a"),
    ("", "b"),
    ("a", "z"),
    ("a\x02", "a"),
    ("a b", "a"),
    ("a!", "a"),
    ("ab", "a"),
    ("ab", "b"),
    ("b", "a"),
    ("é", "a"),
    ("\ufffd", "a"),
    ("😀", "a"),
]


async def test_query_orders_by_sort_key_then_key(store: Store) -> None:
    for n, (sort_key, key) in enumerate(reversed(ORDERED)):
        await store.put(KIND, key + str(n), {"n": n}, sort_key=sort_key)
    expected = sorted((sort_key, key + str(n)) for n, (sort_key, key) in enumerate(ORDERED[::-1]))
    ascending = await store.query(KIND, limit=100)
    assert [(r.sort_key, r.key) for r in ascending.records] == expected
    assert ascending.cursor is None
    descending = await store.query(KIND, limit=100, descending=True)
    assert [(r.sort_key, r.key) for r in descending.records] == expected[::-1]


async def test_query_of_empty_kind_is_one_empty_page(store: Store) -> None:
    page = await store.query("nothing_here")
    assert page.records == []
    assert page.cursor is None


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize(("total", "limit"), [(23, 5), (20, 5), (3, 1), (4, 50)])
async def test_cursors_cover_every_record_exactly_once(
    store: Store, descending: bool, total: int, limit: int
) -> None:
    for n in range(total):
        # Shared sort keys make the key the tie-breaker across page boundaries.
        await store.put(KIND, f"cr-{n:03}", {"n": n}, sort_key=f"2024-05-{n % 4:02}")
    await store.put("other_kind", "cr-000", {"n": -1}, sort_key="2024-05-00")
    pages = await collect(store, KIND, limit, descending=descending)
    seen = [record for page in pages for record in page]
    expected = sorted(((r.sort_key, r.key) for r in seen), reverse=descending)
    assert [(r.sort_key, r.key) for r in seen] == expected
    assert sorted(keys(seen)) == [f"cr-{n:03}" for n in range(total)]
    assert [len(page) for page in pages] == [limit] * (total // limit) + (
        [total % limit] if total % limit else []
    )


async def test_index_query_returns_only_matching_records_in_order(store: Store) -> None:
    statuses = ["pending", "approved", "pending", "rejected", "pending", "approved"]
    for n, status in enumerate(statuses):
        await store.put(
            KIND,
            f"cr-{n}",
            {"n": n},
            sort_key=f"2024-05-{10 - n:02}",
            indexes={"status": status, "requester": f"user{n % 2}"},
        )
    pending = await store.query(KIND, index=("status", "pending"))
    assert keys(pending.records) == ["cr-4", "cr-2", "cr-0"]
    assert [r.data["n"] for r in pending.records] == [4, 2, 0]
    newest_first = await store.query(KIND, index=("status", "pending"), descending=True)
    assert keys(newest_first.records) == ["cr-0", "cr-2", "cr-4"]
    by_user = await store.query(KIND, index=("requester", "user1"))
    assert keys(by_user.records) == ["cr-5", "cr-3", "cr-1"]
    assert (await store.query(KIND, index=("status", "cancelled"))).records == []
    assert (await store.query("other_kind", index=("status", "pending"))).records == []
    pages = await collect(store, KIND, 2, index=("status", "pending"))
    assert [keys(page) for page in pages] == [["cr-4", "cr-2"], ["cr-0"]]


async def test_index_entries_follow_updates(store: Store) -> None:
    await store.put(KIND, "a", {"v": 1}, sort_key="2", indexes={"status": "pending", "x": "1"})
    await store.put(KIND, "b", {"v": 1}, sort_key="3", indexes={"status": "approved"})
    await store.put(KIND, "a", {"v": 2}, sort_key="4", indexes={"status": "approved"})

    assert (await store.query(KIND, index=("status", "pending"))).records == []
    assert (await store.query(KIND, index=("x", "1"))).records == []
    approved = await store.query(KIND, index=("status", "approved"))
    assert [(r.key, r.sort_key, r.version, r.data) for r in approved.records] == [
        ("b", "3", 1, {"v": 1}),
        ("a", "4", 2, {"v": 2}),
    ]
    await store.put(KIND, "a", {"v": 3}, sort_key="1", indexes={"status": "approved"})
    approved = await store.query(KIND, index=("status", "approved"))
    assert keys(approved.records) == ["a", "b"]
    assert approved.records[0].data == {"v": 3}


async def test_sort_key_prefix(store: Store) -> None:
    sort_keys = ["2023-12-31", "2024-01-05", "2024-02-01", "2024-02-15", "2024", "2025-01-01"]
    for n, sort_key in enumerate(sort_keys):
        indexes = {"status": "pending" if n % 2 else "approved"}
        await store.put(KIND, f"cr-{n}", {"n": n}, sort_key=sort_key, indexes=indexes)

    page = await store.query(KIND, sort_key_prefix="2024-")
    assert [r.sort_key for r in page.records] == ["2024-01-05", "2024-02-01", "2024-02-15"]
    page = await store.query(KIND, sort_key_prefix="2024", descending=True)
    assert [r.sort_key for r in page.records] == ["2024-02-15", "2024-02-01", "2024-01-05", "2024"]
    page = await store.query(KIND, sort_key_prefix="2024-02", index=("status", "pending"))
    assert [r.sort_key for r in page.records] == ["2024-02-15"]
    assert (await store.query(KIND, sort_key_prefix="2026")).records == []
    assert len((await store.query(KIND, sort_key_prefix="")).records) == len(sort_keys)
    pages = await collect(store, KIND, 1, sort_key_prefix="2024-0", descending=True)
    assert [[r.sort_key for r in p] for p in pages] == [
        ["2024-02-15"],
        ["2024-02-01"],
        ["2024-01-05"],
    ]


def _cursor_from(body: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")


async def test_malformed_cursor_is_a_bad_request(store: Store) -> None:
    for n in range(3):
        await store.put(KIND, f"k{n}", {"n": n}, indexes={"status": "pending"})
    good = (await store.query(KIND, limit=1)).cursor
    assert good is not None
    bad_cursors = [
        "not a cursor!!",
        "e30",  # {}
        _cursor_from(["a", "b"]),
        _cursor_from({"v": 1, "q": "0" * 16, "s": "", "k": "k0"}),  # another query's digest
        good[:-4],
    ]
    for bad in bad_cursors:
        with pytest.raises(BadRequest) as raised:
            await store.query(KIND, limit=1, cursor=bad)
        assert raised.value.code == "invalid_cursor", bad
    # A cursor only continues the query it came from.
    for other in [
        {"descending": True},
        {"index": ("status", "pending")},
        {"sort_key_prefix": "k"},
    ]:
        with pytest.raises(BadRequest):
            await store.query(KIND, limit=1, cursor=good, **other)
    assert keys((await store.query(KIND, limit=1, cursor=good)).records) == ["k1"]


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 0},
        {"limit": 1001},
        {"index": ("status",)},
        {"index": ("status", "")},
        {"sort_key_prefix": "a\x00"},
        {"kind": "no spaces"},
    ],
)
async def test_malformed_query_arguments_are_bad_requests(
    store: Store, query: dict[str, Any]
) -> None:
    arguments = dict(query)  # parameters are shared between the backends' runs
    kind = arguments.pop("kind", KIND)
    with pytest.raises(BadRequest):
        await store.query(kind, **arguments)


async def test_ping_answers(store: Store) -> None:
    await store.ping()
    await store.put(KIND, "k", {})
    await store.ping()
