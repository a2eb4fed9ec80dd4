"""Events of permission requests: built after each stored change and queued for notification.

The web process and the workers never notify anyone inline: they queue ``NOTIFY_CHANGE_REQUEST``
with the event, and a worker calls the ``on_change_request_event`` hook (see
:func:`deliver_event`). Recipients are the requester, the approvers (groups as ``group:<name>``)
and everyone who commented, minus the actor.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

import pluggy

from consoleme.core.task_client import NOTIFY_CHANGE_REQUEST, TaskClient
from consoleme.domain.change_request import ChangeRequest

log = logging.getLogger("consoleme.change_requests")

# Events nobody needs an e-mail about.
QUIET_EVENTS = frozenset({"apply_started"})


def recipients(request: ChangeRequest, actor: str) -> list[str]:
    """Who hears about an event: requester, approver groups and users, commenters; not the actor."""
    found: list[str] = [request.requester]
    for approver in request.approver_groups:
        found.append(approver if "@" in approver else f"group:{approver}")
    found.extend(comment.author for comment in request.comments)
    found.extend(a.user for a in request.approvals if a.user != "auto")
    seen: set[str] = set()
    unique = []
    for name in found:
        if name != actor and name not in seen:
            seen.add(name)
            unique.append(name)
    return unique


def build_event(
    request: ChangeRequest,
    type_: str,
    actor: str,
    base_url: str,
    *,
    change_id: str | None = None,
    comment: str | None = None,
) -> dict[str, Any]:
    """The hook's event dict (see the ``on_change_request_event`` hook spec)."""
    return {
        "type": type_,
        "request": request.model_dump(mode="json"),
        "actor": actor,
        "change_id": change_id,
        "comment": comment,
        "url": f"{base_url.rstrip('/')}/requests/{request.id}",
        "recipients": recipients(request, actor),
    }


async def queue_event(tasks: TaskClient, event: dict[str, Any]) -> None:
    """Queue the event for a worker; a queue outage is logged, never fails the request."""
    if event["type"] in QUIET_EVENTS:
        return
    try:
        await tasks.enqueue(NOTIFY_CHANGE_REQUEST, {"event": event})
    except Exception:
        log.warning(
            "could not queue a request notification",
            extra={"request_id": event["request"]["id"], "event": event["type"]},
            exc_info=True,
        )


async def deliver_event(plugins: pluggy.PluginManager, event: dict[str, Any]) -> int:
    """Call every ``on_change_request_event`` implementation; returns how many succeeded."""
    delivered = 0
    for impl in plugins.hook.on_change_request_event.get_hookimpls():
        try:
            result = impl.function(event=event)
            if inspect.isawaitable(result):
                await result
            delivered += 1
        except Exception:
            log.warning(
                "a notification plugin failed",
                extra={"plugin": impl.plugin_name, "event": event.get("type")},
                exc_info=True,
            )
    return delivered
