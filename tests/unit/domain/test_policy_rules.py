"""ConsoleMe's own policy rules: what each flags, with which severity, and what it leaves alone."""

from __future__ import annotations

from typing import Any

import pytest

from consoleme.domain.policy_rules import (
    SEVERITY_ORDER,
    Finding,
    allow_with_negation,
    cross_account_trust,
    iam_glob_match,
    passrole_any_role,
    public_principal,
    run_rules,
    sort_findings,
    wildcard_actions,
    write_any_resource,
)

pytestmark = pytest.mark.unit

LEVELS = {
    "s3:getobject": {"Read"},
    "s3:listbucket": {"List"},
    "s3:putobject": {"Write"},
    "s3:put*": {"Write", "Permissions management", "Tagging"},
    "iam:putrolepolicy": {"Permissions management", "Write"},
    "iam:tagrole": {"Tagging", "Write"},
    "iam:passrole": {"Write"},
}


def levels(pattern: str) -> set[str]:
    return LEVELS.get(pattern.lower(), set())


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def summary(findings: list[Finding]) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.severity, f.statement) for f in findings]


@pytest.mark.parametrize(
    ("action", "resource", "expected"),
    [
        ("*", "*", [("wildcard_action", "critical", 0)]),
        (["s3:GetObject", "*:*"], "*", [("wildcard_action", "critical", 0)]),
        ("*", "arn:aws:s3:::bucket", [("wildcard_action", "high", 0)]),
        ("iam:*", "*", [("wildcard_action", "high", 0)]),
        ("KMS:*", "*", [("wildcard_action", "high", 0)]),
        ("iam:*", "arn:aws:iam::123456789012:role/x", [("wildcard_action", "medium", 0)]),
        ("s3:Get*", "*", []),
        ("mq:*", "*", []),
    ],
)
def test_wildcard_actions(action: Any, resource: str, expected: list[Any]) -> None:
    assert summary(wildcard_actions(doc(allow(action, resource)))) == expected


def test_wildcard_rule_takes_the_sensitive_services_as_a_parameter() -> None:
    document = doc(allow("mq:*"))
    assert summary(wildcard_actions(document, sensitive_services={"mq"})) == [
        ("wildcard_action", "high", 0)
    ]
    assert wildcard_actions(doc(allow("iam:*")), sensitive_services={"mq"}) == []


