"""Group-to-role mappings: admins list them and edit the dynamic ones."""

from __future__ import annotations

from consoleme.api.access_models import (
    Deleted,
    RoleMappingChange,
    RoleMappingItem,
    RoleMappingList,
)
from consoleme.api.openapi_meta import Operation
from consoleme.api.weep_base import AccessHandler
from consoleme.core.role_mappings import RoleMapping
from consoleme.errors import BadRequest


def _item(mapping: RoleMapping) -> RoleMappingItem:
    return RoleMappingItem(
        group=mapping.group,
        roles=list(mapping.roles),
        cli_only_roles=list(mapping.cli_only_roles),
        source=mapping.source,
        version=mapping.version,
        updated_by=mapping.updated_by,
        updated_at=mapping.updated_at,
    )


class RoleMappingsHandler(AccessHandler):
    auth = "admin"
    openapi = {
        "get": Operation(
            "Every group-to-role mapping (config ones are read-only).",
            RoleMappingList,
            tags=("access-admin",),
        )
    }

    async def get(self) -> None:
        mappings = await self.access.mappings.every()
        self.respond(RoleMappingList(mappings=[_item(m) for m in mappings]))


class RoleMappingHandler(AccessHandler):
    auth = "admin"
    openapi = {
        "put": Operation(
            "Create (version 0) or replace (current version) a group's dynamic mapping; 409 "
            "when someone changed it first.",
            RoleMappingItem,
            RoleMappingChange,
            tags=("access-admin",),
        ),
        "delete": Operation(
            "Delete a group's dynamic mapping (query: version).",
            Deleted,
            tags=("access-admin",),
            query={"version": "The version you read."},
        ),
    }

    async def put(self, group: str) -> None:
        body = self.parse_body(RoleMappingChange)
        mapping = await self.access.mappings.put(
            group, body.roles, body.cli_only_roles, version=body.version, actor=self.user.user
        )
        self.respond(_item(mapping))

    async def delete(self, group: str) -> None:
        version = self.get_query_argument("version", "")
        if not version.isdigit():
            raise BadRequest("give the version you read: ?version=<n>", code="validation_error")
        await self.access.mappings.delete(group, version=int(version), actor=self.user.user)
        self.respond(Deleted(deleted=True))


routes = [
    (r"/api/v2/role_mappings", RoleMappingsHandler),
    (r"/api/v2/role_mappings/(?P<group>[^/]+)", RoleMappingHandler),
]
