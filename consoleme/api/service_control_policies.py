"""The service control policies that apply to an account through its OU path."""

from __future__ import annotations

from consoleme.api.inventory_base import ACCOUNT_ID, InventoryHandler
from consoleme.api.inventory_models import ServiceControlPolicies
from consoleme.api.inventory_views import scp_body
from consoleme.api.openapi_meta import Operation
from consoleme.core.resources import service_control_policies


class ServiceControlPoliciesHandler(InventoryHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "SCPs applying to the account: attached to the root, an OU on its path, or itself.",
            ServiceControlPolicies,
            tags=("inventory",),
        )
    }

    async def get(self, account: str) -> None:
        path, applied = await service_control_policies(self.inventory, account)
        self.respond(scp_body(account, path, applied))


routes = [(rf"/api/v2/service_control_policies/{ACCOUNT_ID}", ServiceControlPoliciesHandler)]
