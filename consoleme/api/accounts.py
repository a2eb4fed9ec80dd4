"""Accounts with the state of their inventory (last refresh, errors per type)."""

from __future__ import annotations

import base64

from pydantic import Field

from consoleme.api.inventory_base import InventoryHandler
from consoleme.api.inventory_models import AccountList
from consoleme.api.inventory_views import account_list
from consoleme.api.models import Strict
from consoleme.api.openapi_meta import Operation
from consoleme.core.accounts import list_accounts
from consoleme.errors import BadRequest


class AccountsQuery(Strict):
    q: str = Field("", max_length=256)
    cursor: str | None = Field(None, max_length=64)
    limit: int = Field(500, ge=1, le=2000)


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode().removeprefix("a1."))
    except ValueError:
        raise BadRequest("malformed cursor", code="bad_cursor") from None


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"a1.{offset}".encode()).decode().rstrip("=")


class AccountsHandler(InventoryHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Known accounts by name, with last refresh time, state and errors per type.",
            AccountList,
            tags=("inventory",),
            query={
                "q": "Part of the account name or id.",
                "cursor": "next_cursor of the previous page.",
                "limit": "Page size, 1-2000 (default 500).",
            },
        )
    }

    async def get(self) -> None:
        query = self.query_args(AccountsQuery)
        start = _offset(query.cursor)
        views = await list_accounts(self.inventory, query.q)
        page = views[start : start + query.limit]
        more = start + query.limit < len(views)
        self.respond(account_list(page, _cursor(start + query.limit) if more else None))


routes = [(r"/api/v2/accounts", AccountsHandler)]
