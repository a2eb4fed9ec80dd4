"""Small fakes for the ``cme`` unit tests: a controlled clock and a credential issuer."""

from __future__ import annotations

from dataclasses import dataclass, field

from consoleme.client.errors import CliError, ServerUnreachable
from consoleme.client.models import Credentials

START = 1_800_000_000.0


@dataclass
class Clock:
    """Epoch time that only moves when told to."""

    now: float = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Issuer:
    """Issues credentials valid for ``lifetime`` seconds from the clock's now (like STS), or
    fails while ``down``; counts its calls."""

    clock: Clock
    lifetime: int = 3600
    down: bool = False
    calls: list[str] = field(default_factory=list)

    def __call__(self, query: str) -> Credentials:
        self.calls.append(query)
        if self.down:
            raise ServerUnreachable("cannot reach ConsoleMe at http://127.0.0.1:9: timed out")
        serial = len(self.calls)
        return Credentials(
            access_key_id=f"ASIA{serial:016d}",
            secret_access_key="secret",
            session_token=f"token-{serial}",
            expiration=int(self.clock.now) + self.lifetime,
            role_arn=f"arn:aws:iam::123456789012:role/{query}",
            fetched_at=self.clock.now,
        )


def credentials(expiration: float, fetched_at: float, role: str = "r") -> Credentials:
    return Credentials("ASIA", "s", "t", int(expiration), f"arn:aws:iam::1:role/{role}", fetched_at)


__all__ = ["START", "CliError", "Clock", "Issuer", "credentials"]
