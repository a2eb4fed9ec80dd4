"""Build the configured store of record from settings (no I/O: call ``open()`` on the result)."""

from __future__ import annotations

from pathlib import Path

from consoleme.config.models import StoreSettings
from consoleme.store.protocol import Store

SQLITE_FILE_NAME = "consoleme.db"


def store_from_settings(settings: StoreSettings, data_dir: Path) -> Store:
    """The backend ``settings.backend`` names; SQLite defaults to ``<data_dir>/consoleme.db``."""
    if settings.backend == "dynamodb":
        # Imported here so that an SQLite deployment never loads the AWS SDK for the store.
        from consoleme.store.dynamodb import DynamoStore

        return DynamoStore(settings.dynamodb)
    from consoleme.store.sqlite import SqliteStore

    return SqliteStore(settings.sqlite.path or data_dir / SQLITE_FILE_NAME)
