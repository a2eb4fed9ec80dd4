"""Recent AccessDenied counts by principal, merged from every ``access_denied_counts`` hook.

The default plugin (``cloudtrail_access_denied``) reads CloudTrail ``LookupEvents``; other
sources (a SIEM, Athena over the trail bucket...) add their own implementation, and a site that
wants only theirs disables the default one by name in ``plugins.disabled``.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Mapping
from typing import Any

from consoleme.core.inventory_context import InventoryContext


async def access_denied_counts(
    ctx: InventoryContext, account_id: str, since_epoch: float
) -> dict[str, int]:
    """Principal ARN -> denied calls since ``since_epoch`` in ``account_id``, summed over hooks."""
    results: list[Any] = ctx.plugins.hook.access_denied_counts(
        account_id=account_id, since_epoch=since_epoch, aws=ctx.source.hub
    )
    total: Counter[str] = Counter()
    for result in results:
        counts: Any = await result if inspect.isawaitable(result) else result
        if isinstance(counts, Mapping):
            total.update({str(arn): int(n) for arn, n in counts.items() if int(n) > 0})
    return dict(total)
