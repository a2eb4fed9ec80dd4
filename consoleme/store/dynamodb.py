"""The production store of record: one DynamoDB table, reached through one aioboto3 client.

The layout (keys, the ``by_sort`` index, index entry items) is in
:mod:`consoleme.store.dynamodb_layout`. Every write first reads the record's ``version`` and
``indexes`` (strongly consistent), then writes conditionally on that version, so stale index
entries are removed in the same transaction and a concurrent writer makes the write fail instead
of being lost. A conditional failure is a Conflict when the caller named ``expected_version``;
otherwise (last writer wins) the write is read and tried again.

Queries read the ``by_sort`` index, which DynamoDB updates asynchronously (usually well within a
second), so a record written a moment ago may be missing from a page; ``get`` is strongly
consistent. Version checks hold within one region; with global tables, concurrent writes in two
regions are reconciled by DynamoDB (last writer wins).
"""

from __future__ import annotations

import asyncio
import random
from contextlib import AsyncExitStack
from typing import Any

import aioboto3
from aiobotocore.config import AioConfig
from botocore.exceptions import BotoCoreError, ClientError

from consoleme.config.models import DynamoDbSettings
from consoleme.errors import BadRequest, ConfigError, Conflict, Unavailable
from consoleme.store import dynamodb_layout as layout
from consoleme.store.protocol import Page, Record
from consoleme.store.query import QuerySpec
from consoleme.store.validation import (
    PutArgs,
    check_expected_version,
    check_key,
    check_name,
    check_put,
    check_version,
    decode_data,
)

# Tries of a put/delete whose conditional write lost a race to another writer, and of a
# BatchGetItem that left keys unprocessed.
_ATTEMPTS = 8
_BATCH_GET_SIZE = 100  # DynamoDB's limit of keys per BatchGetItem
_PASS_THROUGH = {"ConditionalCheckFailedException", "TransactionCanceledException"}


# (version, indexes) of a stored record, as read before writing it.
Current = tuple[int, dict[str, str]]


class _Raced(Exception):
    """The conditional write failed; ``condition`` False means a transaction conflict."""

    def __init__(self, condition: bool) -> None:
        super().__init__("conditional write failed")
        self.condition = condition


