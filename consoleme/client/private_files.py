"""Files only their owner may read: atomic writes with mode 0600 in directories with mode 0700.

A write goes to a temporary file in the same directory (created 0600, so the secret is never
readable by others, not even for a moment), is flushed to disk, and then renamed over the
target: readers see the old file or the new one, never half of either.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(directory: Path) -> None:
    """Create ``directory`` (and parents) with mode 0700; an existing one is left as it is."""
    directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``, mode 0600."""
    import contextlib
    import tempfile

    ensure_private_dir(path.parent)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as temp:
            os.fchmod(temp.fileno(), FILE_MODE)
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def write_private_json(path: Path, value: Any) -> None:
    """``value`` as compact JSON, written with :func:`write_private`."""
    write_private(path, json.dumps(value, separators=(",", ":"), sort_keys=True).encode())


def read_json(path: Path) -> Any:
    """The JSON in ``path``; None when the file is missing or not valid JSON."""
    try:
        with open(path, "rb") as file:
            return json.loads(file.read())
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None


def remove(path: Path) -> bool:
    """Delete ``path``; False when it did not exist."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
