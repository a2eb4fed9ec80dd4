"""Bases of the role access handlers: the caller's audit facts, and weep's error format.

Weep parses any non-200 body of ``get_credentials`` and ``get_roles`` as
``{"code", "message", "requested_role", "exception", "request_id"}`` and reacts to the code
(contract section 2.4). ``invalid_jwt`` must come with status 403: weep then deletes its saved
login and asks the user to sign in again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from consoleme.api.base import ApiHandler
from consoleme.api.errors import error_body
from consoleme.domain.audit import Caller, client_kind
from consoleme.errors import ConsoleMeError, Unauthenticated

if TYPE_CHECKING:
    from consoleme.core.access import Access


class AccessHandler(ApiHandler):
    """Handlers of role access: ``access`` use-cases and the caller as audit events see it."""

    @property
    def access(self) -> Access:
        return self.services.access

    def caller(self) -> Caller:
        identity = self.identity
        agent = self.request.headers.get("User-Agent", "")
        browser = identity is not None and identity.kind == "browser"
        return Caller(
            user=identity.user if identity else "",
            groups=identity.groups if identity else (),
            source_ip=self.request_info().client_ip,
            user_agent=agent,
            request_id=self.request_id,
            client_kind=client_kind(agent, browser),
        )


class WeepHandler(AccessHandler):
    """Errors in weep's format; ``requested_role`` is echoed when the handler knows it."""

    requested_role: str | None = None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        status, body = weep_error_body(exc, status_code, self.request_id, self.requested_role)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        if self.request_id:
            self.set_header("X-Request-Id", self.request_id)
        self.finish(orjson.dumps(body))


def weep_error_body(
    exc: BaseException | None, status: int, request_id: str, requested_role: str | None
) -> tuple[int, dict[str, Any]]:
    """Status and body of a weep-endpoint error; details (``matching roles``) at top level."""
    status, plain = error_body(exc, status, request_id)
    if isinstance(exc, Unauthenticated) and exc.code == "invalid_jwt":
        status = 403
    body: dict[str, Any] = {
        "status": status,
        "code": plain["code"],
        "message": plain["message"],
        "requested_role": requested_role,
        "exception": type(exc).__name__ if isinstance(exc, ConsoleMeError) else None,
        "request_id": request_id,
    }
    for key, value in plain.get("details", {}).items():
        body.setdefault(key, value)
    return status, body
