"""The ``cme`` exception tree and its exit codes: the one place both are defined.

Every error ``cme`` reports on purpose derives from :class:`CliError`; ``main`` prints its
message as one line on stderr (plus the candidates of an ambiguous role) and exits with its code.

    CliError               1  anything else (the server answered with an error we do not map)
    ├── UsageError         2  bad arguments or settings (no server URL, unknown setting key)
    ├── NotSignedIn        3  no session, or the session expired
    │   └── SessionRejected 3 the server refused the saved session (it is then forgotten)
    ├── NotEligible        4  no eligible role matches the query
    ├── AmbiguousRole      5  several roles match; ``candidates`` lists them
    ├── ServerUnreachable  6  the server did not answer (DNS, refused, timeout, TLS)
    └── CredentialsUnavailable 1  ``serve`` cannot renew credentials it may still hand out

Ctrl-C exits with 130, as shells expect.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOT_SIGNED_IN = 3
EXIT_NOT_ELIGIBLE = 4
EXIT_AMBIGUOUS = 5
EXIT_UNREACHABLE = 6
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """Base of every error ``cme`` reports on purpose; ``exit_code`` is the process exit code."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(CliError):
    exit_code = EXIT_USAGE


class NotSignedIn(CliError):
    """No usable session: never signed in, expired, signed out, or refused by the server."""

    exit_code = EXIT_NOT_SIGNED_IN


class SessionRejected(NotSignedIn):
    """The server refused the saved session (expired, signed out, or signed with an old key)."""


class NotEligible(CliError):
    exit_code = EXIT_NOT_ELIGIBLE


class AmbiguousRole(CliError):
    """Several roles match; the user must be more specific."""

    exit_code = EXIT_AMBIGUOUS

    def __init__(self, message: str, candidates: Sequence[str]) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


class ServerUnreachable(CliError):
    exit_code = EXIT_UNREACHABLE


class CredentialsUnavailable(CliError):
    """Credentials could not be fetched and the ones held are too close to expiry to hand out."""
