"""Access-denied counts are summed over every hook implementation, sync or async."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pluggy
import pytest

from consoleme.core.access_denied import access_denied_counts
from consoleme.plugins import hookimpl, hookspecs

pytestmark = pytest.mark.unit

ROLE = "arn:aws:iam::111111111111:role/app"


class SyncSource:
    @hookimpl
    def access_denied_counts(self, account_id: str, since_epoch: float, aws: Any) -> dict[str, int]:
        return {ROLE: 2, "arn:aws:iam::111111111111:user/u": 0}


class AsyncSource:
    seen: list[tuple[str, float, Any]] = []

    @hookimpl
    async def access_denied_counts(
        self, account_id: str, since_epoch: float, aws: Any
    ) -> dict[str, int]:
        self.seen.append((account_id, since_epoch, aws))
        return {ROLE: 3}


async def test_counts_from_every_source_are_summed() -> None:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    manager.register(SyncSource())
    manager.register(AsyncSource())
    ctx: Any = SimpleNamespace(plugins=manager, source=SimpleNamespace(hub="the-hub"))
    counts = await access_denied_counts(ctx, "111111111111", 100.0)
    assert counts == {ROLE: 5}
    assert AsyncSource.seen == [("111111111111", 100.0, "the-hub")]
