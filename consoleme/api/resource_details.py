"""One cached resource per page: roles, users, managed policies, S3 buckets, SQS queues, SNS
topics. ``?refresh=1`` reads the resource from AWS now and updates the cache first."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from consoleme.api.inventory_base import ACCOUNT_ID, NAME, REGION, InventoryHandler
from consoleme.api.inventory_models import (
    BucketDetail,
    ManagedPolicyDetail,
    QueueDetail,
    RoleDetail,
    TopicDetail,
    UserDetail,
)
from consoleme.api.inventory_views import detail_body
from consoleme.api.openapi_meta import Operation
from consoleme.core.resource_detail import resource_detail
from consoleme.domain.inventory import ResourceType

_REFRESH = {"refresh": "1: read it from AWS now (and update the cache) instead of the cache."}


def _get(summary: str, model: type[BaseModel]) -> dict[str, Operation]:
    return {"get": Operation(summary, model, tags=("inventory",), query=_REFRESH)}


class ResourceDetailHandler(InventoryHandler):
    auth = "user"
    kind: ClassVar[ResourceType]

    async def get(self, account: str, name: str, region: str = "") -> None:
        detail = await resource_detail(
            self.inventory,
            self.search,
            account,
            self.kind,
            name,
            region,
            refresh=self.wants_refresh(),
        )
        self.respond(detail_body(detail))


class RoleDetailHandler(ResourceDetailHandler):
    kind = "iam_role"
    openapi = _get("A role: policies, trust policy, tags, last use, access denials.", RoleDetail)


class UserDetailHandler(ResourceDetailHandler):
    kind = "iam_user"
    openapi = _get("An IAM user: groups, policies, tags, access denials.", UserDetail)


class ManagedPolicyDetailHandler(ResourceDetailHandler):
    kind = "managed_policy"
    openapi = _get("A customer managed policy and its default version.", ManagedPolicyDetail)


class BucketDetailHandler(ResourceDetailHandler):
    kind = "s3_bucket"
    openapi = _get("An S3 bucket: region, policy, tags.", BucketDetail)


class QueueDetailHandler(ResourceDetailHandler):
    kind = "sqs_queue"
    openapi = _get("An SQS queue: policy, attributes, tags.", QueueDetail)


class TopicDetailHandler(ResourceDetailHandler):
    kind = "sns_topic"
    openapi = _get("An SNS topic: policy, attributes, tags.", TopicDetail)


routes = [
    (rf"/api/v2/roles/{ACCOUNT_ID}/{NAME}", RoleDetailHandler),
    (rf"/api/v2/users/{ACCOUNT_ID}/{NAME}", UserDetailHandler),
    (rf"/api/v2/managed_policies/{ACCOUNT_ID}/{NAME}", ManagedPolicyDetailHandler),
    (rf"/api/v2/s3/{ACCOUNT_ID}/(?P<name>[^/]+)", BucketDetailHandler),
    (rf"/api/v2/sqs/{ACCOUNT_ID}/{REGION}/{NAME}", QueueDetailHandler),
    (rf"/api/v2/sns/{ACCOUNT_ID}/{REGION}/{NAME}", TopicDetailHandler),
]
