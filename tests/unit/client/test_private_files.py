"""Private files: mode 0600 from the first byte, atomic replacement, tolerant reads."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from consoleme.client.private_files import read_json, remove, write_private, write_private_json

pytestmark = pytest.mark.unit


def test_mode_and_directory(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "secret.json"
    old_umask = os.umask(0)
    try:
        write_private_json(target, {"a": 1})
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert read_json(target) == {"a": 1}


def test_replacing_keeps_no_temporary_and_tightens_mode(tmp_path: Path) -> None:
    target = tmp_path / "credentials"
    target.write_text("old")
    target.chmod(0o644)
    inode = target.stat().st_ino
    write_private(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_ino != inode  # a rename, not a rewrite in place
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["credentials"]


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "credentials"
    target.write_text("old")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_private(target, b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["credentials"]


def test_reads_and_removes_tolerantly(tmp_path: Path) -> None:
    assert read_json(tmp_path / "missing") is None
    (tmp_path / "bad").write_text("{not json")
    assert read_json(tmp_path / "bad") is None
    assert remove(tmp_path / "bad") is True
    assert remove(tmp_path / "bad") is False
