"""``cme serve``'s credentials on a controlled clock: renewed ahead of expiry, never served
expired, not even while the server is down; also through the real local HTTP server."""

from __future__ import annotations

import calendar
import http.client
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from consoleme.client.credential_broker import IDLE_SECONDS, RETRY_SECONDS, CredentialBroker
from consoleme.client.credential_cache import CredentialCache
from consoleme.client.errors import CliError, CredentialsUnavailable
from consoleme.client.local_server import LocalEndpoints, LocalServer
from consoleme.client.models import Credentials
from consoleme.client.refresh_policy import MIN_VALIDITY_SECONDS, refresh_margin
from consoleme.client.refresh_scheduler import RefreshScheduler
from tests.unit.client.fakes import START, Clock, Issuer

pytestmark = pytest.mark.unit


class Simulation:
    """A broker and its scheduler on a fake clock; the scheduler runs when it asked to."""

    def __init__(self, issuer: Issuer, clock: Clock, cache: CredentialCache | None = None):
        self.clock = clock
        self.broker = CredentialBroker(issuer, clock=clock, cache=cache)
        self.scheduler = RefreshScheduler(self.broker, None, clock=clock, min_sleep=0.5)
        self.next_round = clock.now
        self.served: list[tuple[float, Credentials]] = []

    def step(self, seconds: float, role: str = "app") -> Credentials | CliError:
        self.clock.advance(seconds)
        if self.clock.now >= self.next_round:
            self.next_round = self.clock.now + self.scheduler.run_once()
        try:
            found = self.broker.get(role)
        except CliError as exc:
            return exc
        self.served.append((self.clock.now, found))
        return found


def test_short_lived_credentials_are_never_served_expired() -> None:
    clock = Clock()
    issuer = Issuer(clock, lifetime=900)  # STS's shortest session
    sim = Simulation(issuer, clock)
    for _ in range(6 * 360):  # six hours, a request every 10 s
        assert isinstance(sim.step(10), Credentials)
    for at, served in sim.served:
        assert served.expiration - at > MIN_VALIDITY_SECONDS
        # renewed after a third of the lifetime has passed: at least 10 of 15 minutes left
        assert served.expiration - at >= refresh_margin(900) - 10
    # one fetch per 5 minutes, not one per request
    assert 6 * 12 <= len(issuer.calls) <= 6 * 12 + 2


def test_one_hour_credentials_are_renewed_20_minutes_early() -> None:
    clock = Clock()
    issuer = Issuer(clock, lifetime=3600)
    sim = Simulation(issuer, clock)
    first = sim.step(0)
    assert isinstance(first, Credentials)
    sim.step(40 * 60 - 1)
    assert len(issuer.calls) == 1
    renewed = sim.step(2)
    assert isinstance(renewed, Credentials)
    assert len(issuer.calls) == 2
    assert renewed.expiration == first.expiration + 40 * 60 + 1
    assert min(c.expiration - at for at, c in sim.served) >= 20 * 60 - 1


def test_server_down_old_credentials_until_unusable_then_errors() -> None:
    clock = Clock()
    issuer = Issuer(clock, lifetime=3600)
    sim = Simulation(issuer, clock)
    good = sim.step(0)
    assert isinstance(good, Credentials)
    issuer.down = True
    answers = [sim.step(10) for _ in range(400)]  # 66 minutes, past the expiry
    served = [a for a in answers if isinstance(a, Credentials)]
    refused = [a for a in answers if isinstance(a, CliError)]
    assert served
    assert all(a is good for a in served)
    assert refused
    assert "cannot reach ConsoleMe" in refused[0].message
    # served until a minute before expiry, refused from then on, never the other way round
    first_refusal = answers.index(refused[0])
    assert all(isinstance(a, CliError) for a in answers[first_refusal:])
    for at, credentials in sim.served:
        assert credentials.expiration - at > MIN_VALIDITY_SECONDS
    # renewal was retried every RETRY_SECONDS while waiting, not on every request
    retries = len(issuer.calls) - 1
    assert retries < 400
    issuer.down = False
    back = sim.step(10)
    assert isinstance(back, Credentials)
    assert back.expiration > clock.now + 3000