def test_deny_statements_never_produce_findings() -> None:
    deny = {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:s3:::x"}
    document = doc(deny, {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"})
    assert run_rules(document, kind="identity", account_id="1", access_levels=levels) == []
    assert public_principal(doc({**deny, "Principal": "*"})) == []


def test_finding_fields_point_into_the_document() -> None:
    document = doc(allow("s3:GetObject", "arn:aws:s3:::b/*"), allow("iam:*", Sid="AdminBits"))
    (finding,) = wildcard_actions(document)
    assert finding.statement == 1
    assert finding.sid == "AdminBits"
    assert finding.path == "Statement[1].Action"
    assert finding.source == "consoleme"
    assert "iam:*" in finding.detail
    assert finding.title


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (allow("iam:PassRole"), "high"),
        (allow("iam:Pass*"), "high"),
        (allow("IAM:passrole"), "high"),
        (allow(["s3:GetObject", "iam:*"]), "high"),
        (allow("*"), "high"),
        (allow("iam:?assRole"), "high"),
        ({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}, "high"),
        (
            allow("iam:PassRole", "*", Condition={"StringEquals": {"iam:PassedToService": "x"}}),
            "medium",
        ),
        (
            {"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::1:role/a"},
            "high",
        ),
        (allow("iam:PassRole", "arn:aws:iam::123456789012:role/app"), None),
        (allow("iam:Put*"), None),
        ({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, None),
        ({"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}, None),
    ],
)
def test_passrole_on_any_role(statement: dict[str, Any], expected: str | None) -> None:
    found = passrole_any_role(doc(statement))
    assert [f.severity for f in found] == ([expected] if expected else [])
    if expected:
        key = "NotResource" if "NotResource" in statement else "Resource"
        assert found[0].path == f"Statement[0].{key}"
        assert found[0].rule == "passrole_any_role"


def test_write_actions_on_any_resource() -> None:
    document = doc(
        allow(["s3:GetObject", "s3:ListBucket"]),
        allow(["s3:GetObject", "s3:PutObject"]),
        allow("iam:PutRolePolicy"),
        allow("iam:TagRole", Condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}),
        allow("iam:PutRolePolicy", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
        allow("s3:PutObject", "arn:aws:s3:::bucket/*"),
        allow(["*", "iam:*"]),
    )
    found = write_any_resource(document, levels)
    assert summary(found) == [
        ("write_any_resource", "medium", 1),
        ("write_any_resource", "high", 2),
        ("write_any_resource", "low", 3),
        ("write_any_resource", "medium", 4),
    ]
    assert "s3:PutObject" in found[0].detail
    assert "s3:GetObject" not in found[0].detail
    assert found[1].title == "Permissions management actions on any resource"
    assert found[0].path == "Statement[1].Resource"


def test_write_rule_lists_at_most_ten_actions() -> None:
    actions = [f"s3:PutObject{'?' * n}" for n in range(12)]
    (finding,) = write_any_resource(doc(allow(actions)), lambda _: {"Write"})
    assert finding.detail.count("s3:PutObject") == 10
    assert "..." in finding.detail


PUBLIC = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}


@pytest.mark.parametrize(
    ("principal", "condition", "expected"),
    [
        ("*", None, "critical"),
        ({"AWS": "*"}, None, "critical"),
        ({"AWS": ["arn:aws:iam::111122223333:root", "*"]}, None, "critical"),
        ("*", {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, None),
        ("*", {"StringEquals": {"AWS:SourceAccount": ["111122223333"]}}, None),
        ("*", {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}}, None),
        ("*", {"ForAnyValue:StringEquals": {"aws:SourceVpce": "vpce-1"}}, None),
        ("*", {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, None),
        ("*", {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}, "critical"),
        ("*", {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, "critical"),
        ("*", {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}, "critical"),
        ("*", {"StringLike": {"aws:PrincipalOrgID": "*"}}, "critical"),
        ("*", {"Bool": {"aws:SecureTransport": "true"}}, "critical"),
        ({"AWS": "arn:aws:iam::111122223333:root"}, None, None),
        ({"Service": "sns.amazonaws.com"}, None, None),
    ],
)
def test_public_principals(principal: Any, condition: Any, expected: str | None) -> None:
    statement = {**PUBLIC, "Principal": principal}
    if condition is not None:
        statement["Condition"] = condition
    found = public_principal(doc(statement))
    assert [f.severity for f in found] == ([expected] if expected else [])
    if expected:
        assert found[0].path == "Statement[0].Principal"


def test_not_principal_with_allow_is_high() -> None:
    statement = {**PUBLIC, "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}
    (finding,) = public_principal(doc(statement))
    assert (finding.rule, finding.severity, finding.path) == (
        "public_principal",
        "high",
        "Statement[0].NotPrincipal",
    )


TRUST = {"Effect": "Allow", "Action": "sts:AssumeRole"}


@pytest.mark.parametrize(
    ("principal", "condition", "others"),
    [
        ({"AWS": "arn:aws:iam::111122223333:root"}, None, "111122223333"),
        ({"AWS": ["222233334444", "arn:aws:iam::123456789012:role/x"]}, None, "222233334444"),
        ({"AWS": "arn:aws:sts::111122223333:assumed-role/r/s"}, None, "111122223333"),
        ({"AWS": "arn:aws:iam::123456789012:role/same"}, None, None),
        (
            {"AWS": "arn:aws:iam::111122223333:root"},
            {"StringEquals": {"sts:ExternalId": "x"}},
            None,
        ),
        ({"Service": "ec2.amazonaws.com"}, None, None),
        ({"Federated": "arn:aws:iam::111122223333:saml-provider/x"}, None, None),
        ("*", None, None),
    ],
)
def test_cross_account_trust(principal: Any, condition: Any, others: str | None) -> None:
    statement = {**TRUST, "Principal": principal}
    if condition is not None:
        statement["Condition"] = condition
    found = cross_account_trust(doc(statement), "123456789012")
    assert [f.severity for f in found] == (["high"] if others else [])
    if others:
        assert others in found[0].detail
        assert "123456789012" in found[0].detail
        assert found[0].rule == "cross_account_trust"


def test_not_action_and_not_resource_with_allow() -> None:
    document = doc(
        {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::x", "Sid": "Neg"},
        {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"},
    )
    found = allow_with_negation(document)
    assert [(f.rule, f.severity, f.path, f.sid) for f in found] == [
        ("allow_not_action", "medium", "Statement[0].NotAction", "Neg"),
        ("allow_not_resource", "medium", "Statement[0].NotResource", "Neg"),
    ]


def test_run_rules_applies_the_rules_of_each_kind() -> None:
    identity = doc(allow("iam:PutRolePolicy"))
    assert [
        f.rule for f in run_rules(identity, kind="identity", account_id=None, access_levels=levels)
    ] == ["write_any_resource"]
    # Resource "*" in a resource policy means the resource itself: no write finding there.
    bucket = doc({**allow("s3:PutObject"), "Principal": "*"})
    assert [
        f.rule for f in run_rules(bucket, kind="resource", account_id=None, access_levels=levels)
    ] == ["public_principal"]
    trust = doc({**TRUST, "Principal": {"AWS": "111122223333"}})
    assert run_rules(trust, kind="trust", account_id=None, access_levels=levels) == []
    assert [
        f.rule
        for f in run_rules(trust, kind="trust", account_id="123456789012", access_levels=levels)
    ] == ["cross_account_trust"]
    assert public_principal(doc({**TRUST, "Principal": "*"}))[0].severity == "critical"


def test_run_rules_sorts_by_severity_then_statement() -> None:
    document = doc(
        allow("s3:PutObject"),
        {"Effect": "Allow", "NotAction": "s3:*", "Resource": "arn:aws:s3:::b"},
        allow("iam:*"),
        allow("*"),
    )
    found = run_rules(document, kind="identity", account_id=None, access_levels=levels)
    assert summary(found) == [
        ("wildcard_action", "critical", 3),
        ("passrole_any_role", "high", 2),
        ("wildcard_action", "high", 2),
        ("passrole_any_role", "high", 3),
        ("write_any_resource", "medium", 0),
        ("allow_not_action", "medium", 1),
    ]
    ranks = [SEVERITY_ORDER[f.severity] for f in found]
    assert ranks == sorted(ranks)


def test_sort_puts_document_level_findings_after_statements() -> None:
    loose = Finding(rule="b", severity="low", title="t", detail="d")
    pinned = Finding(rule="a", severity="low", title="t", detail="d", statement=4)
    assert sort_findings([loose, pinned]) == [pinned, loose]


@pytest.mark.parametrize(
    ("pattern", "action", "matches"),
    [
        ("iam:Pass*", "iam:PassRole", True),
        ("*", "iam:PassRole", True),
        ("iam:?ass*", "IAM:PASSROLE", True),
        ("iam:PassRole", "iam:PassRoles", False),
        ("iam:[P]assRole", "iam:PassRole", False),
        ("s3:*", "iam:PassRole", False),
    ],
)
def test_iam_glob_match(pattern: str, action: str, matches: bool) -> None:
    assert iam_glob_match(pattern, action) is matches
