"""Who may do what with a permission request, and which rules approve or demand more approvals.

Pure decisions: callers pass the facts (the actor, owner groups read from tags, the access
levels of actions) and settings-shaped rules. Nobody approves their own request; only the
requester or an admin cancels; only admins apply or move a request back.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from consoleme.domain.change_request import ChangeRequest, parse_iso
from consoleme.domain.change_types import STATEMENT_TYPES, ChangeSpec, target_account, target_arn

Command = Literal[
    "comment",
    "update_change",
    "approve",
    "reject",
    "cancel",
    "apply_change",
    "move_back_to_pending",
]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks, as authorization sees them."""

    user: str
    groups: tuple[str, ...]
    is_admin: bool


class SensitiveRuleLike(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def change_types(self) -> list[str]: ...

    @property
    def accounts(self) -> list[str]: ...

    @property
    def action_patterns(self) -> list[str]: ...

    @property
    def required_approvals(self) -> int: ...


class AutoApproveRuleLike(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def change_types(self) -> list[str]: ...

    @property
    def read_only_actions(self) -> bool: ...

    @property
    def own_team_resources(self) -> bool: ...

    @property
    def max_grant_hours(self) -> int | None: ...

    @property
    def accounts(self) -> list[str]: ...

    @property
    def groups(self) -> list[str]: ...


def may_approve(request: ChangeRequest, actor: Actor) -> bool:
    """Admins and the request's approvers (groups or users), never the requester."""
    if actor.user == request.requester:
        return False
    if actor.is_admin:
        return True
    allowed = set(request.approver_groups)
    return actor.user in allowed or bool(allowed.intersection(actor.groups))


def allowed_commands(request: ChangeRequest, actor: Actor) -> set[Command]:
    """The commands ``actor`` may send for ``request`` in its current state."""
    commands: set[Command] = {"comment"}
    is_requester = actor.user == request.requester
    pending = request.status == "pending"
    nothing_applied = all(c.status not in {"applying", "applied"} for c in request.changes)
    if pending and may_approve(request, actor):
        commands |= {"approve", "reject"}
    if request.status == "approved" and nothing_applied and may_approve(request, actor):
        commands.add("reject")
    if pending and (is_requester or actor.is_admin):
        commands.add("update_change")
    open_request = request.status in {"pending", "approved"} and nothing_applied
    if open_request and (is_requester or actor.is_admin):
        commands.add("cancel")
    if actor.is_admin:
        if any(c.status in {"approved", "failed"} for c in request.changes) and (
            request.status in {"approved", "failed", "applied"}
        ):
            commands.add("apply_change")
        if request.status in {"rejected", "failed"} or (
            request.status == "approved" and nothing_applied
        ):
            commands.add("move_back_to_pending")
    return commands


def owner_groups(tags: dict[str, str], owner_tag_keys: Sequence[str]) -> set[str]:
    """Groups named by owner tags (values may list several, separated by commas or spaces)."""
    found: set[str] = set()
    lowered = {key.lower(): value for key, value in tags.items()}
    for key in owner_tag_keys:
        value = lowered.get(key.lower(), "")
        found.update(part for part in re.split(r"[,\s]+", value) if part)
    return found


def added_actions(request: ChangeRequest) -> set[str]:
    """Every action named by statements the request adds (lower case, patterns kept)."""
    return set().union(*(change_actions(change.spec) for change in request.changes))


def change_actions(spec: ChangeSpec) -> set[str]:
    """Actions the Allow statements of one change add (lower case); empty for other changes."""
    if spec.type not in STATEMENT_TYPES or getattr(spec, "action", "add") != "add":
        return set()
    actions: set[str] = set()
    for statement in _statements(getattr(spec, "policy_document", {})):
        if statement.get("Effect") != "Allow":
            continue
        value = statement.get("Action", [])
        actions.update(a.lower() for a in ([value] if isinstance(value, str) else value))
    return actions


def required_approvals(
    request: ChangeRequest, rules: Iterable[SensitiveRuleLike]
) -> tuple[int, list[str]]:
    """Approvals needed (at least one) and the names of the sensitive rules that matched."""
    needed, matched = 1, []
    for rule in rules:
        if _sensitive(request, rule):
            needed = max(needed, rule.required_approvals)
            matched.append(rule.name)
    return needed, matched


def _sensitive(request: ChangeRequest, rule: SensitiveRuleLike) -> bool:
    for change in request.changes:
        if rule.change_types and change.spec.type not in rule.change_types:
            continue
        if rule.accounts and target_account(change.spec) not in rule.accounts:
            continue
        if not rule.action_patterns:
            return True
        actions = change_actions(change.spec)
        if any(_matches(action, rule.action_patterns) for action in actions):
            return True
    return False


def auto_approval(
    request: ChangeRequest,
    rules: Iterable[AutoApproveRuleLike],
    *,
    owners_by_arn: dict[str, set[str]],
    access_level: Callable[[str], set[str]],
    now: float,
) -> str | None:
    """The name of the first auto-approve rule every condition of which holds, or None.

    ``access_level(pattern)`` gives the access levels ("Read", "List", "Write"...) of the actions
    a pattern covers (empty when unknown, which never counts as read-only).
    """
    for rule in rules:
        if _auto_rule_holds(request, rule, owners_by_arn, access_level, now):
            return rule.name
    return None


def _auto_rule_holds(
    request: ChangeRequest,
    rule: AutoApproveRuleLike,
    owners_by_arn: dict[str, set[str]],
    access_level: Callable[[str], set[str]],
    now: float,
) -> bool:
    if rule.groups and not set(rule.groups).intersection(request.requester_groups):
        return False
    for change in request.changes:
        arn = target_arn(change.spec)
        if change.spec.type not in rule.change_types:
            return False
        if rule.accounts and target_account(change.spec) not in rule.accounts:
            return False
        if rule.own_team_resources and not owners_by_arn.get(arn, set()).intersection(
            request.requester_groups
        ):
            return False
        if rule.max_grant_hours is not None and (
            change.expires_at is None
            or parse_iso(change.expires_at) - now > rule.max_grant_hours * 3600
        ):
            return False
    if rule.read_only_actions:
        for action in added_actions(request):
            levels = access_level(action)
            if not levels or not levels <= {"Read", "List"}:
                return False
    return True


def _matches(action: str, patterns: Sequence[str]) -> bool:
    """True when ``action`` (possibly a pattern itself) can overlap any of ``patterns``."""
    service = action.split(":", 1)[0]
    for pattern in patterns:
        pattern = pattern.lower()
        if fnmatch.fnmatchcase(action, pattern) or fnmatch.fnmatchcase(pattern, action):
            return True
        if action == "*" or (action.endswith("*") and pattern.startswith(service + ":")):
            return True
    return False


def _statements(document: Any) -> list[dict[str, Any]]:
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    return [s for s in statements if isinstance(s, dict)]
