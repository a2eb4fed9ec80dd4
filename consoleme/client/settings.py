"""``cme`` settings: ``cme.yaml`` (see :mod:`consoleme.client.paths`), overridden by ``CME_*``.

Every setting is declared once in :data:`FIELDS` with its variable, default and description;
``cme configure --show`` and docs/cli.md come from it. Unknown keys in the file are refused.

Parsing YAML means importing PyYAML (about 20 ms), too slow for the cached
``credential-process`` path. So the parsed file is remembered in a snapshot keyed by the file's
size, inode and modification times; while the file is unchanged the snapshot is read instead.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from consoleme.client.errors import UsageError
from consoleme.client.paths import CmePaths
from consoleme.client.private_files import read_json, write_private, write_private_json

BROWSER_MODES = ("auto", "always", "never")


class Settings(NamedTuple):
    """The effective settings: file values with environment overrides applied."""

    url: str | None = None
    user: str | None = None
    timeout_seconds: float = 10.0
    ca_bundle: str | None = None
    open_browser: str = "auto"
    poll_interval_seconds: float = 3.0
    session_renew_minutes: float = 15.0

    def require_url(self) -> str:
        """The server URL; UsageError when none is configured."""
        if not self.url:
            raise UsageError("no ConsoleMe server configured: run `cme configure` or set CME_URL")
        return self.url


def _url(value: str) -> str:
    url = value.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url) < 10:
        raise ValueError("expected an http:// or https:// URL")
    return url


def _text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("expected a non-empty string")
    return text


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError("expected a positive number")
    return number


def _browser(value: str) -> str:
    mode = value.strip().lower()
    if mode not in BROWSER_MODES:
        raise ValueError(f"expected one of {', '.join(BROWSER_MODES)}")
    return mode


class Field(NamedTuple):
    """One setting: its key in ``cme.yaml``, its environment variable, parser and meaning."""

    key: str
    env: str
    parse: Callable[[str], Any]
    description: str


FIELDS: tuple[Field, ...] = (
    Field("url", "CME_URL", _url, "ConsoleMe server URL, e.g. https://consoleme.example.com."),
    Field("user", "CME_USER", _text, "Your user name (e-mail) for `cme login`."),
    Field("timeout_seconds", "CME_TIMEOUT", _positive, "HTTP timeout towards the server (10)."),
    Field("ca_bundle", "CME_CA_BUNDLE", _text, "PEM file of CAs to trust for https (system's)."),
    Field(
        "open_browser",
        "CME_OPEN_BROWSER",
        _browser,
        "auto (when a desktop session is found), always or never (auto).",
    ),
    Field(
        "poll_interval_seconds",
        "CME_POLL_INTERVAL",
        _positive,
        "How often `cme login` asks whether the sign-in was approved (3).",
    ),
    Field(
        "session_renew_minutes",
        "CME_SESSION_RENEW_MINUTES",
        _positive,
        "`cme serve` asks for a new sign-in this long before the session expires (15).",
    ),
)
_BY_KEY = {f.key: f for f in FIELDS}


def load_settings(paths: CmePaths, environ: Mapping[str, str]) -> Settings:
    """The file's values, then the environment's; UsageError naming the bad key and source."""
    values: dict[str, Any] = {}
    for key, raw in file_values(paths).items():
        values[key] = _parse(_BY_KEY[key], str(raw), str(paths.settings_file))
    for spec in FIELDS:
        raw = environ.get(spec.env)
        if raw:
            values[spec.key] = _parse(spec, raw, spec.env)
    return Settings(**values)


def _parse(spec: Field, raw: str, source: str) -> Any:
    try:
        return spec.parse(raw)
    except ValueError as exc:
        raise UsageError(f"bad value for {spec.key} in {source}: {exc}") from None


def file_values(paths: CmePaths) -> dict[str, Any]:
    """The settings file as a dict (empty when missing), from the snapshot when unchanged."""
    path = paths.settings_file
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return {}
    stamp = [status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns]
    snapshot = read_json(paths.settings_snapshot)
    if (
        isinstance(snapshot, dict)
        and snapshot.get("path") == str(path)
        and snapshot.get("stamp") == stamp
        and isinstance(snapshot.get("values"), dict)
    ):
        return dict(snapshot["values"])
    values = _read_yaml(path)
    with contextlib.suppress(OSError):  # a read-only cache directory only costs speed
        write_private_json(
            paths.settings_snapshot, {"path": str(path), "stamp": stamp, "values": values}
        )
    return values


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise UsageError(f"{path} must hold a mapping of settings")
    unknown = sorted(str(k) for k in loaded if k not in _BY_KEY)
    if unknown:
        raise UsageError(f"unknown setting {unknown[0]!r} in {path}; known: {', '.join(_BY_KEY)}")
    return {str(k): v for k, v in loaded.items() if v is not None}


def save_settings(paths: CmePaths, updates: Mapping[str, str]) -> Settings:
    """Validate ``updates``, merge them into the settings file, and return the file's settings."""
    import yaml

    current = file_values(paths)
    for key, raw in updates.items():
        current[key] = _parse(_BY_KEY[key], raw, "the arguments")
    text = yaml.safe_dump(current, sort_keys=False, default_flow_style=False)
    write_private(paths.settings_file, text.encode())
    return Settings()._replace(**current)
