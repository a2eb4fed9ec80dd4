"""Base of the inventory handlers: access to the inventory use-cases and query parsing."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from consoleme.api.base import ApiHandler, validate_input
from consoleme.core.inventory_context import InventoryContext
from consoleme.core.search_sync import SearchSync

M = TypeVar("M", bound=BaseModel)

ACCOUNT_ID = r"(?P<account>\d{12})"
NAME = r"(?P<name>[^/]+)"
REGION = r"(?P<region>[a-z0-9-]+)"


class InventoryHandler(ApiHandler):
    @property
    def inventory(self) -> InventoryContext:
        return self.services.inventory.ctx

    @property
    def search(self) -> SearchSync:
        return self.services.inventory.search

    def query_args(self, model: type[M]) -> M:
        """The query string validated as ``model`` (last value of repeated arguments)."""
        args = {name: self.get_query_argument(name) for name in self.request.query_arguments}
        return validate_input(model, args)

    def wants_refresh(self) -> bool:
        """``?refresh=1`` (or true/yes): read AWS now instead of the cache."""
        value = self.get_query_argument("refresh", "").strip().lower()
        return value in ("1", "true", "yes")
