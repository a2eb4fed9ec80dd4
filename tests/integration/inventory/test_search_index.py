"""The SQLite trigram index of a web process: exact substring results, stable cursor pages,
filters, incremental updates."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from consoleme.domain.search import SearchEntry, SearchQuery, decode_cursor, entry_id
from consoleme.store.search_index import SearchIndex

pytestmark = pytest.mark.integration

ACCOUNTS = ["111111111111", "222222222222", "333333333333"]
WORDS = ["app", "data", "Prod", "staging", "pipeline", "orders", "alerts", "deploy", "x"]


def synthetic_rows(seed: int, count: int) -> dict[tuple[str, str], dict[str, list[Any]]]:
    """(account, type) -> ARN -> [name, region, tags]: roles and queues with random names."""
    rng = random.Random(seed)
    parts: dict[tuple[str, str], dict[str, list[Any]]] = {}
    for i in range(count):
        account = rng.choice(ACCOUNTS)
        name = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{i}"
        tags = {"owner": rng.choice(["team-a", "team-b"])} if i % 3 else {}
        if i % 4:
            arn = f"arn:aws:iam::{account}:role/{name}"
            parts.setdefault((account, "iam_role"), {})[arn] = [name, "", tags]
        else:
            arn = f"arn:aws:sqs:eu-west-1:{account}:{name}"
            parts.setdefault((account, "sqs_queue"), {})[arn] = [name, "eu-west-1", tags]
    return parts


def flatten(parts: dict[tuple[str, str], dict[str, list[Any]]]) -> list[SearchEntry]:
    return [
        SearchEntry(arn=arn, type=kind, account_id=account, name=v[0], region=v[1], tags=v[2])  # type: ignore[typeddict-item]
        for (account, kind), rows in parts.items()
        for arn, v in rows.items()
    ]


def expected(entries: list[SearchEntry], query: SearchQuery) -> list[str]:
    """Brute force: what the index must answer, in id order."""
    text = query.q.lower()

    def keep(e: SearchEntry) -> bool:
        if len(text) >= 3 and text not in f"{e['arn']} {e['name']}".lower():
            return False
        if 0 < len(text) < 3 and not e["name"].lower().startswith(text):
            return False
        if query.account_id and e["account_id"] != query.account_id:
            return False
        if query.type and e["type"] != query.type:
            return False
        return not (query.tag and e["tags"].get(query.tag[0]) != query.tag[1])

    found = sorted(
        (entry_id(e["type"], e["account_id"], e["arn"]), e["arn"]) for e in entries if keep(e)
    )
    return [arn for _, arn in found]


async def all_pages(index: SearchIndex, query: SearchQuery) -> list[str]:
    arns: list[str] = []
    after = None
    while True:
        page = await index.search(
            SearchQuery(query.q, query.account_id, query.type, query.tag, after, query.limit)
        )
        arns.extend(e["arn"] for e in page.entries)
        if page.next_cursor is None:
            return arns
        after = decode_cursor(page.next_cursor)


@pytest_asyncio.fixture
async def index(tmp_path: Path) -> AsyncIterator[SearchIndex]:
    opened = SearchIndex(tmp_path / "search", threads=2)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()
    assert not list((tmp_path / "search").iterdir()), "close() removes the index files"


async def fill(index: SearchIndex, parts: dict[tuple[str, str], dict[str, list[Any]]]) -> None:
    for (account, kind), rows in parts.items():
        await index.apply_part(account, kind, rows)


QUERIES = [
    SearchQuery(q="pipeline", limit=7),
    SearchQuery(q="PROD-ORD", limit=5),
    SearchQuery(q="role/app-", limit=50),
    SearchQuery(q="222222222222:role/data", limit=3),
    SearchQuery(q="arn:aws:sqs:eu-west-1:111111111111:", limit=4),
    SearchQuery(q="no-such-thing", limit=5),
    SearchQuery(q="st", limit=6),
    SearchQuery(q="x", limit=9),
    SearchQuery(q="", type="sqs_queue", limit=11),
    SearchQuery(q="", account_id="333333333333", type="iam_role", limit=13),
    SearchQuery(q="", tag=("owner", "team-b"), limit=17),
    SearchQuery(q="deploy", tag=("owner", "team-a"), account_id="111111111111", limit=2),
    SearchQuery(q="", limit=200),
]


@pytest.mark.parametrize("query", QUERIES, ids=[repr(q.q) for q in QUERIES])
async def test_every_page_together_equals_a_brute_force_scan(
    index: SearchIndex, query: SearchQuery
) -> None:
    parts = synthetic_rows(seed=7, count=1500)
    await fill(index, parts)
    arns = await all_pages(index, query)
    assert arns == expected(flatten(parts), query)
    assert len(arns) == len(set(arns))


async def test_updates_apply_only_differences_and_drops_remove_a_part(index: SearchIndex) -> None:
    parts = synthetic_rows(seed=3, count=400)
    await fill(index, parts)
    total = sum(len(rows) for rows in parts.values())
    assert index.entries == total
    key = (ACCOUNTS[0], "iam_role")
    rows = dict(parts[key])
    removed = sorted(rows)[:5]
    for arn in removed:
        del rows[arn]
    renamed = sorted(rows)[0]
    rows[renamed] = ["renamed-zzz-role", "", {"owner": "team-z"}]
    added = f"arn:aws:iam::{ACCOUNTS[0]}:role/brand-new-qq"
    rows[added] = ["brand-new-qq", "", {}]
    assert await index.apply_part(*key, rows) == 5 + 1 + 1  # removed, changed, added
    assert await index.apply_part(*key, rows) == 0
    parts[key] = rows
    for query in (SearchQuery(q="zzz"), SearchQuery(tag=("owner", "team-z")), SearchQuery(q="qq")):
        assert await all_pages(index, query) == expected(flatten(parts), query)
    assert await index.drop_part(*key) == len(rows)
    del parts[key]
    assert await all_pages(index, SearchQuery(limit=200)) == expected(flatten(parts), SearchQuery())


async def test_cursors_survive_changes_between_pages(index: SearchIndex) -> None:
    parts = synthetic_rows(seed=11, count=300)
    await fill(index, parts)
    first = await index.search(SearchQuery(q="", limit=20))
    assert first.next_cursor is not None
    # The inventory changes between two page requests: entries before the cursor go away.
    key = next(iter(parts))
    gone = {e["arn"] for e in first.entries}
    await index.apply_part(*key, {a: v for a, v in parts[key].items() if a not in gone})
    second = await index.search(SearchQuery(q="", after=decode_cursor(first.next_cursor)))
    assert not gone & {e["arn"] for e in second.entries}
    assert second.entries[0]["arn"] not in {e["arn"] for e in first.entries}


async def test_substring_mode_for_short_typeahead_queries(index: SearchIndex) -> None:
    parts = synthetic_rows(seed=5, count=200)
    await fill(index, parts)
    page = await index.search(SearchQuery(q="-1", type="iam_role", limit=500), short="substring")
    want = sorted(
        (entry_id(e["type"], e["account_id"], e["arn"]), e["arn"])
        for e in flatten(parts)
        if e["type"] == "iam_role" and "-1" in e["arn"].lower()
    )
    assert [e["arn"] for e in page.entries] == [arn for _, arn in want]
