"""The saved CLI sign-in, one 0600 JSON file per server (see :mod:`consoleme.client.paths`)."""

from __future__ import annotations

import os
from pathlib import Path

from consoleme.client.models import Session
from consoleme.client.paths import CmePaths
from consoleme.client.private_files import read_json, remove, write_private_json


class SessionStore:
    """Load, save and forget the session for one server URL."""

    def __init__(self, paths: CmePaths, url: str) -> None:
        self.url = url
        self.path: Path = paths.session_file(url)

    def load(self) -> Session | None:
        """The saved session for this server, expired or not; None when there is none."""
        session = Session.from_dict(read_json(self.path))
        if session is None or session.url != self.url:
            return None
        return session

    def save(self, session: Session) -> None:
        write_private_json(self.path, session.to_dict())

    def clear(self) -> bool:
        """Forget the session; False when there was none."""
        return remove(self.path)

    def stamp(self) -> tuple[int, int] | None:
        """Changes whenever the file is replaced (a long-running ``serve`` re-reads it then)."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return None
        return status.st_ino, status.st_mtime_ns
