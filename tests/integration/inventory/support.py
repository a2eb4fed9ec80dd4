"""Helpers of the inventory tests: synthetic documents, a recording task client, the API
wrapper that writes documents and waits for the search index."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from consoleme.domain.inventory import Account, Resource
from consoleme.testing import RunningApi

PROD, DEV = "111111111111", "222222222222"


@dataclass
class RecordingTaskClient:
    """Collects queued tasks instead of sending them to a broker."""

    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def enqueue(self, task: str, kwargs: dict[str, Any]) -> str:
        self.sent.append((task, kwargs))
        return f"task-{len(self.sent)}"

    async def close(self) -> None:
        return None


def resource(kind: str, account_id: str, name: str, **fields: Any) -> Resource:
    """A document of ``kind`` with plausible values for every field of its type."""
    region = fields.pop(
        "region", "" if kind.startswith("iam") or kind == "managed_policy" else "us-east-1"
    )
    arn = {
        "iam_role": f"arn:aws:iam::{account_id}:role/{fields.pop('path', '')}{name}",
        "iam_user": f"arn:aws:iam::{account_id}:user/{name}",
        "managed_policy": f"arn:aws:iam::{account_id}:policy/{name}",
        "s3_bucket": f"arn:aws:s3:::{name}",
        "sqs_queue": f"arn:aws:sqs:{region}:{account_id}:{name}",
        "sns_topic": f"arn:aws:sns:{region}:{account_id}:{name}",
    }[kind]
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    extra: dict[str, Any] = {
        "iam_role": {
            "role_id": "AROA" + name.upper()[:8],
            "path": "/",
            "created": "2026-01-01T00:00:00+00:00",
            "description": "",
            "max_session_duration": 3600,
            "assume_role_policy": policy,
            "inline_policies": {"inline": policy},
            "managed_policies": [],
            "permissions_boundary": None,
            "last_used": None,
        },
        "iam_user": {
            "user_id": "AIDA",
            "path": "/",
            "created": "",
            "groups": [],
            "inline_policies": {},
            "managed_policies": [],
            "permissions_boundary": None,
        },
        "managed_policy": {
            "policy_id": "ANPA",
            "path": "/",
            "default_version": "v1",
            "document": policy,
            "attachment_count": 0,
            "description": "",
        },
        "s3_bucket": {"policy": policy},
        "sqs_queue": {
            "url": f"https://sqs.{region}.amazonaws.com/{account_id}/{name}",
            "policy": policy,
            "attributes": {},
        },
        "sns_topic": {"policy": None, "attributes": {}},
    }[kind]
    doc = {
        "arn": arn,
        "type": kind,
        "account_id": account_id,
        "name": name,
        "region": region,
        "tags": {},
        "fetched_at": time.time(),
        **extra,
        **fields,
    }
    return doc  # type: ignore[return-value]


def account(account_id: str, name: str) -> Account:
    return Account(
        id=account_id,
        name=name,
        environment=name,
        status="ACTIVE",
        ou_path="/",
        tags={},
        source="config",
    )


@dataclass
class InventoryApi:
    """The API, its recording task client, and the synthetic documents it serves."""

    api: RunningApi
    tasks: RecordingTaskClient
    docs: list[Resource]

    @property
    def ctx(self) -> Any:
        return self.api.services.inventory.ctx

    async def write(self, docs: list[Resource]) -> None:
        """Replace the parts the documents belong to, then wait for the search index."""
        parts: dict[tuple[str, str], list[Resource]] = {}
        for doc in docs:
            parts.setdefault((doc["account_id"], doc["type"]), []).append(doc)
        for (account_id, kind), found in parts.items():
            await self.ctx.cache.replace_part(account_id, kind, found)
        await self.ctx.cache.mark_loaded()
        await self.api.services.inventory.search.sync_once()


def synthetic_docs() -> list[Resource]:
    docs = [
        resource("iam_role", PROD, "engineering-admin", tags={"owner": "engineering"}),
        resource("iam_role", PROD, "deep-role", path="team/x/", tags={"owner": "data-science,ops"}),
        resource("iam_role", DEV, "engineering-admin"),
        resource("iam_user", PROD, "build-bot"),
        resource("managed_policy", PROD, "baseline-read"),
        resource(
            "s3_bucket", PROD, "prod-logs-bucket", region="eu-west-1", tags={"owner": "engineering"}
        ),
        resource("sqs_queue", DEV, "orders-dev", region="eu-west-1"),
        resource("sns_topic", DEV, "alerts-dev"),
    ]
    docs += [
        resource("iam_role", DEV, f"app-{i:03d}", tags={"owner": "team-a" if i % 2 else "team-b"})
        for i in range(40)
    ]
    return docs
