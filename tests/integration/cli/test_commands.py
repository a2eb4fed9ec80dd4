"""The ``consoleme`` command as people run it: exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consoleme", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("serve", "worker", "beat", "config-check", "openapi", "store", "demo"):
        assert command in result.stdout


def test_config_check_passes_examples() -> None:
    files = sorted(str(p) for p in (ROOT / "example_config").glob("*.yaml"))
    result = run("config-check", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok ") == len(files)


def test_config_check_names_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("auth:\n  dev_mdoe: true\n")
    result = run("config-check", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"FAIL {bad}: auth.dev_mdoe: unknown key (check the spelling; see docs/configuration.md)"
    )
    assert "Traceback" not in result.stderr


def test_serve_refuses_dev_mode_off_loopback(tmp_path: Path) -> None:
    result = run(
        "serve",
        "--host",
        "0.0.0.0",
        env={
            "CONSOLEME__AUTH__DEV_MODE": "true",
            "CONSOLEME__SERVER__DATA_DIR": str(tmp_path),
            "CONSOLEME__CACHE__START_PRIVATE_REDIS": "true",
        },
    )
    assert result.returncode == 2
    assert "development sign-in is only allowed on a loopback address" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_bad_environment_value_fails_cleanly() -> None:
    result = run("serve", env={"CONSOLEME__SERVER__PORT": "eighty"})
    assert result.returncode == 2
    assert result.stderr.startswith("consoleme: environment CONSOLEME__SERVER__PORT: server.port:")


def test_openapi_writes_the_document(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    result = run("openapi", str(out), env={"CONSOLEME__AUTH__DEV_MODE": "true"})
    assert result.returncode == 0, result.stderr
    spec = json.loads(out.read_text())
    assert spec["openapi"] == "3.1.0"
    assert "/api/v2/auth/dev_login" in spec["paths"]


def test_store_init_creates_the_sqlite_file(tmp_path: Path) -> None:
    result = run("store", "init", env={"CONSOLEME__SERVER__DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "consoleme.db").is_file()
