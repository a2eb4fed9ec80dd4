"""The single-table DynamoDB layout of the store: key formats, items and the table definition.

Table (``pk`` HASH, ``sk`` RANGE, both strings) with one global secondary index ``by_sort``
(``gpk`` HASH, ``gsk`` RANGE, projection ALL). ``␁`` is U+0001; ``S`` = ``<sort_key>␁<key>``:

===========  ================  ============  =========================  =====
item         pk                sk            gpk                        gsk
===========  ================  ============  =========================  =====
record       ``<kind>#<key>``  ``R``         ``<kind>``                 ``S``
index entry  ``<kind>#<key>``  ``I#<name>``  ``<kind>␁<name>␁<value>``  ``S``
===========  ================  ============  =========================  =====

(``␁`` is :data:`~consoleme.store.validation.SEPARATOR`.) The record item carries the whole
record (``kind``, ``key``, ``version``, ``sort_key``, ``indexes``, ``data`` as JSON text); an index
entry carries only keys (plus ``kind``, ``key``, ``sort_key``), so a document is written once:

* get: GetItem ``(pk, "R")``;
* all of a kind in sort order: one Query ``gpk = <kind>`` on ``by_sort`` (records come with it);
* by index value in sort order: Query ``gpk = <kind>␁<name>␁<value>`` on ``by_sort``, then one
  strongly consistent BatchGetItem of the records the entries name; an entry whose record no
  longer carries that value or sort key (the GSI lags its table briefly) is dropped;
* a sort key prefix: ``begins_with(gsk, <prefix>)`` (prefixes cannot contain ␁).

``gsk`` orders exactly like the pair ``(sort_key, key)`` because ␁ sorts below every character a
sort key may hold. Index entries live in their record's item collection and are written, replaced
and removed in the same TransactWriteItems as the record, guarded by the record's ``version``.
Kinds and index names cannot contain ``#`` or ␁, which keeps every key unambiguous.
"""

from __future__ import annotations

from typing import Any

from consoleme.store.cursor import Position
from consoleme.store.protocol import Record
from consoleme.store.query import QuerySpec
from consoleme.store.validation import SEPARATOR, PutArgs, decode_data

GSI_NAME = "by_sort"
RECORD_SK = "R"
ENTRY_SK_PREFIX = "I#"
# A key no record can have (kinds are never empty): read by ping().
PING_KEY = {"pk": {"S": "#ping"}, "sk": {"S": RECORD_SK}}

Item = dict[str, dict[str, Any]]


def record_pk(kind: str, key: str) -> str:
    """Partition key shared by a record and its index entries."""
    return f"{kind}#{key}"


def index_gpk(kind: str, name: str, value: str) -> str:
    """GSI partition key of the index entries for ``name = value``."""
    return f"{kind}{SEPARATOR}{name}{SEPARATOR}{value}"


def gsk(sort_key: str, key: str) -> str:
    """GSI sort key, ordered like ``(sort_key, key)``."""
    return f"{sort_key}{SEPARATOR}{key}"


def record_key(kind: str, key: str) -> Item:
    """Primary key of the record item."""
    return {"pk": {"S": record_pk(kind, key)}, "sk": {"S": RECORD_SK}}


def entry_key(kind: str, key: str, name: str) -> Item:
    """Primary key of the index entry item for index ``name``."""
    return {"pk": {"S": record_pk(kind, key)}, "sk": {"S": ENTRY_SK_PREFIX + name}}


def record_item(args: PutArgs, version: int) -> Item:
    """The record item at ``version``."""
    return {
        **record_key(args.kind, args.key),
        "gpk": {"S": args.kind},
        **_body(args, version),
    }


def entry_item(args: PutArgs, name: str, value: str) -> Item:
    """The index entry item for ``name = value``: keys only, no document."""
    return {
        **entry_key(args.kind, args.key, name),
        "gpk": {"S": index_gpk(args.kind, name, value)},
        "gsk": {"S": gsk(args.sort_key, args.key)},
        "kind": {"S": args.kind},
        "key": {"S": args.key},
        "sort_key": {"S": args.sort_key},
    }


def _body(args: PutArgs, version: int) -> Item:
    return {
        "gsk": {"S": gsk(args.sort_key, args.key)},
        "kind": {"S": args.kind},
        "key": {"S": args.key},
        "version": {"N": str(version)},
        "sort_key": {"S": args.sort_key},
        "indexes": {"M": {name: {"S": value} for name, value in args.indexes.items()}},
        "data": {"S": args.data_json},
    }


def record_from_item(item: Item) -> Record:
    """The record carried by a record or index entry item."""
    return Record(
        kind=item["kind"]["S"],
        key=item["key"]["S"],
        version=int(item["version"]["N"]),
        data=decode_data(item["data"]["S"]),
        sort_key=item["sort_key"]["S"],
        indexes={name: value["S"] for name, value in item["indexes"]["M"].items()},
    )


def position(item: Item) -> Position:
    """The (sort_key, key) of a record or index entry item."""
    return Position(item["sort_key"]["S"], item["key"]["S"])


def record_key_of(item: Item) -> Item:
    """Primary key of the record an index entry (or record) item belongs to."""
    return {"pk": item["pk"], "sk": {"S": RECORD_SK}}


def indexes_from_item(item: Item) -> dict[str, str]:
    """The ``indexes`` map of a record item (as read before a write)."""
    return {name: value["S"] for name, value in item.get("indexes", {}).get("M", {}).items()}


def query_request(table_name: str, spec: QuerySpec) -> dict[str, Any]:
    """Arguments of the Query call for the first page of ``spec`` (without Limit)."""
    partition = spec.kind if spec.index is None else index_gpk(spec.kind, *spec.index)
    condition = "gpk = :g"
    values: Item = {":g": {"S": partition}}
    if spec.prefix:
        condition += " AND begins_with(gsk, :p)"
        values[":p"] = {"S": spec.prefix}
    request: dict[str, Any] = {
        "TableName": table_name,
        "IndexName": GSI_NAME,
        "KeyConditionExpression": condition,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": not spec.descending,
    }
    if spec.after is not None:
        # The LastEvaluatedKey DynamoDB would return for the record the cursor names.
        sk = RECORD_SK if spec.index is None else ENTRY_SK_PREFIX + spec.index[0]
        request["ExclusiveStartKey"] = {
            "pk": {"S": record_pk(spec.kind, spec.after.key)},
            "sk": {"S": sk},
            "gpk": {"S": partition},
            "gsk": {"S": gsk(spec.after.sort_key, spec.after.key)},
        }
    return request


def table_definition(table_name: str) -> dict[str, Any]:
    """Arguments of CreateTable for the layout above (on-demand capacity)."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gpk", "gsk")
        ],
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": GSI_NAME,
                "KeySchema": [
                    {"AttributeName": "gpk", "KeyType": "HASH"},
                    {"AttributeName": "gsk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    }
