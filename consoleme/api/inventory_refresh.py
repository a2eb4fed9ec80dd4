"""On-demand refresh: queue one account (admins) or one ARN (admins, owners); read progress."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from consoleme.api.inventory_base import InventoryHandler
from consoleme.api.inventory_models import RefreshJob, RefreshQueued
from consoleme.api.models import Strict
from consoleme.api.openapi_meta import Operation
from consoleme.core.inventory_refresh import refresh_progress, request_refresh


class RefreshRequest(Strict):
    """Exactly one of ``account_id`` and ``arn``."""

    account_id: str | None = Field(None, pattern=r"^\d{12}$")
    arn: str | None = Field(None, min_length=12, max_length=2048)

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.account_id is None) == (self.arn is None):
            raise ValueError("give exactly one of account_id and arn")
        return self


class InventoryRefreshHandler(InventoryHandler):
    auth = "user"
    openapi = {
        "post": Operation(
            "Refresh an account (admins) or one resource (admins, its owners) in the background.",
            RefreshQueued,
            request=RefreshRequest,
            tags=("inventory",),
            status=202,
            response_description="Queued",
        )
    }

    async def post(self) -> None:
        body = self.parse_body(RefreshRequest)
        job_id = await request_refresh(
            self.inventory, self.user, self.is_admin, account_id=body.account_id, arn=body.arn
        )
        self.respond(RefreshQueued(id=job_id, status="queued"), status=202)


class InventoryRefreshJobHandler(InventoryHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Progress of a refresh you asked for: queued, running, done or failed.",
            RefreshJob,
            tags=("inventory",),
        )
    }

    async def get(self, job_id: str) -> None:
        job = await refresh_progress(self.inventory, self.user, self.is_admin, job_id)
        self.respond(RefreshJob.model_validate(job))


routes = [
    (r"/api/v2/inventory/refresh", InventoryRefreshHandler),
    (r"/api/v2/inventory/refresh/(?P<job_id>[0-9a-f]{24})", InventoryRefreshJobHandler),
]
