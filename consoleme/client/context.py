"""What every command needs, built on first use: settings, file locations, the server API, the
session (signing in through the browser when a person is there to approve it).

Nothing here is imported eagerly that the cached ``credential-process`` path does not need:
the HTTP client and the sign-in flow are imported only when the server must be asked.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TextIO, TypeVar

from consoleme.client.credential_cache import CredentialCache
from consoleme.client.errors import NotSignedIn, SessionRejected, UsageError
from consoleme.client.models import Credentials, Session
from consoleme.client.paths import CmePaths
from consoleme.client.session_store import SessionStore
from consoleme.client.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from consoleme.client.api_client import ConsoleMeApi

T = TypeVar("T")
# A session this close to expiry is not used: the request could arrive after it.
SESSION_MIN_SECONDS = 30


def local_time(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(epoch))


class Context:
    """One run of ``cme``: its environment, streams and clock."""

    def __init__(
        self,
        environ: Mapping[str, str],
        stdin: TextIO,
        stdout: TextIO,
        stderr: TextIO,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.environ = environ
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.clock = clock
        self.paths = CmePaths.from_environ(environ)
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.paths, self.environ)
        return self._settings

    @property
    def url(self) -> str:
        return self.settings.require_url()

    def interactive(self) -> bool:
        """A person is at a terminal (stdin to answer, stderr to read prompts)."""
        return self.stdin.isatty() and self.stderr.isatty()

    def say(self, message: str) -> None:
        """A line for the person, on stderr (stdout carries the command's output)."""
        self.stderr.write(message + "\n")
        self.stderr.flush()

    def sessions(self) -> SessionStore:
        return SessionStore(self.paths, self.url)

    def cache(self) -> CredentialCache:
        return CredentialCache(self.paths.credential_dir(self.url))

    def api(self, token: str | None = None) -> ConsoleMeApi:
        from consoleme.client.api_client import ConsoleMeApi

        settings = self.settings
        return ConsoleMeApi(
            self.url,
            token=token,
            timeout=settings.timeout_seconds,
            ca_bundle=settings.ca_bundle,
            clock=self.clock,
        )

    def open_url(self, url: str) -> bool:
        from consoleme.client.browser import open_url

        return open_url(url, self.settings.open_browser, self.environ)

    def user_name(self) -> str:
        """The configured user, else asked for on a terminal (and saved); UsageError otherwise."""
        if self.settings.user:
            return self.settings.user
        if not self.interactive():
            raise UsageError("no user name configured: run `cme configure` or set CME_USER")
        self.stderr.write("Your ConsoleMe user name (e-mail): ")
        self.stderr.flush()
        answer = self.stdin.readline().strip()
        if not answer:
            raise UsageError("no user name given")
        save_settings(self.paths, {"user": answer})
        self._settings = None
        return answer

    def login(self) -> Session:
        """Sign in through the browser-approved challenge and save the session."""
        from consoleme.client.login import challenge_login

        session = challenge_login(
            self.api(),
            self.user_name(),
            poll_interval=self.settings.poll_interval_seconds,
            announce=self.say,
            open_url=self.open_url,
            clock=self.clock,
        )
        store = self.sessions()
        previous = store.load()
        if previous is not None and previous.user != session.user:
            self.cache().clear()  # another person's credentials must not be handed out
        store.save(session)
        return session

    def session(self, may_login: bool) -> Session:
        """A session with time left; signs in first when allowed and a person is there."""
        saved = self.sessions().load()
        if saved is not None and saved.seconds_left(self.clock()) > SESSION_MIN_SECONDS:
            return saved
        if may_login and self.interactive():
            return self.login()
        if saved is None:
            raise NotSignedIn(f"not signed in to {self.url}: run `cme login`")
        raise NotSignedIn(
            f"your ConsoleMe session expired at {local_time(saved.expires_at)}: run `cme login`"
        )

    def call(self, work: Callable[[ConsoleMeApi], T], may_login: bool = True) -> T:
        """``work`` with a signed-in API; a refused session is forgotten (and renewed when a
        person can approve it)."""
        session = self.session(may_login)
        try:
            return work(self.api(session.token))
        except SessionRejected:
            self.sessions().clear()
            if not (may_login and self.interactive()):
                raise
            self.say("The server no longer accepts your session; signing in again.")
            return work(self.api(self.login().token))

    def fetch_credentials(self, role: str, may_login: bool = True) -> Credentials:
        """New credentials from the server, also written to the cache."""
        credentials = self.call(lambda api: api.get_credentials(role), may_login)
        try:
            self.cache().put(role, credentials)
        except OSError as exc:
            self.say(f"cme: could not write the credential cache: {exc}")
        return credentials

    def choose_role(self, role: str | None, console_only: bool = False) -> str:
        """``role``, or the ARN the person picks on a terminal; UsageError without one."""
        if role:
            return role
        if not self.interactive():
            raise UsageError("name a role (the interactive picker needs a terminal)")
        from consoleme.client.picker import pick_role

        roles = self.call(lambda api: api.get_roles(console_only))
        return pick_role(roles, self.stdin.readline, self._prompt).arn

    def _prompt(self, text: str) -> None:
        self.stderr.write(text)
        self.stderr.flush()
