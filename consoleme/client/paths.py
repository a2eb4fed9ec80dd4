"""Where ``cme`` keeps its files, from the environment (XDG base directories, ``CME_CONFIG``).

- settings: ``$CME_CONFIG``, else ``$XDG_CONFIG_HOME/consoleme/cme.yaml`` (``~/.config/...``);
- sessions (the sign-in token, one file per server): ``<config dir>/sessions/``;
- credential cache (one file per server and role) and the parsed-settings snapshot:
  ``$XDG_CACHE_HOME/consoleme/cme/`` (``~/.cache/...``);
- AWS files: ``$AWS_SHARED_CREDENTIALS_FILE`` / ``$AWS_CONFIG_FILE``, else ``~/.aws/...``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple


def _home(environ: Mapping[str, str]) -> Path:
    home = environ.get("HOME")
    return Path(home) if home else Path.home()


def _base(environ: Mapping[str, str], variable: str, default: str) -> Path:
    value = environ.get(variable, "")
    # The XDG spec: relative paths are invalid and must be ignored.
    if value and Path(value).is_absolute():
        return Path(value)
    return _home(environ) / default


def server_key(url: str) -> str:
    """A short stable name for a server URL (file names per server)."""
    return hashlib.sha256(url.rstrip("/").lower().encode()).hexdigest()[:16]


class CmePaths(NamedTuple):
    """Every file location ``cme`` uses."""

    settings_file: Path
    config_dir: Path
    cache_dir: Path
    aws_credentials_file: Path
    aws_config_file: Path

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> CmePaths:
        config_dir = _base(environ, "XDG_CONFIG_HOME", ".config") / "consoleme"
        settings = environ.get("CME_CONFIG") or str(config_dir / "cme.yaml")
        home = _home(environ)
        return cls(
            settings_file=Path(settings).expanduser(),
            config_dir=config_dir,
            cache_dir=_base(environ, "XDG_CACHE_HOME", ".cache") / "consoleme" / "cme",
            aws_credentials_file=Path(
                environ.get("AWS_SHARED_CREDENTIALS_FILE") or home / ".aws" / "credentials"
            ).expanduser(),
            aws_config_file=Path(
                environ.get("AWS_CONFIG_FILE") or home / ".aws" / "config"
            ).expanduser(),
        )

    def session_file(self, url: str) -> Path:
        return self.config_dir / "sessions" / f"{server_key(url)}.json"

    def credential_dir(self, url: str) -> Path:
        return self.cache_dir / "credentials" / server_key(url)

    @property
    def settings_snapshot(self) -> Path:
        name = hashlib.sha256(str(self.settings_file).encode()).hexdigest()[:16]
        return self.cache_dir / f"settings-{name}.json"
