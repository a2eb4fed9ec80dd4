"""Core results of the inventory use-cases turned into the response models of
:mod:`consoleme.api.inventory_models` (kept out of the handlers so each verb stays short)."""

from __future__ import annotations

from typing import Any

from consoleme.api.inventory_models import (
    AccountList,
    AccountSummary,
    AppliedScp,
    BucketDetail,
    DetailBase,
    ManagedPolicyDetail,
    OrganizationPathNode,
    QueueDetail,
    ReadFailureModel,
    ResourceLinksModel,
    RoleDetail,
    ServiceControlPolicies,
    ServiceControlPolicyModel,
    TopicDetail,
    UserDetail,
)
from consoleme.core.accounts import AccountView
from consoleme.core.resource_detail import ResourceDetail
from consoleme.core.search_sync import SearchSync
from consoleme.domain.inventory import OrganizationNode
from consoleme.domain.resource_links import ui_path
from consoleme.domain.scp import AppliedPolicy
from consoleme.domain.search import SearchPage


def account_list(views: list[AccountView], next_cursor: str | None) -> AccountList:
    return AccountList(
        accounts=[
            AccountSummary(
                **v.account,
                refresh_state=v.state,
                last_refreshed_at=v.last_refreshed_at,
                errors=[ReadFailureModel(**f) for f in v.failures],
                resource_counts=v.counts,
            )
            for v in views
        ],
        next_cursor=next_cursor,
    )


def search_page(page: SearchPage, names: dict[str, str], sync: SearchSync) -> dict[str, Any]:
    """A :class:`ResourceSearchPage` as a plain dict: the hot path skips model validation and
    serialization (a test checks the dict validates against the model)."""
    items = [
        {
            **entry,
            "account_name": names.get(entry["account_id"]),
            "ui_path": ui_path(entry["type"], entry["account_id"], entry["region"], entry["name"]),
        }
        for entry in page.entries
    ]
    index = {
        "ready": sync.ready.is_set(),
        "entries": sync.index.entries,
        "synced_at": sync.synced_at,
    }
    return {"items": items, "next_cursor": page.next_cursor, "index": index}


_DETAILS: dict[str, tuple[type[DetailBase], str]] = {
    "iam_role": (RoleDetail, "role"),
    "iam_user": (UserDetail, "user"),
    "managed_policy": (ManagedPolicyDetail, "policy"),
    "s3_bucket": (BucketDetail, "bucket"),
    "sqs_queue": (QueueDetail, "queue"),
    "sns_topic": (TopicDetail, "topic"),
}


def detail_body(detail: ResourceDetail) -> DetailBase:
    """The detail model of the resource's type (``RoleDetail`` for a role...)."""
    model, field = _DETAILS[detail.resource["type"]]
    body: dict[str, Any] = {
        field: detail.resource,
        "account": detail.account,
        "links": ResourceLinksModel(
            ui_path=detail.links.ui_path,
            console_url=detail.links.console_url,
            console_login_path=detail.links.console_login_path,
        ),
    }
    if detail.access_denied_count is not None:
        body["access_denied_count"] = detail.access_denied_count
    return model.model_validate(body)


def scp_body(
    account_id: str, path: list[OrganizationNode], applied: list[AppliedPolicy]
) -> ServiceControlPolicies:
    return ServiceControlPolicies(
        account_id=account_id,
        path=[OrganizationPathNode(id=n["id"], name=n["name"], kind=n["kind"]) for n in path],
        policies=[
            AppliedScp(
                policy=ServiceControlPolicyModel.model_validate(a.policy),
                via_id=a.via_id,
                via_name=a.via_name,
                via_kind=a.via_kind,
            )
            for a in applied
        ],
    )
