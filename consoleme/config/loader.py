"""Load settings from a YAML file plus ``CONSOLEME__SECTION__KEY`` environment overrides.

Errors become one :class:`ConfigError` line naming the file (or variable), the key and what
was expected, so that the ``consoleme`` command can print it without a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from consoleme.config.models import Settings
from consoleme.errors import ConfigError

ENV_PREFIX = "CONSOLEME__"


def load_settings(path: Path | None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``path`` (or defaults when None) with environment overrides applied."""
    environ = os.environ if environ is None else environ
    data = _read_yaml(path) if path is not None else {}
    overrides = _env_overrides(environ)
    merged = _deep_merge(data, overrides)
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path, overrides)) from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read file ({exc.strerror})") from None
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}:{where} is not valid YAML") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: expected a mapping of sections at the top level")
    return loaded


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """``CONSOLEME__AUTH__DEV_MODE=true`` -> {"auth": {"dev_mode": "true"}}; values are YAML."""
    result: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or name == ENV_PREFIX:
            continue
        parts = [p.lower() for p in name[len(ENV_PREFIX) :].split("__") if p]
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _env_value(raw)
    return result


def _env_value(raw: str) -> Any:
    """Booleans, numbers and ``[...]``/``{...}`` are YAML; anything else stays a string.

    Free text such as ``prefix:`` or a secret must never turn into a mapping by accident.
    """
    try:
        value = yaml.safe_load(raw) if raw.strip() else raw
    except yaml.YAMLError:
        return raw
    if raw.strip().startswith(("[", "{")) and isinstance(value, list | dict):
        return value
    if isinstance(value, bool | int | float) and not isinstance(value, str):
        return value
    return raw


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _describe(exc: ValidationError, path: Path | None, overrides: dict[str, Any]) -> str:
    """One line per problem; the first line is what most people need."""
    lines = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        key = ".".join(loc)
        source = _source_of(loc, path, overrides)
        if error["type"] == "extra_forbidden":
            what = "unknown key (check the spelling; see docs/configuration.md)"
        else:
            what = f"{error['msg']} (got {_short(error.get('input'), key)})"
        lines.append(f"{source}: {key}: {what}")
    return "; ".join(lines)


def _source_of(loc: list[str], path: Path | None, overrides: dict[str, Any]) -> str:
    node: Any = overrides
    for part in loc:
        if not isinstance(node, dict) or part not in node:
            return str(path) if path is not None else "defaults"
        node = node[part]
    return "environment " + ENV_PREFIX + "__".join(p.upper() for p in loc)


def _short(value: Any, key: str) -> str:
    if any(word in key for word in ("secret", "key", "password", "token")):
        return "a hidden value"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
