"""``GET /api/v2/audit``: the access audit log (admins: everyone's, filtered; others: their own)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from consoleme.api.access_models import AuditPageAnswer
from consoleme.api.base import validate_input
from consoleme.api.models import Strict
from consoleme.api.openapi_meta import Operation
from consoleme.api.weep_base import AccessHandler
from consoleme.core.audit import AuditQuery


class AuditQueryArgs(Strict):
    user: str | None = Field(None, max_length=254)
    role: str | None = Field(None, max_length=2048)
    since: datetime | None = None
    until: datetime | None = None
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = Field(None, max_length=2048)


class AuditHandler(AccessHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Credential and sign-in events, newest first.",
            AuditPageAnswer,
            tags=("audit",),
            query={
                "user": "Only this user's events (admins; others may only name themselves).",
                "role": "Only events for this role ARN.",
                "since": "ISO 8601 time; events at or after it.",
                "until": "ISO 8601 time; events at or before it.",
                "limit": "Page size, 1-500 (default 50).",
                "cursor": "next_cursor of the previous page.",
            },
        )
    }

    async def get(self) -> None:
        args = {k: self.get_query_argument(k) for k in self.request.query_arguments}
        query = validate_input(AuditQueryArgs, args)
        page = await self.access.audit.search(
            self.user, self.is_admin, AuditQuery(**query.model_dump())
        )
        self.respond(AuditPageAnswer(events=page.events, next_cursor=page.next_cursor))


routes = [(r"/api/v2/audit", AuditHandler)]
