"""``GET /api/v2/role_login/<query>``: AWS console sign-in for the role ``query`` names.

The UI route ``/role/<query>`` calls it and follows ``redirect_url``. Errors answer
``{"type": "error", "message", "code", "request_id"}`` (404 when no console role matches).
"""

from __future__ import annotations

from typing import Any

import orjson

from consoleme.api.access_models import RoleLoginAnswer
from consoleme.api.errors import error_body
from consoleme.api.openapi_meta import Operation
from consoleme.api.weep_base import AccessHandler


class RoleLoginHandler(AccessHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Sign in to the AWS console as one of your roles (or choose among matches).",
            RoleLoginAnswer,
            tags=("access",),
            query={
                "r": "Console region (default access.console.default_region).",
                "redirect": "AWS console URL to land on (a deep link); https only.",
            },
        )
    }

    async def get(self, query: str) -> None:
        answer = await self.access.console.login(
            self.user,
            self.caller(),
            query,
            region=self.get_query_argument("r", None),
            redirect=self.get_query_argument("redirect", None),
        )
        self.respond(
            RoleLoginAnswer(
                type="redirect",
                reason=answer.reason,
                redirect_url=answer.redirect_url,
                role=answer.role,
                roles=answer.roles,
            )
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        status, body = error_body(exc, status_code, self.request_id)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        if self.request_id:
            self.set_header("X-Request-Id", self.request_id)
        self.finish(
            orjson.dumps(
                {
                    "type": "error",
                    "message": body["message"],
                    "code": body["code"],
                    "request_id": self.request_id,
                }
            )
        )


routes = [(r"/api/v2/role_login/(?P<query>.+)", RoleLoginHandler)]