def test_retry_interval_while_the_server_is_down() -> None:
    clock = Clock()
    issuer = Issuer(clock)
    sim = Simulation(issuer, clock)
    sim.step(0)
    issuer.down = True
    sim.step(40 * 60 + 1)
    attempts = len(issuer.calls)
    for _ in range(int(RETRY_SECONDS) - 1):
        sim.step(1)
    assert len(issuer.calls) == attempts
    sim.step(2)
    assert len(issuer.calls) == attempts + 1


def test_credentials_that_arrive_expired_are_not_served() -> None:
    clock = Clock()
    issuer = Issuer(clock, lifetime=30)  # e.g. a badly wrong local clock
    broker = CredentialBroker(issuer, clock=clock)
    with pytest.raises(CredentialsUnavailable, match="is this machine's clock right"):
        broker.get("app")


def test_a_role_is_fetched_once_by_concurrent_first_requests() -> None:
    clock = Clock()
    gate = threading.Event()
    issuer = Issuer(clock)

    def slow(query: str) -> Credentials:
        gate.wait(5)
        return issuer(query)

    broker = CredentialBroker(slow, clock=clock)
    results: list[Credentials] = []
    threads = [threading.Thread(target=lambda: results.append(broker.get("app"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert len(results) == 8
    assert len(issuer.calls) == 1


def test_starts_from_fresh_disk_cache_and_writes_to_it(tmp_path: Path) -> None:
    clock = Clock()
    cache = CredentialCache(tmp_path)
    issuer = Issuer(clock)
    first = CredentialBroker(issuer, clock=clock, cache=cache).get("app")
    second = CredentialBroker(issuer, clock=clock, cache=cache).get("APP")
    assert second == first
    assert len(issuer.calls) == 1
    clock.advance(41 * 60)  # no longer fresh: a new broker fetches
    CredentialBroker(issuer, clock=clock, cache=cache).get("app")
    assert len(issuer.calls) == 2


@pytest.fixture
def served_broker() -> Iterator[tuple[LocalServer, CredentialBroker, Clock, Issuer]]:
    clock = Clock(START)
    issuer = Issuer(clock, lifetime=900)
    broker = CredentialBroker(issuer, clock=clock)
    server = LocalServer(LocalEndpoints(broker.get, "secret-token"), 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server, broker, clock, issuer
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_over_http_no_expired_credential_with_a_controlled_clock(
    served_broker: tuple[LocalServer, CredentialBroker, Clock, Issuer],
) -> None:
    server, broker, clock, issuer = served_broker
    scheduler = RefreshScheduler(broker, None, clock=clock)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    headers = {"Authorization": "secret-token"}
    next_round = clock.now
    seen = set()
    for step in range(2 * 360):  # two hours of 900-second credentials, a request every 10 s
        clock.advance(10)
        if clock.now >= next_round:
            next_round = clock.now + scheduler.run_once()
        if step == 300:
            issuer.down = True  # the server goes away for a while
        if step == 420:
            issuer.down = False
        connection.request("GET", "/ecs/app", headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            assert issuer.down
            assert answer.status == 502
            continue
        stamp = time.strptime(json.loads(body)["Expiration"], "%Y-%m-%dT%H:%M:%SZ")
        expiration = calendar.timegm(stamp)
        assert expiration - clock.now > MIN_VALIDITY_SECONDS
        seen.add(expiration)
    connection.close()
    assert len(seen) > 10


def test_idle_roles_stop_being_renewed_unless_pinned() -> None:
    clock = Clock()
    issuer = Issuer(clock)
    sim = Simulation(issuer, clock)
    sim.broker.get("pinned")
    sim.broker.pin("pinned")
    sim.broker.get("once")
    for _ in range(int(IDLE_SECONDS * 3 / 60)):
        clock.advance(60)
        sim.scheduler.run_once()
    renewals = {q: issuer.calls.count(q) for q in ("pinned", "once")}
    assert renewals["pinned"] >= 3 * IDLE_SECONDS / (40 * 60) - 1  # every 40 minutes
    assert renewals["once"] <= 1 + IDLE_SECONDS / (40 * 60)  # only while it was in use
    assert set(sim.broker._roles) == {"pinned"}
