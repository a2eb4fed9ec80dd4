"""What the review page shows for each change: before and after documents and a Terraform snippet.

Applied (and expired) changes show what the worker recorded when it applied them; the others show
the target as the inventory has it now, and the result of making the change to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consoleme.core.change_targets import TargetResolver
from consoleme.domain.change_preview import current_document, resulting_document
from consoleme.domain.change_request import Change, ChangeRequest
from consoleme.domain.terraform import terraform_snippet


@dataclass(frozen=True, slots=True)
class ChangePreview:
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    terraform: str


async def change_previews(
    request: ChangeRequest, resolver: TargetResolver
) -> dict[str, ChangePreview]:
    """Preview of every change of ``request`` by change id."""
    previews: dict[str, ChangePreview] = {}
    for change in request.changes:
        before, after = await _documents(change, resolver)
        previews[change.id] = ChangePreview(
            before, after, terraform_snippet(change.spec, resulting_document=after)
        )
    return previews


async def _documents(
    change: Change, resolver: TargetResolver
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    if change.status in {"applied", "expired"} and (change.before or change.after):
        return change.before, change.after
    before = current_document(change.spec, await resolver.resource(change.spec))
    return before, resulting_document(change.spec, before)
