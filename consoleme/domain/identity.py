"""Who is calling: the identity attached to a request, and what a request looks like to hooks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# How the identity was established. ``browser`` identities ride on cookies a browser holds and
# so need XSRF protection on state-changing requests; ``cli`` identities (bearer tokens, the
# CLI cookie that weep keeps in its own jar, client certificates) do not.
ClientKind = Literal["browser", "cli"]


@dataclass(frozen=True, slots=True)
class Identity:
    """A signed-in person (or application) and their groups."""

    user: str
    groups: tuple[str, ...] = ()
    method: str = "session"
    kind: ClientKind = "browser"
    expires_at: int | None = None

    def in_any(self, groups: list[str] | tuple[str, ...]) -> bool:
        """True when the identity belongs to at least one of ``groups``."""
        return bool(set(self.groups).intersection(groups))


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """The parts of an HTTP request that identity hooks may look at."""

    method: str
    path: str
    headers: Mapping[str, str]
    peer_ip: str
    client_ip: str
    cookies: Mapping[str, str] = field(default_factory=dict)


def normalize_user(user: str) -> str:
    """Users are e-mail-like names compared without case or surrounding space."""
    return user.strip().lower()
