"""Extension points. Every hook has a typed signature and says when it runs and how results combine.

Plugins are objects returned by a factory registered in the ``consoleme.plugins`` entry point
group; the factory receives the :class:`~consoleme.config.models.Settings`. Implement a hook by
decorating a method with :data:`consoleme.plugins.hookimpl`.

"first wins" hooks stop at the first implementation returning something other than None (newest
registered first, so a third-party plugin overrides a default one). "merged" hooks call every
implementation and combine the results as described.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

import pluggy

from consoleme.domain.identity import Identity, RequestInfo

if TYPE_CHECKING:
    from consoleme.aws.hub import AwsHub

PROJECT = "consoleme"
hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec(firstresult=True)
def identity_from_request(request: RequestInfo) -> Identity | None:
    """Identify the caller of a request that carries no session token of ours.

    Called for every request without a valid session cookie or bearer token, before the handler
    runs. Return an Identity (for example from trusted proxy headers or a client certificate
    header) or None to pass. First wins. Implementations must only trust what they can verify.
    """


@hookspec
def groups_for_user(user: str, identity: Identity) -> list[str]:  # type: ignore[empty-body]
    """Extra groups of ``user`` at sign-in. Merged: the union of every result and the
    groups the identity already carries, sorted."""


@hookspec
def eligible_roles(user: str, groups: list[str]) -> list[str]:  # type: ignore[empty-body]
    """Role ARNs ``user`` may use beyond mappings and role tags (console and CLI). Called when
    the eligibility index entry of a user and their groups is computed (after an inventory or
    mapping change, or when it expires), never per request. Merged: union of all results."""


@hookspec
def account_inventory() -> list[dict[str, Any]]:  # type: ignore[empty-body]
    """Accounts known from a source of the plugin's own (a CMDB...). Each item:
    ``{"id": "123456789012", "name": str, "environment": str, "tags": {}}``. Called by the
    account refresh task. Merged: concatenated; later items with the same id update earlier ones."""


@hookspec
def access_denied_counts(  # type: ignore[empty-body]
    account_id: str, since_epoch: float, aws: AwsHub | None
) -> dict[str, int] | Awaitable[dict[str, int]]:
    """Recent AccessDenied / Unauthorized errors in ``account_id`` since ``since_epoch``, as
    principal ARN -> count. Called by the access-denied inventory task once per account
    (``inventory.access_denied_seconds``); ``aws`` reads AWS through the spoke roles (None when
    no AWS is configured). May return the dict or an awaitable of it. Merged: counts are summed
    over implementations; the default plugin ``cloudtrail_access_denied`` reads CloudTrail
    LookupEvents (disable it by name to use only your own source)."""


@hookspec
def on_change_request_event(event: dict[str, Any]) -> Awaitable[None] | None:
    """A change request changed state, or was commented on. Called by a worker after the change
    is stored, for notifications. Every implementation runs; errors are logged, not raised.

    ``event`` keys: ``type`` (an ``EventType`` of :mod:`consoleme.domain.change_request`, e.g.
    ``submitted``, ``commented``, ``approved``, ``change_failed``), ``request`` (the stored
    request after the event, ``ChangeRequest.model_dump(mode="json")``), ``actor`` (a user, or
    ``"worker"`` / ``"auto"``), ``change_id`` (the change concerned, or None), ``comment`` (the
    text, for ``commented``; else None), ``url`` (the request's page) and ``recipients`` (who to
    tell: users as e-mail addresses and approver groups as ``"group:<name>"``, de-duplicated,
    the actor left out). Implementations may return None or an awaitable (``async def`` is
    allowed); the caller awaits it. The default plugins ``email_notifications`` and
    ``slack_notifications`` send e-mail and post to a webhook."""


@hookspec
def approvers_for(change: dict[str, Any], request: dict[str, Any]) -> list[str]:  # type: ignore[empty-body]
    """Groups or users allowed to approve ``change`` of ``request``, in addition to admins and
    owner groups from resource tags. Merged: union of all results."""


@hookspec
def policy_findings(policy: dict[str, Any], context: dict[str, Any]) -> list[dict[str, Any]]:  # type: ignore[empty-body]
    """Findings about a policy document: ``{"rule", "severity", "title", "detail"}`` items
    (severity one of critical, high, medium, low, info), optionally with ``statement`` (index),
    ``sid`` and ``path`` (e.g. ``Statement[0].Action``) for editor markers. ``context`` holds
    ``kind`` (identity, resource or trust), ``target_arn``, ``account_id`` and ``change_type``.
    Called on every policy check (submitting a request, the policy editor). May return the list
    or an awaitable of it; malformed items are logged and skipped. Merged: concatenated."""


@hookspec
def beat_schedule() -> dict[str, dict[str, Any]]:  # type: ignore[empty-body]
    """Celery beat entries ``name -> {"task": str, "schedule": seconds, "kwargs": {}}``. Called
    when the beat process starts. Merged: later plugins override entries with the same name."""


@hookspec
def register_routes() -> list[tuple[str, Any]]:  # type: ignore[empty-body]
    """Extra Tornado routes ``(pattern, handler_class)``. Handlers must derive from
    ``consoleme.api.base.ApiHandler`` (which enforces an auth decision). Called once when the
    application is built. Merged: concatenated, after the built-in routes."""
