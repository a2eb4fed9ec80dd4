"""The access audit log: every issuance and refusal, stored and counted, and who may read it.

Events are store records of kind ``audit_event`` ordered by time (sort key: ISO time with
microseconds), indexed by ``user``, ``role`` and ``user_role`` so that filtered pages are read
from an index rather than by scanning. Each event also counts in the Prometheus counters
``consoleme_access_issued_total`` / ``consoleme_access_refused_total``.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from consoleme.core.metrics import Metrics
from consoleme.domain.audit import AccessAction, AuditEvent, Caller, Outcome
from consoleme.domain.identity import Identity
from consoleme.errors import Forbidden
from consoleme.store.protocol import Store

log = logging.getLogger("consoleme.audit")

KIND = "audit_event"
_MAX_PAGES_PER_CALL = 5


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Filters of :meth:`AccessAudit.search` (times are inclusive)."""

    user: str | None = None
    role: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class AuditPage:
    """Events newest first; ``next_cursor`` None on the last page."""

    events: list[AuditEvent]
    next_cursor: str | None


def time_key(moment: datetime) -> str:
    """Sortable UTC text of ``moment``: ``2026-05-01T12:00:00.123456Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class AccessAudit:
    """Writes events and serves filtered pages of them."""

    def __init__(self, store: Store, metrics: Metrics) -> None:
        self.store = store
        self.metrics = metrics

    async def issued(
        self, caller: Caller, action: AccessAction, message: str, **fields: Any
    ) -> AuditEvent:
        """Record an issuance (credentials, console sign-in, CLI token)."""
        self.metrics.access_issued.labels(action, caller.client_kind).inc()
        return await self._write(caller, action, "issued", None, message, fields)

    async def refused(
        self, caller: Caller, action: AccessAction, code: str, message: str, **fields: Any
    ) -> AuditEvent:
        """Record a refusal with its error ``code``."""
        self.metrics.access_refused.labels(action, code).inc()
        return await self._write(caller, action, "refused", code, message, fields)

    async def _write(
        self,
        caller: Caller,
        action: AccessAction,
        outcome: Outcome,
        code: str | None,
        message: str,
        fields: dict[str, Any],
    ) -> AuditEvent:
        now = datetime.now(UTC)
        role_arn = fields.get("role_arn")
        event = AuditEvent(
            id=f"{time.time_ns():020d}-{secrets.token_hex(4)}",
            time=now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
            user=caller.user,
            action=action,
            outcome=outcome,
            code=code,
            message=message[:1000],
            requested_role=fields.get("requested_role"),
            role_arn=role_arn,
            account_id=fields.get("account_id"),
            source_ip=caller.source_ip,
            user_agent=caller.user_agent[:512],
            client_kind=caller.client_kind,
            ip_restricted=fields.get("ip_restricted"),
            duration_seconds=fields.get("duration_seconds"),
            request_id=caller.request_id,
            metadata=fields.get("metadata"),
        )
        indexes = {"user": caller.user}
        if role_arn:
            indexes["role"] = role_arn
            indexes["user_role"] = f"{caller.user}|{role_arn}"
        data = event.model_dump(mode="json")
        await self.store.put(KIND, event.id, data, sort_key=time_key(now), indexes=indexes)
        # One log line per event as well, for log pipelines (weep's metadata included).
        log.info("access %s", outcome, extra={"audit": data})
        return event

    async def search(self, viewer: Identity, is_admin: bool, query: AuditQuery) -> AuditPage:
        """Newest first. Admins see everyone's events; others only their own."""
        user = query.user
        if not is_admin:
            if user is not None and user != viewer.user:
                raise Forbidden("only administrators may read other people's audit events")
            user = viewer.user
        index = _index(user, query.role)
        since = time_key(query.since) if query.since else ""
        until = time_key(query.until) if query.until else ""
        prefix = _common_prefix(since, until) if since and until else None
        events: list[AuditEvent] = []
        cursor = query.cursor
        for _ in range(_MAX_PAGES_PER_CALL):
            page = await self.store.query(
                KIND,
                index=index,
                limit=query.limit,
                cursor=cursor,
                descending=True,
                sort_key_prefix=prefix or None,
            )
            cursor = page.cursor
            for record in page.records:
                if since and record.sort_key < since:
                    return AuditPage(events, None)
                if not until or record.sort_key <= until:
                    events.append(AuditEvent.model_validate(record.data))
            if events or cursor is None:
                break
        return AuditPage(events, cursor)


def _index(user: str | None, role: str | None) -> tuple[str, str] | None:
    if user and role:
        return ("user_role", f"{user}|{role}")
    if user:
        return ("user", user)
    if role:
        return ("role", role)
    return None


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        size += 1
    return a[:size]
