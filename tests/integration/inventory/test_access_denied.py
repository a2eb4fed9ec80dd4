"""Access-denied counts from an ``access_denied_counts`` plugin reach the role's page; a source
that fails is recorded for the account and the last counts stay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from consoleme.config.models import Settings
from consoleme.core.inventory import refresh_access_denied_account
from consoleme.plugins import hookimpl
from consoleme.testing import make_test_settings, start_api
from tests.integration.inventory.support import PROD, account, resource

pytestmark = pytest.mark.integration


class DeniedSource:
    """Counts for one role; raises when told to."""

    fail = False

    @hookimpl
    async def access_denied_counts(
        self, account_id: str, since_epoch: float, aws: Any
    ) -> dict[str, int]:
        if self.fail:
            raise RuntimeError("the SIEM is down")
        return {f"arn:aws:iam::{account_id}:role/app": 4}


async def test_counts_reach_the_role_page(tmp_path: Path, redis_url: str) -> None:
    source = DeniedSource()

    def factory(settings: Settings) -> DeniedSource:
        return source

    settings = make_test_settings(
        tmp_path, redis_url, plugins={"disabled": ["cloudtrail_access_denied"]}
    )
    running, server = await start_api(settings, [("siem_denied", factory)])
    ctx = running.services.inventory.ctx
    try:
        await ctx.cache.mark_loaded()
        await ctx.cache.set_accounts([account(PROD, "prod")])
        await ctx.cache.replace_part(PROD, "iam_role", [resource("iam_role", PROD, "app")])
        assert await refresh_access_denied_account(ctx, PROD) is True
        source.fail = True
        assert await refresh_access_denied_account(ctx, PROD) is False
        async with running.client() as client:
            await running.sign_in(client, "alice@example.com")
            role = (await client.get(f"/api/v2/roles/{PROD}/app")).json()
            assert role["access_denied_count"] == 4
            (prod,) = (await client.get("/api/v2/accounts")).json()["accounts"]
            assert [(e["type"], e["error"]) for e in prod["errors"]] == [
                ("access_denied", "RuntimeError: the SIEM is down")
            ]
            metrics = (await client.get("/metrics")).text
            assert 'consoleme_task_failures_total{task="refresh_access_denied"} 1.0' in metrics
            assert 'consoleme_task_successes_total{task="refresh_access_denied"} 1.0' in metrics
    finally:
        server.stop()
        await server.close_all_connections()
        await running.services.close()
