"""Search across every cached resource (ARN and name), with filters and cursor pages."""

from __future__ import annotations

import time

from pydantic import Field

from consoleme.api.inventory_base import InventoryHandler
from consoleme.api.inventory_models import ResourceSearchPage, ResourceTypeName
from consoleme.api.inventory_views import search_page
from consoleme.api.models import Strict
from consoleme.api.openapi_meta import Operation
from consoleme.core.resources import search_resources
from consoleme.domain.search import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    SearchQuery,
    decode_cursor,
    parse_tag_filter,
)
from consoleme.errors import BadRequest


class ResourceSearchArgs(Strict):
    q: str = Field("", max_length=512)
    account: str | None = Field(None, pattern=r"^\d{12}$")
    type: ResourceTypeName | None = None
    tag: str | None = Field(None, max_length=512)
    cursor: str | None = Field(None, max_length=128)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

    def query(self) -> SearchQuery:
        try:
            after = decode_cursor(self.cursor) if self.cursor else None
            tag = parse_tag_filter(self.tag) if self.tag else None
        except ValueError as exc:
            raise BadRequest(str(exc), code="bad_query") from None
        return SearchQuery(self.q, self.account, self.type, tag, after, self.limit)


class ResourceSearchHandler(InventoryHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Search cached resources: substring of ARN or name, exact filters, cursor pages.",
            ResourceSearchPage,
            tags=("inventory",),
            query={
                "q": "Case-insensitive substring of the ARN or name (1-2 characters: name prefix).",
                "account": "Only this account (12 digits).",
                "type": "Only this resource type.",
                "tag": "Only resources with this tag, as key:value.",
                "cursor": "next_cursor of the previous page.",
                "limit": f"Page size, 1-{MAX_LIMIT} (default {DEFAULT_LIMIT}).",
            },
        )
    }

    def compute_etag(self) -> None:
        return None  # a fresh search each time; hashing every answer only costs time

    async def get(self) -> None:
        query = self.query_args(ResourceSearchArgs).query()
        page = await search_resources(self.search, query)
        body = search_page(page, self.search.account_names, self.search)
        # Time spent in this process (auth, search, response), for benchmarks and dashboards.
        spent = (time.perf_counter() - self._started) * 1000
        self.set_header("Server-Timing", f"app;dur={spent:.3f}")
        self.respond(body)


routes = [(r"/api/v2/resources", ResourceSearchHandler)]
