"""Weep's ``search`` and ``open`` endpoints, exactly as ../shared/WEEP_CONTRACT.md section 2.5
says: typeahead (a bare array of ``{"title"}``) and ``get_resource_url`` (a WebResponse).

Weep reads any non-200 body of these as a WebResponse and prints its ``errors``, so every error
here, including "sign in first", is written in that shape.
"""

from __future__ import annotations

from typing import Any, Literal

import orjson
from pydantic import Field

from consoleme.api.errors import error_body
from consoleme.api.inventory_base import InventoryHandler
from consoleme.api.inventory_models import (
    ResourceUrlData,
    TypeaheadItem,
    TypeaheadResults,
    WebResponse,
)
from consoleme.api.models import Strict
from consoleme.api.openapi_meta import Operation
from consoleme.core.resources import resource_url, typeahead


class WebResponseHandler(InventoryHandler):
    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        status, plain = error_body(exc, status_code, self.request_id)
        body = WebResponse(
            status="error", status_code=status, message=plain["message"], errors=[plain["message"]]
        )
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(orjson.dumps(body.model_dump(mode="json", exclude_none=True)))


class TypeaheadQuery(Strict):
    search: str = Field("", max_length=512)
    resource: Literal["account", "iam_arn"] = "iam_arn"
    limit: int = Field(20, ge=1, le=1000)


class TypeaheadHandler(WebResponseHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Weep typeahead: accounts as '<name> (<id>)', or role ARNs containing search.",
            TypeaheadResults,
            tags=("weep",),
            query={
                "search": "Case-insensitive substring.",
                "resource": "account or iam_arn (default).",
                "limit": "At most this many titles, 1-1000 (default 20).",
            },
        )
    }

    async def get(self) -> None:
        query = self.query_args(TypeaheadQuery)
        titles = await typeahead(
            self.inventory, self.search, query.resource, query.search, query.limit
        )
        self.respond(TypeaheadResults([TypeaheadItem(title=t) for t in titles]))


class ResourceUrlQuery(Strict):
    arn: str = Field(min_length=1, max_length=2048)


class ResourceUrlHandler(WebResponseHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Weep open: the UI path of a cached resource (404 with errors when not cached).",
            WebResponse,
            tags=("weep",),
            query={"arn": "The resource's ARN."},
        )
    }

    async def get(self) -> None:
        query = self.query_args(ResourceUrlQuery)
        url = await resource_url(self.inventory, query.arn)
        body = WebResponse(
            status="success",
            status_code=200,
            message="Resource URL found",
            data=ResourceUrlData(url=url),
        )
        self.respond(body.model_dump(mode="json", exclude_none=True))


routes = [
    (r"/api/v1/policies/typeahead", TypeaheadHandler),
    (r"/api/v2/get_resource_url", ResourceUrlHandler),
]
