"""The sign-in a long-running ``cme serve`` works with, renewed before it expires.

The session is re-read whenever its file changes, so a ``cme login`` in another terminal is
picked up without asking anyone. Only when the session is within ``renew_margin_seconds`` of
expiry (at most half its lifetime), or the server refused it, and no newer one exists on disk,
does the keeper start the browser-approved sign-in, which prints a URL for the person to
approve; a failed or unanswered attempt is retried after ``retry_seconds``. Meanwhile
credentials already held keep being served for as long as they are usable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from consoleme.client.errors import CliError, NotSignedIn
from consoleme.client.models import Session
from consoleme.client.session_store import SessionStore


def _in_thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="cme-sign-in", daemon=True).start()


class SessionKeeper:
    """Hands out the current session token and renews the session ahead of its expiry."""

    def __init__(
        self,
        store: SessionStore,
        *,
        renew: Callable[[], Session] | None,
        renew_margin_seconds: float,
        clock: Callable[[], float] = time.time,
        report: Callable[[str], None] = lambda _: None,
        retry_seconds: float = 300.0,
        run: Callable[[Callable[[], None]], None] = _in_thread,
    ) -> None:
        self.store = store
        self.renew = renew
        self.margin = renew_margin_seconds
        self.clock = clock
        self.report = report
        self.retry_seconds = retry_seconds
        self.run = run
        self._session: Session | None = None
        self._stamp: tuple[int, int] | None = None
        self._renewing = False
        self._next_attempt = 0.0
        self._lock = threading.Lock()

    def current(self) -> Session | None:
        """The saved session (re-read when its file changed), expired or not."""
        stamp = self.store.stamp()
        if stamp != self._stamp or (stamp is None and self._session is not None):
            self._session, self._stamp = self.store.load(), stamp
        return self._session

    def token(self) -> str:
        """The token to call the server with; NotSignedIn when the session has expired."""
        self.check()
        session = self.current()
        if session is None or session.seconds_left(self.clock()) <= 0:
            raise NotSignedIn(
                "not signed in (the session expired): approve the sign-in `cme serve` printed, "
                "or run `cme login`"
            )
        return session.token

    def rejected(self, token: str) -> None:
        """The server refused ``token``: forget it (unless a newer session replaced it)."""
        session = self.current()
        if session is not None and session.token == token:
            self.store.clear()
            self._session, self._stamp = None, None
        self.check()

    def check(self) -> float | None:
        """Start a renewal when one is due; when to check again (epoch), or None."""
        session = self.current()
        now = self.clock()
        due = now if session is None else session.expires_at - self._margin(session)
        if due <= now:
            self._start_renewal(now)
            return now + self.retry_seconds
        return due

    def _margin(self, session: Session) -> float:
        """The renewal margin, but at most half the session's lifetime when that is known: a
        server issuing short sessions must not make us ask again right after each sign-in."""
        if session.obtained_at <= 0:
            return self.margin
        return min(self.margin, (session.expires_at - session.obtained_at) / 2)

    def _start_renewal(self, now: float) -> None:
        with self._lock:
            if self.renew is None or self._renewing or now < self._next_attempt:
                return
            self._renewing = True
        self.run(self._renew)

    def _renew(self) -> None:
        assert self.renew is not None
        try:
            session = self.renew()
            self.store.save(session)
            self._session, self._stamp = session, self.store.stamp()
            until = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.expires_at))
            self.report(f"signed in again as {session.user} until {until}")
        except CliError as exc:
            self._next_attempt = self.clock() + self.retry_seconds
            self.report(f"renewing the sign-in failed: {exc.message}")
        finally:
            self._renewing = False
