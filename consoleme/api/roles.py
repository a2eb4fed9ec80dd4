"""Role lists: weep's ``get_roles`` (v1 and v2), the "my roles" page, and favorites."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from consoleme.api.access_models import (
    EligibleRolesPage,
    FavoriteAnswer,
    RoleArnList,
    WeepRolesResponse,
)
from consoleme.api.base import validate_input
from consoleme.api.models import Strict
from consoleme.api.openapi_meta import Operation
from consoleme.api.weep_base import AccessHandler, WeepHandler
from consoleme.core.eligibility import CallerRoles
from consoleme.domain.role_list import RoleListPage, RoleListQuery, role_page

_ALL = {"all": "true: include CLI-only roles (weep sends it); otherwise console roles only."}


def _include_cli(handler: AccessHandler) -> bool:
    return handler.get_query_argument("all", "false").strip().lower() in ("true", "1", "yes")


class GetRolesV2Handler(WeepHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Your roles, weep-style (WebResponse envelope).",
            WeepRolesResponse,
            tags=("access",),
            query=_ALL,
        )
    }

    async def get(self) -> None:
        answer = await self.access.eligibility.roles_for(self.user)
        self.respond(weep_roles(answer, _include_cli(self)))


class GetRolesV1Handler(WeepHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Your role ARNs, sorted (old weep).", RoleArnList, tags=("access",), query=_ALL
        )
    }

    async def get(self) -> None:
        answer = await self.access.eligibility.roles_for(self.user)
        self.respond(answer.arns(console_only=not _include_cli(self)))


class EligibleRolesQuery(Strict):
    search: str = Field("", max_length=256)
    account: str = Field("", max_length=256)
    access: Literal["all", "console", "cli_only"] = "all"
    favorites_only: bool = False
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = Field(None, max_length=2048)


_DEFAULT_QUERY = RoleListQuery()


class EligibleRolesHandler(AccessHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Your eligible roles: search, filters, favorites first, cursor pages.",
            EligibleRolesPage,
            tags=("access",),
            query={
                "search": "Words that must all appear in the ARN, account name or role name.",
                "account": "Account id or name.",
                "access": "all (default), console, or cli_only.",
                "favorites_only": "true: only favorites.",
                "limit": "Page size, 1-500 (default 50).",
                "cursor": "next_cursor of the previous page.",
            },
        )
    }

    async def get(self) -> None:
        query = _DEFAULT_QUERY
        if self.request.query_arguments:
            args = {k: self.get_query_argument(k) for k in self.request.query_arguments}
            query = RoleListQuery(**validate_input(EligibleRolesQuery, args).model_dump())
        answer = await self.access.eligibility.roles_for(self.user)
        page = role_page(answer.roles, answer.favorites, query)
        self.respond(eligible_roles_page(page))


class FavoriteRoleHandler(AccessHandler):
    auth = "user"
    openapi = {
        "put": Operation("Mark one of your roles as a favorite.", FavoriteAnswer, tags=("access",)),
        "delete": Operation("Unmark a favorite role.", FavoriteAnswer, tags=("access",)),
    }

    async def put(self, arn: str) -> None:
        await self.access.favorites.add(self.access.eligibility, self.user, arn)
        self.respond(FavoriteAnswer(arn=arn, favorite=True))

    async def delete(self, arn: str) -> None:
        await self.access.favorites.remove(self.access.eligibility, self.user, arn)
        self.respond(FavoriteAnswer(arn=arn, favorite=False))


def weep_roles(answer: CallerRoles, include_cli: bool) -> dict[str, Any]:
    """``WeepRolesResponse`` as a dict (sorted by ARN, "Unknown" for unknown accounts)."""
    roles = [
        {
            "arn": r.arn,
            "account_id": r.account_id,
            "account_friendly_name": r.account_name or "Unknown",
            "role_name": r.role_name,
            "apps": None,
        }
        for r in answer.roles
        if include_cli or r.console
    ]
    return {"status": "success", "status_code": 200, "data": {"roles": roles}}


def eligible_roles_page(page: RoleListPage) -> dict[str, Any]:
    """``EligibleRolesPage`` as a dict."""
    return {
        "roles": [
            {
                "arn": r.arn,
                "account_id": r.account_id,
                "account_name": r.account_name,
                "role_name": r.role_name,
                "cli_only": not r.console,
                "favorite": favorite,
                "max_session_duration": r.max_session_duration,
            }
            for r, favorite in page.roles
        ],
        "total": page.total,
        "next_cursor": page.next_cursor,
        "accounts": [{"id": a.id, "name": a.name, "roles": a.roles} for a in page.accounts],
    }


routes = [
    (r"/api/v2/get_roles", GetRolesV2Handler),
    (r"/api/v1/get_roles", GetRolesV1Handler),
    (r"/api/v2/eligible_roles", EligibleRolesHandler),
    # The ARN may arrive percent-encoded (encodeURIComponent); Tornado decodes path arguments.
    (r"/api/v2/favorite_roles/(?P<arn>[^?#]+)", FavoriteRoleHandler),
]
