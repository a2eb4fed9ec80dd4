"""Signing the CLI in through a browser-approved challenge (WEEP_CONTRACT section 2.6).

1. ask the server for a challenge for the user; 2. show its URL (and open a browser when one is
available) so the person approves it there; 3. poll until the server hands out the session token.
Unlike weep we stop at once on ``expired``, ``unauthorized`` and ``unknown``: polling on cannot
succeed, and the person should hear why.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from consoleme.client.api_client import ConsoleMeApi
from consoleme.client.errors import CliError, NotSignedIn
from consoleme.client.models import Session

# Servers expire challenges after at most 10 minutes; this only guards against one that never does.
GIVE_UP_SECONDS = 15 * 60

_STOPS = {
    "expired": "the sign-in request expired before it was approved: run `cme login` again",
    "unauthorized": "the server refused the sign-in: it was approved or polled from another IP "
    "address than the one that started it",
    "unknown": "the server no longer knows this sign-in request (used or expired): "
    "run `cme login` again",
}


def challenge_login(
    api: ConsoleMeApi,
    user: str,
    *,
    poll_interval: float,
    announce: Callable[[str], None],
    open_url: Callable[[str], bool],
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    clock: Callable[[], float] = time.time,
) -> Session:
    """Run the whole flow for ``user``; the new session, or NotSignedIn saying why not."""
    urls = api.generate_challenge(user)
    opened = open_url(urls.challenge_url)
    where = "in the browser window just opened" if opened else "by opening this page"
    announce(f"To sign in as {user}, approve the request {where}: {urls.challenge_url}")
    deadline = monotonic() + GIVE_UP_SECONDS
    while monotonic() < deadline:
        sleep(poll_interval)
        answer = api.poll_challenge(urls.polling_url)
        status = answer["status"]
        if status == "success":
            return _session(api.url, answer, clock())
        if status in _STOPS:
            raise NotSignedIn(_STOPS[status])
    raise NotSignedIn("nobody approved the sign-in request in time: run `cme login` again")


def _session(url: str, answer: dict[str, object], now: float) -> Session:
    token, user, expiration = (
        answer.get("encoded_jwt"),
        answer.get("user"),
        answer.get("expiration"),
    )
    if not isinstance(token, str) or not isinstance(expiration, int) or not token:
        raise CliError("the server approved the sign-in but sent no usable token")
    return Session(url, str(user or ""), token, expiration, obtained_at=now)
