"""DynamoDB specifics on the moto server: the table layout, index entry items, failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from consoleme.config.models import DynamoDbSettings
from consoleme.errors import ConfigError, Unavailable
from consoleme.store.dynamodb import DynamoStore
from consoleme.store.redis_server import free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def dynamodb(dynamodb_settings: DynamoDbSettings) -> Iterator[Any]:
    """A plain boto3 client on the moto server, to look at raw items."""
    client = boto3.client(
        "dynamodb",
        region_name=dynamodb_settings.region,
        endpoint_url=dynamodb_settings.endpoint_url,
    )
    yield client
    client.close()


def raw_items(client: Any, table: str, pk: str) -> dict[str, dict[str, Any]]:
    """Every item of one item collection (a record and its index entries), by sort key."""
    response = client.query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": pk}},
        ConsistentRead=True,
    )
    return {item["sk"]["S"]: item for item in response["Items"]}


async def test_created_table_has_the_documented_layout(
    dynamodb_settings: DynamoDbSettings, dynamodb: Any
) -> None:
    store = DynamoStore(dynamodb_settings)
    await store.open()
    await store.close()
    again = DynamoStore(dynamodb_settings)  # the table exists now: open() leaves it alone
    await again.open()
    await again.close()
    table = dynamodb.describe_table(TableName=dynamodb_settings.table_name)["Table"]
    assert {k["AttributeName"]: k["KeyType"] for k in table["KeySchema"]} == {
        "pk": "HASH",
        "sk": "RANGE",
    }
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    (gsi,) = table["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "by_sort"
    assert [k["AttributeName"] for k in gsi["KeySchema"]] == ["gpk", "gsk"]


async def test_index_entries_are_replaced_and_removed_with_the_record(
    dynamodb_settings: DynamoDbSettings, dynamodb: Any
) -> None:
    table = dynamodb_settings.table_name
    store = DynamoStore(dynamodb_settings)
    await store.open()
    try:
        await store.put("cr", "k", {"big": "x" * 1000}, indexes={"status": "pending", "u": "al"})
        items = raw_items(dynamodb, table, "cr#k")
        assert set(items) == {"R", "I#status", "I#u"}
        assert items["I#status"]["gpk"]["S"] == "cr\x01status\x01pending"
        assert "data" not in items["I#status"]  # the document is stored once

        await store.put("cr", "k", {"v": 2}, sort_key="s", indexes={"status": "approved"})
        items = raw_items(dynamodb, table, "cr#k")
        assert set(items) == {"R", "I#status"}
        assert items["I#status"]["gpk"]["S"] == "cr\x01status\x01approved"
        assert items["I#status"]["gsk"]["S"] == "s\x01k"
        assert items["R"]["version"]["N"] == "2"

        await store.delete("cr", "k")
        assert raw_items(dynamodb, table, "cr#k") == {}
    finally:
        await store.close()


async def test_stale_index_entry_is_not_returned(
    dynamodb_settings: DynamoDbSettings, dynamodb: Any
) -> None:
    # As if the GSI still held an entry the table has already replaced.
    table = dynamodb_settings.table_name
    store = DynamoStore(dynamodb_settings)
    await store.open()
    try:
        await store.put("cr", "k", {}, indexes={"status": "approved"})
        stale = raw_items(dynamodb, table, "cr#k")["I#status"]
        stale["sk"] = {"S": "I#old"}
        stale["gpk"] = {"S": "cr\x01status\x01pending"}
        dynamodb.put_item(TableName=table, Item=stale)
        assert (await store.query("cr", index=("status", "pending"))).records == []
        page = await store.query("cr", index=("status", "approved"))
        assert [r.key for r in page.records] == ["k"]
    finally:
        await store.close()


async def test_missing_table_is_unavailable(dynamodb_settings: DynamoDbSettings) -> None:
    settings = dynamodb_settings.model_copy(update={"create_table": False})
    store = DynamoStore(settings)
    await store.open()
    try:
        with pytest.raises(Unavailable, match="not found"):
            await store.ping()
        with pytest.raises(Unavailable, match="create_table"):
            await store.get("cr", "k")
    finally:
        await store.close()


async def test_foreign_table_is_refused(dynamodb_settings: DynamoDbSettings, dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName=dynamodb_settings.table_name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    )
    store = DynamoStore(dynamodb_settings)
    with pytest.raises(ConfigError, match="by_sort"):
        await store.open()
    await store.close()


async def test_unreachable_endpoint_is_unavailable(dynamodb_settings: DynamoDbSettings) -> None:
    settings = dynamodb_settings.model_copy(
        update={
            "endpoint_url": f"http://127.0.0.1:{free_port()}",
            "create_table": False,
            "max_attempts": 1,
            "timeout_seconds": 1.0,
        }
    )
    store = DynamoStore(settings)
    await store.open()
    try:
        with pytest.raises(Unavailable, match="did not answer"):
            await store.ping()
    finally:
        await store.close()
