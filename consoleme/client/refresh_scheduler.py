"""The background thread of ``cme serve``: renews credentials and the session ahead of time.

:meth:`RefreshScheduler.run_once` does one round and says how long to sleep; the thread sleeps
that long (at most ``max_sleep``) or until woken by :meth:`wake`. Tests drive ``run_once``
directly with a controlled clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from consoleme.client.credential_broker import CredentialBroker
from consoleme.client.session_keeper import SessionKeeper


class RefreshScheduler:
    """Calls the broker's and the keeper's due work; sleeps in between."""

    def __init__(
        self,
        broker: CredentialBroker,
        keeper: SessionKeeper | None,
        *,
        clock: Callable[[], float] = time.time,
        min_sleep: float = 0.5,
        max_sleep: float = 60.0,
        report: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.broker = broker
        self.keeper = keeper
        self.clock = clock
        self.min_sleep = min_sleep
        self.max_sleep = max_sleep
        self.report = report
        self._event = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def run_once(self) -> float:
        """One round; seconds until the next one is due."""
        due = [self.broker.refresh_due()]
        if self.keeper is not None:
            due.append(self.keeper.check())
        upcoming = [t for t in due if t is not None]
        if not upcoming:
            return self.max_sleep
        return min(self.max_sleep, max(self.min_sleep, min(upcoming) - self.clock()))

    def wake(self) -> None:
        self._event.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="cme-refresh", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped = True
        self._event.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stopped:
            self._event.clear()  # before the round, so a wake during it is not lost
            try:
                delay = self.run_once()
            except Exception as exc:  # a bug must not end renewals for good
                self.report(f"refresh round failed: {type(exc).__name__}: {exc}")
                delay = self.max_sleep
            self._event.wait(delay)
