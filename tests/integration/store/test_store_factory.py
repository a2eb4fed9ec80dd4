"""store_from_settings picks the configured backend and the default SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from consoleme.config.models import StoreSettings
from consoleme.store.dynamodb import DynamoStore
from consoleme.store.factory import store_from_settings
from consoleme.store.protocol import Store
from consoleme.store.sqlite import SqliteStore

pytestmark = pytest.mark.integration


def test_sqlite_is_the_default_under_the_data_dir(tmp_path: Path) -> None:
    store = store_from_settings(StoreSettings(), tmp_path)
    assert isinstance(store, SqliteStore)
    assert isinstance(store, Store)
    assert store.path == tmp_path / "consoleme.db"


def test_sqlite_path_setting_wins(tmp_path: Path) -> None:
    settings = StoreSettings.model_validate({"sqlite": {"path": str(tmp_path / "other.db")}})
    store = store_from_settings(settings, tmp_path / "data")
    assert isinstance(store, SqliteStore)
    assert store.path == tmp_path / "other.db"


def test_dynamodb_backend_uses_its_settings(tmp_path: Path) -> None:
    settings = StoreSettings.model_validate(
        {"backend": "dynamodb", "dynamodb": {"table_name": "cme", "region": "eu-west-1"}}
    )
    store = store_from_settings(settings, tmp_path)
    assert isinstance(store, DynamoStore)
    assert isinstance(store, Store)
    assert (store.table, store.settings.region) == ("cme", "eu-west-1")


async def test_built_store_opens_and_serves(tmp_path: Path) -> None:
    store = store_from_settings(StoreSettings(), tmp_path)
    await store.open()
    try:
        await store.put("favorite", "alice", {"ok": True})
        assert (tmp_path / "consoleme.db").exists()
    finally:
        await store.close()
