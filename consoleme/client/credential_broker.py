"""Credentials kept fresh for ``cme serve``, per role query, on an injectable clock.

- A request gets the role's current credentials while they are usable
  (:func:`~consoleme.client.refresh_policy.is_usable`); a role's first request, or one whose
  credentials are no longer usable, waits for a fetch (one fetch per role at a time).
- :meth:`CredentialBroker.refresh_due` renews, ahead of time, every role whose credentials are
  past their refresh point (:mod:`~consoleme.client.refresh_policy`); a failure is reported and
  retried after :data:`RETRY_SECONDS` while the old credentials are served for as long as they
  are usable, never after.
- Fetched credentials also go to the disk cache, and a role's first request starts from the disk
  cache when it holds fresh credentials.
- A role nobody asked for in :data:`IDLE_SECONDS` is no longer renewed (and forgotten), unless
  it is pinned (``cme serve``'s default role, which IMDS clients expect to be ready at once).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from consoleme.client.credential_cache import CredentialCache
from consoleme.client.errors import CliError, CredentialsUnavailable
from consoleme.client.models import Credentials
from consoleme.client.refresh_policy import is_fresh, is_usable, refresh_at

RETRY_SECONDS = 30.0
IDLE_SECONDS = 2 * 3600.0


class _Role:
    def __init__(self, query: str, now: float) -> None:
        self.query = query
        self.credentials: Credentials | None = None
        self.retry_at = 0.0
        self.last_used = now
        self.pinned = False
        self.lock = threading.Lock()


class CredentialBroker:
    """Current credentials for any number of role queries."""

    def __init__(
        self,
        fetch: Callable[[str], Credentials],
        *,
        clock: Callable[[], float] = time.time,
        cache: CredentialCache | None = None,
        report: Callable[[str], None] = lambda _: None,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self.fetch = fetch
        self.clock = clock
        self.cache = cache
        self.report = report
        self.wake = wake
        self._roles: dict[str, _Role] = {}
        self._lock = threading.Lock()

    def get(self, query: str) -> Credentials:
        """Usable credentials for ``query``; the fetch's CliError when there are none."""
        role = self._role(query)
        held = role.credentials
        now = self.clock()
        role.last_used = now
        if held is not None and is_usable(held, now):
            if not is_fresh(held, now):
                self.wake()  # the scheduler renews them; these are still good
            return held
        with role.lock:
            held = role.credentials
            if held is not None and is_usable(held, self.clock()):
                return held
            return self._fetch(role)

    def refresh_due(self) -> float | None:
        """Renew every role past its refresh point; when to call again (epoch), or None."""
        wake_at: float | None = None
        for role in list(self._roles.values()):
            held = role.credentials
            now = self.clock()
            if not role.pinned and now - role.last_used > IDLE_SECONDS:
                with self._lock:
                    self._roles.pop(role.query, None)
                continue
            if held is not None and not is_fresh(held, now) and role.retry_at <= now:
                with role.lock:
                    if role.credentials is held:  # nobody renewed them meanwhile
                        try:
                            self._fetch(role)
                        except CliError as exc:
                            role.retry_at = now + RETRY_SECONDS
                            left = "" if not is_usable(held, now) else " (still serving the old)"
                            self.report(
                                f"could not renew credentials for {role.query}{left}: {exc.message}"
                            )
            held = role.credentials
            if held is None:
                continue
            due = refresh_at(held) if is_fresh(held, self.clock()) else role.retry_at
            wake_at = due if wake_at is None else min(wake_at, due)
        return wake_at

    def pin(self, query: str) -> None:
        """Keep ``query``'s credentials renewed even while nobody asks for them."""
        self._role(query).pinned = True

    def _role(self, query: str) -> _Role:
        role = self._roles.get(query)
        if role is None:
            with self._lock:
                role = self._roles.setdefault(query, _Role(query, self.clock()))
                if role.credentials is None and self.cache is not None:
                    cached = self.cache.get(query)
                    if cached is not None and is_fresh(cached, self.clock()):
                        role.credentials = cached
        return role

    def _fetch(self, role: _Role) -> Credentials:
        fetched = self.fetch(role.query)
        if not is_usable(fetched, self.clock()):
            raise CredentialsUnavailable(
                f"the server sent credentials for {role.query} that expire at once "
                "(is this machine's clock right?)"
            )
        role.credentials = fetched
        role.retry_at = 0.0
        if self.cache is not None:
            try:
                self.cache.put(role.query, fetched)
            except OSError as exc:
                self.report(f"could not write the credential cache: {exc}")
        self.wake()
        return fetched
