"""Server answers turned into ``cme`` errors (and so into exit codes)."""

from __future__ import annotations

import pytest

from consoleme.client.api_client import Answer, ConsoleMeApi, error_for
from consoleme.client.errors import (
    AmbiguousRole,
    CliError,
    NotEligible,
    NotSignedIn,
    ServerUnreachable,
    SessionRejected,
)

pytestmark = pytest.mark.unit


def _error(status: int, body: object, role: str | None = "r") -> CliError:
    return error_for(Answer(status, body, ""), "get credentials", role)


def test_codes_map_to_exceptions() -> None:
    assert type(_error(401, {"code": "unauthenticated", "message": "sign in first"})) is NotSignedIn
    assert type(_error(401, {"code": "invalid_jwt", "message": "expired"})) is SessionRejected
    assert type(_error(403, {"code": "invalid_jwt", "message": "expired"})) is SessionRejected
    assert type(_error(403, {"code": "900", "message": "none"})) is NotEligible
    assert type(_error(403, {"code": "903", "message": "not yours"})) is NotEligible
    assert type(_error(404, {"type": "error", "code": "900", "message": "x"})) is NotEligible
    ambiguous = _error(403, {"code": "901", "message": "m", "matching roles": ["a", "b"]})
    assert isinstance(ambiguous, AmbiguousRole)
    assert ambiguous.candidates == ["a", "b"]
    other = _error(403, {"code": "902", "message": "STS said no"})
    assert type(other) is CliError
    assert other.message == "could not get credentials (HTTP 403 902): STS said no"
    page = error_for(Answer(502, None, "<html>Bad gateway</html>"), "list roles", None)
    assert page.message == "could not list roles (HTTP 502): <html>Bad gateway</html>"
    web = error_for(Answer(404, {"errors": ["not cached"]}, ""), "find the resource", None)
    assert web.message == "could not find the resource (HTTP 404): not cached"


def test_unreachable_and_timeouts() -> None:
    with pytest.raises(ServerUnreachable, match="connection refused"):
        ConsoleMeApi("http://127.0.0.1:9").get_roles()
    with pytest.raises(
        ServerUnreachable, match=r"cannot reach ConsoleMe at http://nonexistent\.invalid"
    ):
        ConsoleMeApi("http://nonexistent.invalid", timeout=2).get_roles()