class DynamoStore:
    """The :class:`consoleme.store.protocol.Store` on one DynamoDB table."""

    def __init__(self, settings: DynamoDbSettings) -> None:
        self.settings = settings
        self.table = settings.table_name
        self._stack: AsyncExitStack | None = None
        self._client: Any = None

    async def open(self) -> None:
        """Open the client; with ``create_table``, create the table if missing and wait for it."""
        if self._stack is not None:
            return
        config = AioConfig(
            retries={"mode": "adaptive", "max_attempts": self.settings.max_attempts},
            connect_timeout=self.settings.timeout_seconds,
            read_timeout=self.settings.timeout_seconds,
            max_pool_connections=self.settings.max_pool_connections,
        )
        session = aioboto3.Session(region_name=self.settings.region)
        self._stack = AsyncExitStack()
        try:
            self._client = await self._stack.enter_async_context(
                session.client("dynamodb", endpoint_url=self.settings.endpoint_url, config=config)
            )
            if self.settings.create_table:
                await self._ensure_table()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the client. Idempotent."""
        stack, self._stack, self._client = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def ping(self) -> None:
        """Raise Unavailable when the table cannot be read."""
        await self._call("get_item", TableName=self.table, Key=layout.PING_KEY)

    async def get(self, kind: str, key: str) -> Record | None:
        """The record (strongly consistent read), or None."""
        item_key = layout.record_key(check_name("kind", kind), check_key(key))
        response = await self._call(
            "get_item", TableName=self.table, Key=item_key, ConsistentRead=True
        )
        item = response.get("Item")
        return None if item is None else layout.record_from_item(item)

    async def put(
        self,
        kind: str,
        key: str,
        data: dict[str, Any],
        *,
        expected_version: int | None = None,
        sort_key: str = "",
        indexes: dict[str, str] | None = None,
    ) -> Record:
        """Create or replace a record and its index entries in one conditional write."""
        args = check_put(kind, key, data, expected_version, sort_key, indexes)
        for attempt in range(_ATTEMPTS):
            # "Must not exist" needs no read: there are no old index entries to remove.
            if args.expected_version == 0:
                current = None
            else:
                current = await self._current(args.kind, args.key)
            check_version(args.kind, args.key, args.expected_version, _version(current))
            try:
                version = await self._write(args, current)
            except _Raced as raced:
                if raced.condition and args.expected_version is not None:
                    raise _conflict(args.kind, args.key, args.expected_version) from None
                await _backoff(attempt)
                continue
            return Record(
                kind=args.kind,
                key=args.key,
                version=version,
                data=decode_data(args.data_json),
                sort_key=args.sort_key,
                indexes=dict(args.indexes),
            )
        raise Conflict(f"{kind} {key!r} kept changing while being written; try again")

    async def delete(self, kind: str, key: str, *, expected_version: int | None = None) -> bool:
        """Delete the record and its index entries; True when a record was removed."""
        kind, key = check_name("kind", kind), check_key(key)
        expected = check_expected_version(expected_version)
        for attempt in range(_ATTEMPTS):
            current = await self._current(kind, key)
            check_version(kind, key, expected, _version(current))
            if current is None:
                return False
            try:
                await self._remove(kind, key, current)
            except _Raced as raced:
                if raced.condition and expected is not None:
                    raise _conflict(kind, key, expected) from None
                await _backoff(attempt)
                continue
            return True
        raise Conflict(f"{kind} {key!r} kept changing while being deleted; try again")

    async def query(
        self,
        kind: str,
        *,
        index: tuple[str, str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
        descending: bool = False,
        sort_key_prefix: str | None = None,
    ) -> Page:
        """One page in (sort_key, key) order: Query on ``by_sort`` (+ BatchGetItem for indexes)."""
        spec = QuerySpec.parse(
            kind,
            index=index,
            limit=limit,
            cursor=cursor,
            descending=descending,
            sort_key_prefix=sort_key_prefix,
        )
        items = await self._query_items(spec)
        if spec.index is None:
            return spec.page([layout.record_from_item(item) for item in items])
        records = await self._records_of(items[: spec.limit], spec.index)
        return Page(records, spec.next_cursor([layout.position(item) for item in items]))

    async def _query_items(self, spec: QuerySpec) -> list[layout.Item]:
        """Up to ``limit + 1`` items of the query; one more than the page so that a cursor is
        only returned when more records exist. DynamoDB may stop early at 1 MB, hence the loop.
        """
        request = layout.query_request(self.table, spec)
        items: list[layout.Item] = []
        while len(items) <= spec.limit:
            request["Limit"] = spec.limit + 1 - len(items)
            response = await self._call("query", **request)
            items += response.get("Items", [])
            if "LastEvaluatedKey" not in response:
                break
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        return items

    async def _records_of(self, entries: list[layout.Item], index: tuple[str, str]) -> list[Record]:
        """The records index entries name, in entry order, dropping entries the GSI still has
        but the record no longer matches."""
        found: dict[str, Record] = {}
        keys = [layout.record_key_of(entry) for entry in entries]
        for start in range(0, len(keys), _BATCH_GET_SIZE):
            pending = keys[start : start + _BATCH_GET_SIZE]
            for attempt in range(_ATTEMPTS):
                request = {self.table: {"Keys": pending, "ConsistentRead": True}}
                response = await self._call("batch_get_item", RequestItems=request)
                for item in response.get("Responses", {}).get(self.table, []):
                    found[item["pk"]["S"]] = layout.record_from_item(item)
                pending = response.get("UnprocessedKeys", {}).get(self.table, {}).get("Keys")
                if not pending:
                    break
                await _backoff(attempt)
            else:
                raise Unavailable(f"DynamoDB table {self.table!r} kept deferring reads")
        name, value = index
        records = [found.get(entry["pk"]["S"]) for entry in entries]
        return [
            record
            for record, entry in zip(records, entries, strict=True)
            if record is not None
            and record.indexes.get(name) == value
            and record.sort_key == entry["sort_key"]["S"]
        ]

    async def _current(self, kind: str, key: str) -> Current | None:
        """(version, indexes) of the stored record, or None."""
        response = await self._call(
            "get_item",
            TableName=self.table,
            Key=layout.record_key(kind, key),
            ConsistentRead=True,
            ProjectionExpression="#v, #i",
            ExpressionAttributeNames={"#v": "version", "#i": "indexes"},
        )
        item = response.get("Item")
        if item is None:
            return None
        return int(item["version"]["N"]), layout.indexes_from_item(item)

    async def _write(self, args: PutArgs, current: Current | None) -> int:
        version = (current[0] if current else 0) + 1
        put = {"TableName": self.table, "Item": layout.record_item(args, version)}
        put |= _condition(current)
        stale = [name for name in (current[1] if current else {}) if name not in args.indexes]
        actions: list[dict[str, Any]] = [{"Put": put}]
        actions += [
            {"Put": {"TableName": self.table, "Item": layout.entry_item(args, n, v)}}
            for n, v in args.indexes.items()
        ]
        actions += [
            {"Delete": {"TableName": self.table, "Key": layout.entry_key(args.kind, args.key, n)}}
            for n in stale
        ]
        await self._apply(actions)
        return version

    async def _remove(self, kind: str, key: str, current: Current) -> None:
        delete = {"TableName": self.table, "Key": layout.record_key(kind, key)}
        delete |= _condition(current)
        actions: list[dict[str, Any]] = [{"Delete": delete}]
        actions += [
            {"Delete": {"TableName": self.table, "Key": layout.entry_key(kind, key, name)}}
            for name in current[1]
        ]
        await self._apply(actions)

    async def _apply(self, actions: list[dict[str, Any]]) -> None:
        """One item: a conditional PutItem/DeleteItem; more: one TransactWriteItems."""
        try:
            if len(actions) > 1:
                await self._call("transact_write_items", TransactItems=actions)
            elif "Put" in actions[0]:
                await self._call("put_item", **actions[0]["Put"])
            else:
                await self._call("delete_item", **actions[0]["Delete"])
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code == "ConditionalCheckFailedException":
                raise _Raced(condition=True) from error
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if "ConditionalCheckFailed" in reasons:
                raise _Raced(condition=True) from error
            if "TransactionConflict" in reasons:
                raise _Raced(condition=False) from error
            raise Unavailable(f"DynamoDB table {self.table!r}: {error}") from error

    async def _ensure_table(self) -> None:
        """Create the table when DescribeTable does not find it, wait, then check the layout."""
        try:
            try:
                await self._client.describe_table(TableName=self.table)
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
                    raise
                await self._create_table()
            waiter = self._client.get_waiter("table_exists")
            await waiter.wait(TableName=self.table, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        except (ClientError, BotoCoreError, OSError) as error:
            raise Unavailable(f"cannot create DynamoDB table {self.table!r}: {error}") from error
        description = await self._call("describe_table", TableName=self.table)
        indexes = description["Table"].get("GlobalSecondaryIndexes", [])
        if layout.GSI_NAME not in {index["IndexName"] for index in indexes}:
            raise ConfigError(
                f"DynamoDB table {self.table!r} has no index {layout.GSI_NAME!r}; "
                "it was not created by ConsoleMe (see consoleme.store.dynamodb_layout)"
            )

    async def _create_table(self) -> None:
        try:
            await self._client.create_table(**layout.table_definition(self.table))
        except ClientError as error:
            # Another process created it between our DescribeTable and CreateTable.
            if error.response.get("Error", {}).get("Code") != "ResourceInUseException":
                raise

    async def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        """One client call with DynamoDB errors turned into ours."""
        if self._client is None:
            raise RuntimeError("DynamoStore is not open; call open() first")
        try:
            response: dict[str, Any] = await getattr(self._client, operation)(**kwargs)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in _PASS_THROUGH:
                raise
            if code == "ValidationException":
                raise BadRequest(f"DynamoDB refused the request: {_message(error)}") from None
            if code == "ResourceNotFoundException":
                raise Unavailable(
                    f"DynamoDB table {self.table!r} not found; create it or set "
                    "store.dynamodb.create_table"
                ) from error
            raise Unavailable(f"DynamoDB table {self.table!r}: {error}") from error
        except (BotoCoreError, OSError, TimeoutError) as error:
            raise Unavailable(f"DynamoDB did not answer: {error}") from error
        return response


def _condition(current: Current | None) -> dict[str, Any]:
    """ConditionExpression that the record is still as read (or still missing)."""
    if current is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    return {
        "ConditionExpression": "#v = :v",
        "ExpressionAttributeNames": {"#v": "version"},
        "ExpressionAttributeValues": {":v": {"N": str(current[0])}},
    }


def _version(current: Current | None) -> int:
    return 0 if current is None else current[0]


def _conflict(kind: str, key: str, expected: int) -> Conflict:
    """The record changed between our read and our conditional write."""
    return Conflict(
        f"{kind} {key!r} changed concurrently; expected version {expected}",
        details={"kind": kind, "key": key, "expected": expected},
    )


def _message(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Message", error))


async def _backoff(attempt: int) -> None:
    # Jitter spreads writers that collided on the same record.
    await asyncio.sleep(random.uniform(0, 0.01 * 2**attempt))  # noqa: S311 - not security
