"""Settings: file, environment, validation, the snapshot that spares the YAML parser, docs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from consoleme.client.errors import UsageError
from consoleme.client.paths import CmePaths
from consoleme.client.settings import FIELDS, Settings, load_settings, save_settings

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]


def _paths(tmp_path: Path, **extra: str) -> CmePaths:
    return CmePaths.from_environ({"HOME": str(tmp_path), **extra})


def test_defaults_file_and_environment(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    assert load_settings(paths, {}) == Settings()
    paths.settings_file.parent.mkdir(parents=True)
    paths.settings_file.write_text("url: https://cm.example.com/\ntimeout_seconds: 3\n")
    loaded = load_settings(paths, {"CME_USER": "a@b.c", "CME_TIMEOUT": "7.5"})
    assert (loaded.url, loaded.user, loaded.timeout_seconds) == (
        "https://cm.example.com",
        "a@b.c",
        7.5,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nope: 1\n", "unknown setting 'nope'"),
        ("url: ftp://x\n", "bad value for url in"),
        ("open_browser: sometimes\n", "expected one of auto, always, never"),
        ("- a\n", "must hold a mapping"),
        ("url: [\n", "cannot read"),
    ],
)
def test_bad_files_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    paths = _paths(tmp_path)
    paths.settings_file.parent.mkdir(parents=True)
    paths.settings_file.write_text(text)
    with pytest.raises(UsageError, match=message):
        load_settings(paths, {})


def test_bad_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="bad value for timeout_seconds in CME_TIMEOUT"):
        load_settings(_paths(tmp_path), {"CME_TIMEOUT": "-1"})


def test_snapshot_spares_yaml_until_the_file_changes(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    save_settings(paths, {"url": "https://one.example.com"})
    load_settings(paths, {})  # writes the snapshot
    probe = (
        "import sys; from consoleme.client.paths import CmePaths; "
        "from consoleme.client.settings import load_settings; "
        f"s = load_settings(CmePaths.from_environ({{'HOME': {str(tmp_path)!r}}}), {{}}); "
        "print(s.url, 'yaml' in sys.modules)"
    )
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert run() == ["https://one.example.com", "False"]
    paths.settings_file.write_text("url: https://two.example.com\n")
    assert run() == ["https://two.example.com", "True"]
    assert run() == ["https://two.example.com", "False"]


def test_save_keeps_other_keys(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    save_settings(paths, {"url": "https://one.example.com", "user": "a@b.c"})
    saved = save_settings(paths, {"user": "d@e.f"})
    assert (saved.url, saved.user) == ("https://one.example.com", "d@e.f")
    assert paths.settings_file.read_text() == "url: https://one.example.com\nuser: d@e.f\n"
    with pytest.raises(UsageError):
        save_settings(paths, {"url": "nope"})


def test_paths_follow_xdg_and_overrides(tmp_path: Path) -> None:
    paths = CmePaths.from_environ(
        {
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": "/cfg",
            "XDG_CACHE_HOME": "relative/ignored",
            "AWS_SHARED_CREDENTIALS_FILE": "/aws/creds",
        }
    )
    assert paths.settings_file == Path("/cfg/consoleme/cme.yaml")
    assert paths.cache_dir == tmp_path / ".cache" / "consoleme" / "cme"
    assert paths.aws_credentials_file == Path("/aws/creds")
    assert paths.aws_config_file == tmp_path / ".aws" / "config"
    assert CmePaths.from_environ({"HOME": "/h", "CME_CONFIG": "/x.yaml"}).settings_file == Path(
        "/x.yaml"
    )
    assert paths.session_file("https://A.example.com/") == paths.session_file(
        "https://a.example.com"
    )


def test_every_setting_and_exit_code_is_documented() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text()
    assert set(Settings._fields) == {f.key for f in FIELDS}
    for spec in FIELDS:
        assert f"`{spec.key}`" in docs, spec.key
        assert f"`{spec.env}`" in docs, spec.env
    from consoleme.client import errors

    codes = {v for k, v in vars(errors).items() if k.startswith("EXIT_")}
    for code in codes:
        assert f"| {code} |" in docs, code
