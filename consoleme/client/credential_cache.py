"""Credentials cached on disk, one 0600 JSON file per server and role query.

``credential-process`` is run by the AWS SDKs whenever their credentials near expiry, often by
several processes at once; the cache lets those runs answer without the server while the
credentials are fresh (:mod:`consoleme.client.refresh_policy`). Entries are stored under the
query as typed (case-insensitive) and under the resolved role ARN.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from consoleme.client.models import Credentials
from consoleme.client.private_files import read_json, write_private_json


class CredentialCache:
    """The cache directory of one server."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, query: str) -> Path:
        digest = hashlib.sha256(query.strip().lower().encode()).hexdigest()[:32]
        return self.directory / f"{digest}.json"

    def get(self, query: str) -> Credentials | None:
        """The cached credentials for ``query``, whatever their age; None when none."""
        return Credentials.from_dict(read_json(self.path_for(query)))

    def put(self, query: str, credentials: Credentials) -> None:
        """Remember ``credentials`` under ``query`` and under their role ARN."""
        for key in {query.strip().lower(), credentials.role_arn.lower()}:
            write_private_json(self.path_for(key), credentials.to_dict())

    def clear(self) -> None:
        """Forget every cached credential of this server."""
        import shutil

        shutil.rmtree(self.directory, ignore_errors=True)
