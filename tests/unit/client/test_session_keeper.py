"""``cme serve``'s sign-in: renewed ahead of expiry, asking the person only when they must act."""

from __future__ import annotations

from pathlib import Path

import pytest

from consoleme.client.errors import NotSignedIn, ServerUnreachable
from consoleme.client.models import Session
from consoleme.client.paths import CmePaths
from consoleme.client.session_keeper import SessionKeeper
from consoleme.client.session_store import SessionStore
from tests.unit.client.fakes import START, Clock

pytestmark = pytest.mark.unit
URL = "https://consoleme.example.com"


class Person:
    """Approves sign-ins when asked (or fails to); counts how often they were asked."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.asked = 0
        self.away = False

    def __call__(self) -> Session:
        self.asked += 1
        if self.away:
            raise ServerUnreachable("nobody approved")
        return Session(URL, "alice@example.com", f"token-{self.asked}", int(self.clock.now) + 3600)


def _keeper(tmp_path: Path, clock: Clock, person: Person) -> tuple[SessionKeeper, SessionStore]:
    store = SessionStore(CmePaths.from_environ({"HOME": str(tmp_path)}), URL)
    keeper = SessionKeeper(
        store,
        renew=person,
        renew_margin_seconds=15 * 60,
        clock=clock,
        retry_seconds=300,
        run=lambda work: work(),
    )
    return keeper, store


def test_renews_only_within_the_margin(tmp_path: Path) -> None:
    clock, messages = Clock(), []
    person = Person(clock)
    keeper, store = _keeper(tmp_path, clock, person)
    keeper.report = messages.append
    store.save(Session(URL, "alice@example.com", "first", int(START) + 3600))
    assert keeper.token() == "first"
    assert keeper.check() == START + 3600 - 15 * 60
    clock.advance(3600 - 15 * 60 - 1)
    assert keeper.token() == "first"
    assert person.asked == 0
    clock.advance(2)
    assert keeper.token() == "token-1"  # renewed (synchronously here) and saved
    assert store.load() == Session(URL, "alice@example.com", "token-1", int(clock.now) + 3600)
    assert person.asked == 1
    assert messages[0].startswith("signed in again as alice@example.com until ")


def test_a_newer_session_on_disk_is_used_without_asking(tmp_path: Path) -> None:
    clock = Clock()
    person = Person(clock)
    keeper, store = _keeper(tmp_path, clock, person)
    store.save(Session(URL, "alice@example.com", "first", int(START) + 3600))
    assert keeper.token() == "first"
    store.save(Session(URL, "alice@example.com", "from-cme-login", int(START) + 7200))
    clock.advance(3000)  # past the first session's renewal point
    assert keeper.token() == "from-cme-login"
    assert person.asked == 0


def test_failed_renewal_is_retried_later_and_expiry_is_not_signed_in(tmp_path: Path) -> None:
    clock, messages = Clock(), []
    person = Person(clock)
    person.away = True
    keeper, store = _keeper(tmp_path, clock, person)
    keeper.report = messages.append
    store.save(Session(URL, "alice@example.com", "first", int(START) + 600))
    assert keeper.token() == "first"  # still valid: served, renewal attempted
    assert person.asked == 1
    assert messages == ["renewing the sign-in failed: nobody approved"]
    clock.advance(299)
    keeper.token()
    assert person.asked == 1
    clock.advance(302)  # past expiry and past the retry time
    with pytest.raises(NotSignedIn, match="session expired"):
        keeper.token()
    assert person.asked == 2


def test_a_refused_token_is_forgotten_unless_replaced(tmp_path: Path) -> None:
    clock = Clock()
    person = Person(clock)
    person.away = True
    keeper, store = _keeper(tmp_path, clock, person)
    store.save(Session(URL, "alice@example.com", "first", int(START) + 3600))
    keeper.token()
    store.save(Session(URL, "alice@example.com", "second", int(START) + 3600))
    keeper.rejected("first")  # an older token: the newer session stays
    assert store.load() is not None
    keeper.rejected("second")
    assert store.load() is None
    with pytest.raises(NotSignedIn):
        keeper.token()


def test_short_sessions_are_not_renewed_right_after_sign_in(tmp_path: Path) -> None:
    clock = Clock()
    person = Person(clock)
    keeper, store = _keeper(tmp_path, clock, person)  # margin 15 minutes
    store.save(Session(URL, "alice@example.com", "short", int(START) + 600, obtained_at=START))
    assert keeper.check() == START + 300  # half of a 10-minute session, not "now"
    keeper.token()
    assert person.asked == 0
