"""Bulk IAM reads give exactly the documents of the per-principal readers."""

from __future__ import annotations

from typing import Any

import pytest

from consoleme.aws import iam_bulk_read, iam_read
from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.hub import AwsHub

pytestmark = pytest.mark.integration


def by_arn(docs: Any) -> dict[str, dict[str, Any]]:
    # The spoke role's last use moves whenever anything assumes it: compare everything else.
    return {
        d["arn"]: {k: v for k, v in d.items() if k not in ("fetched_at", "last_used")}
        | {"used": d.get("last_used") is not None}
        for d in docs
    }


async def test_bulk_and_per_principal_reads_agree(hub: AwsHub, aws_org: DemoOrg) -> None:
    for account_id in aws_org.accounts.values():
        roles = await iam_bulk_read.read_roles_bulk(hub, account_id)
        assert by_arn(roles) == by_arn(await iam_read.read_roles(hub, account_id))
        users = await iam_bulk_read.read_users_bulk(hub, account_id)
        assert by_arn(users) == by_arn(await iam_read.read_users(hub, account_id))
    assert any(r["inline_policies"] and r["managed_policies"] and r["tags"] for r in roles)
    assert any(u["groups"] for u in users) or not users
