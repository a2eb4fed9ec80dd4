"""DynamoDB store fixtures: a fresh table per test on the session's moto server.

Here rather than in ``consoleme.testing`` because only ``store/`` (and ``aws/``) may use the
AWS SDK; ``consoleme.testing`` re-exports the fixture.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from consoleme.config.models import DynamoDbSettings


def _make_moto_dynamodb_writes_atomic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold one lock around moto's DynamoDB writes while a test runs.

    moto's server runs requests in threads and checks a condition, then writes, without a lock,
    so two racing conditional writes can both succeed (about 1 in 100 racing transactions);
    DynamoDB itself is atomic per item. The server runs in this process, so its backend class
    can be patched; requests still arrive concurrently.
    """
    import functools
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()  # re-entrant: transact_write_items calls put_item/delete_item

    def locked(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            with lock:
                return method(*args, **kwargs)

        return call

    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        monkeypatch.setattr(DynamoDBBackend, name, locked(getattr(DynamoDBBackend, name)))


@pytest.fixture
def dynamodb_settings(
    moto_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DynamoDbSettings]:
    """Settings for a fresh, uniquely named store table on the moto server (dropped afterwards).

    Sets dummy AWS credentials in the environment and hides the user's AWS config files.
    """
    import uuid

    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    _make_moto_dynamodb_writes_atomic(monkeypatch)
    settings = DynamoDbSettings(
        table_name=f"consoleme-test-{uuid.uuid4().hex[:12]}",
        endpoint_url=moto_endpoint,
        create_table=True,
    )
    yield settings
    client = boto3.client("dynamodb", region_name=settings.region, endpoint_url=moto_endpoint)
    try:
        client.delete_table(TableName=settings.table_name)
    except client.exceptions.ResourceNotFoundException:
        pass
    finally:
        client.close()
