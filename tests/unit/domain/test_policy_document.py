"""Policy documents: validation with precise error paths, Sids, statement add/remove, sizes."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from consoleme.domain.policy_document import (
    MAX_STATEMENTS,
    SIZE_LIMITS,
    add_statements,
    assign_sids,
    check_size,
    document_size,
    pretty,
    remove_statements,
    statement_sids,
    validate_policy,
)
from consoleme.errors import BadRequest

pytestmark = pytest.mark.unit

ALLOW_GET = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
TRUSTED = {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}
PUBLIC_READ = {**ALLOW_GET, "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}


def doc(*statements: Any, version: str = "2012-10-17") -> dict[str, Any]:
    return {"Version": version, "Statement": list(statements)}


def test_valid_identity_policy_is_normalised_without_touching_the_input() -> None:
    given = {"Version": "2012-10-17", "Id": "x", "Statement": dict(ALLOW_GET)}
    before = copy.deepcopy(given)
    result = validate_policy(given, "identity")
    assert result == {"Version": "2012-10-17", "Id": "x", "Statement": [ALLOW_GET]}
    assert given == before
    result["Statement"][0]["Action"] = "changed"
    assert given == before


def test_every_kind_accepts_its_own_shape() -> None:
    assert validate_policy(doc(ALLOW_GET), "identity")["Statement"] == [ALLOW_GET]
    assert validate_policy(doc(PUBLIC_READ), "resource")["Statement"] == [PUBLIC_READ]
    assert validate_policy(doc(TRUSTED), "trust")["Statement"] == [TRUSTED]
    old = validate_policy(doc(ALLOW_GET, version="2008-10-17"), "identity")
    assert old["Version"] == "2008-10-17"


CONDITIONED = {
    **ALLOW_GET,
    "Condition": {
        "StringEquals": {"aws:PrincipalOrgID": ["o-1", "o-2"]},
        "Bool": {"aws:SecureTransport": True},
        "NumericLessThan": {"s3:max-keys": 10},
        "ForAnyValue:StringLike": {"aws:TagKeys": "team*"},
    },
}


def test_conditions_and_wildcards_are_accepted() -> None:
    wild = {**ALLOW_GET, "Action": ["s3:Get*", "*", "ec2:Describe?nstances"], "Resource": "*"}
    assert validate_policy(doc(CONDITIONED, wild), "identity")["Statement"][1] == wild


@pytest.mark.parametrize(
    ("document", "kind", "path", "words"),
    [
        ([ALLOW_GET], "identity", "(document)", "JSON object"),
        ({"Statement": [ALLOW_GET]}, "identity", "Version", "2012-10-17"),
        (doc(ALLOW_GET, version="2020-01-01"), "identity", "Version", "2008-10-17"),
        ({**doc(ALLOW_GET), "Foo": 1}, "identity", "Foo", "unknown policy element"),
        ({"Version": "2012-10-17", "Id": 3, "Statement": [ALLOW_GET]}, "identity", "Id", "string"),
        (doc(), "identity", "Statement", "non-empty"),
        ({"Version": "2012-10-17", "Statement": "x"}, "identity", "Statement", "non-empty"),
        (doc(ALLOW_GET, "nope"), "identity", "Statement[1]", "JSON object"),
        (doc({**ALLOW_GET, "Effect": "allow"}), "identity", "Statement[0].Effect", "Allow"),
        (doc({**ALLOW_GET, "Extra": 1}), "identity", "Statement[0].Extra", "unknown"),
        (doc({**ALLOW_GET, "NotAction": "s3:*"}), "identity", "Statement[0].NotAction", "not both"),
        (
            doc({"Effect": "Allow", "Resource": "*"}),
            "identity",
            "Statement[0].Action",
            "required",
        ),
        (doc({**ALLOW_GET, "Action": []}), "identity", "Statement[0].Action", "non-empty"),
        (doc({**ALLOW_GET, "Action": "s3GetObject"}), "identity", "Statement[0].Action[0]", "s3"),
        (
            doc({**ALLOW_GET, "Action": ["s3:GetObject", "s3:Get Object"]}),
            "identity",
            "Statement[0].Action[1]",
            "service:Action",
        ),
        (
            doc({**ALLOW_GET, "Resource": ["a", 3]}),
            "identity",
            "Statement[0].Resource[1]",
            "string",
        ),
        (doc({**ALLOW_GET, "Resource": ""}), "identity", "Statement[0].Resource[0]", "non-empty"),
        (doc(PUBLIC_READ), "identity", "Statement[0].Principal", "no principal"),
        (
            doc({"Effect": "Allow", "Action": "s3:GetObject"}),
            "identity",
            "Statement[0].Resource",
            "required",
        ),
        (doc(ALLOW_GET), "resource", "Statement[0].Principal", "required"),
        (
            doc({k: v for k, v in PUBLIC_READ.items() if k != "Resource"}),
            "resource",
            "Statement[0].Resource",
            "required",
        ),
        (doc({**PUBLIC_READ, "Principal": {"Aws": "*"}}), "resource", "Principal.Aws", "unknown"),
        (doc({**PUBLIC_READ, "Principal": "me"}), "resource", "Statement[0].Principal", '"*"'),
        (doc({**TRUSTED, "Resource": "*"}), "trust", "Statement[0].Resource", "trust"),
        (doc({**ALLOW_GET, "Resource": None}), "identity", "Statement[0].Resource", "string"),
        (
            doc({"Effect": "Allow", "Action": "sts:AssumeRole"}),
            "trust",
            "Statement[0].Principal",
            "Principal",
        ),
        (doc({**ALLOW_GET, "Condition": []}), "identity", "Statement[0].Condition", "object"),
        (
            doc({**ALLOW_GET, "Condition": {"StringEquals": "x"}}),
            "identity",
            "Statement[0].Condition.StringEquals",
            "condition key",
        ),
        (
            doc({**ALLOW_GET, "Condition": {"String Equals": {"a": "b"}}}),
            "identity",
            "Condition.String Equals",
            "operator",
        ),
        (
            doc({**ALLOW_GET, "Condition": {"StringEquals": {"aws:x": {"nested": 1}}}}),
            "identity",
            "Statement[0].Condition.StringEquals.aws:x",
            "string, number",
        ),
        (doc({**ALLOW_GET, "Sid": "my-sid"}), "identity", "Statement[0].Sid", "A-Z a-z 0-9"),
        (doc({**ALLOW_GET, "Sid": ""}), "identity", "Statement[0].Sid", "1 to 128"),
        (
            doc({**ALLOW_GET, "Sid": "A"}, {**ALLOW_GET, "Sid": "A"}),
            "identity",
            "Statement[1].Sid",
            "Statement[0]",
        ),
    ],
)
def test_invalid_documents_name_the_statement_and_field(
    document: Any, kind: Any, path: str, words: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        validate_policy(document, kind)
    assert caught.value.code == "invalid_policy"
    assert caught.value.status == 400
    assert path in caught.value.message
    assert words in caught.value.message
    assert path in caught.value.details["path"]


def test_too_many_statements() -> None:
    many = [{**ALLOW_GET, "Sid": f"S{i}"} for i in range(MAX_STATEMENTS + 1)]
    with pytest.raises(BadRequest, match="at most 500"):
        validate_policy(doc(*many), "identity")


def test_resource_policies_keep_their_wider_sid_alphabet() -> None:
    statement = {**PUBLIC_READ, "Sid": "Allow-Get from partner.1"}
    assert validate_policy(doc(statement), "resource")["Statement"][0]["Sid"] == statement["Sid"]
    with pytest.raises(BadRequest, match="Sid"):
        validate_policy(doc({**ALLOW_GET, "Sid": statement["Sid"]}), "identity")


def test_assign_sids_names_only_statements_without_one() -> None:
    given = doc(ALLOW_GET, {**ALLOW_GET, "Sid": "Kept"}, ALLOW_GET)
    result = assign_sids(given, "ConsoleMe", "0192f3a4b5c6d7e8", "c2")
    assert statement_sids(result) == [
        "ConsoleMe0192f3a4b5c6d7e8c2S1",
        "Kept",
        "ConsoleMe0192f3a4b5c6d7e8c2S2",
    ]
    assert "Sid" not in given["Statement"][0]


def test_assign_sids_strips_non_alphanumerics_and_avoids_taken_sids() -> None:
    taken = {**ALLOW_GET, "Sid": "CMabc12c-1S1"}
    given = doc({**ALLOW_GET, "Sid": "CMabc12c1S1"}, ALLOW_GET, taken)
    result = assign_sids(given, "CM", "abc-12", "c-1")
    assert statement_sids(result) == ["CMabc12c1S1", "CMabc12c1S2", "CMabc12c-1S1"]
    assert all(sid.isalnum() for sid in statement_sids(result)[:2])


def test_assign_sids_keep_changes_c1_and_c11_apart() -> None:
    many = doc(*[ALLOW_GET] * 11)
    eleventh_of_c1 = statement_sids(assign_sids(many, "CM", "r", "c1"))[10]
    first_of_c11 = statement_sids(assign_sids(doc(ALLOW_GET), "CM", "r", "c11"))[0]
    assert eleventh_of_c1 != first_of_c11


def test_add_statements_replaces_by_sid_in_place_and_appends_the_rest() -> None:
    current = doc(
        {**ALLOW_GET, "Sid": "One"}, {**ALLOW_GET, "Sid": "Two"}, ALLOW_GET, version="2008-10-17"
    )
    before = copy.deepcopy(current)
    changed_two = {**ALLOW_GET, "Sid": "Two", "Action": "s3:PutObject"}
    added = doc(changed_two, {**ALLOW_GET, "Sid": "Three"})
    result = add_statements(current, added)
    assert result["Version"] == "2008-10-17"
    assert result["Statement"] == [
        {**ALLOW_GET, "Sid": "One"},
        changed_two,
        ALLOW_GET,
        {**ALLOW_GET, "Sid": "Three"},
    ]
    assert current == before
    result["Statement"][1]["Action"] = "x"
    assert added["Statement"][0]["Action"] == "s3:PutObject"


def test_add_statements_to_nothing_starts_a_new_policy() -> None:
    result = add_statements(None, {"Version": "2008-10-17", "Statement": {**ALLOW_GET, "Sid": "A"}})
    assert result == {"Version": "2012-10-17", "Statement": [{**ALLOW_GET, "Sid": "A"}]}
    again = add_statements(result, doc({**ALLOW_GET, "Sid": "A"}))
    assert again == result


def test_remove_statements_by_sid() -> None:
    current = doc({**ALLOW_GET, "Sid": "One"}, {**ALLOW_GET, "Sid": "Two"}, ALLOW_GET)
    assert remove_statements(current, ["Two", "Missing"]) == doc(
        {**ALLOW_GET, "Sid": "One"}, ALLOW_GET
    )
    assert len(current["Statement"]) == 3
    assert remove_statements(doc({**ALLOW_GET, "Sid": "A"}), {"A"}) is None
    assert remove_statements(None, ["A"]) is None
    single = {"Version": "2012-10-17", "Statement": {**ALLOW_GET, "Sid": "A"}}
    assert remove_statements(single, []) == doc({**ALLOW_GET, "Sid": "A"})


def test_document_size_ignores_whitespace() -> None:
    document = doc({**ALLOW_GET, "Sid": "A B"})
    compact = json.dumps(document, separators=(",", ":"))
    assert document_size(document) == len(compact) - 1  # the space inside "A B" too
    assert document_size(json.loads(pretty(document))) == document_size(document)
    assert document_size({"Version": "2012-10-17", "Statement": []}) == 39


def sized(size: int, character: str = "a") -> dict[str, Any]:
    """A document of exactly ``size`` characters (IAM counting)."""
    base = doc({**ALLOW_GET, "Resource": "arn:aws:s3:::"})
    padding = size - document_size(base)
    return doc({**ALLOW_GET, "Resource": "arn:aws:s3:::" + character * padding})


@pytest.mark.parametrize(
    ("target", "limit"),
    [
        ("role_inline_total", 10_240),
        ("user_inline", 2_048),
        ("managed", 6_144),
        ("trust", 2_048),
        ("s3", 20_480),
        ("sqs", 20_480),
        ("sns", 30_720),
    ],
)
def test_size_limits(target: Any, limit: int) -> None:
    assert SIZE_LIMITS[target] == limit
    check_size(sized(limit), target)
    with pytest.raises(BadRequest) as caught:
        check_size(sized(limit + 1), target)
    assert caught.value.code == "policy_too_large"
    assert caught.value.details == {"target": target, "limit": limit, "size": limit + 1}
    assert f"{limit:,}" in caught.value.message
    assert f"{limit + 1:,}" in caught.value.message


def test_aggregate_limits_count_the_other_inline_policies() -> None:
    check_size(sized(1000), "role_inline_total", existing_total=9_240)
    with pytest.raises(BadRequest, match="10,241"):
        check_size(sized(1000), "role_inline_total", existing_total=9_241)


def test_resource_policies_count_bytes_and_iam_counts_characters() -> None:
    check_size(sized(10_240, "é"), "role_inline_total")  # é is one character...
    wide = sized(12_000, "é")  # ...but two bytes in UTF-8
    with pytest.raises(BadRequest, match="bytes") as caught:
        check_size(wide, "s3")
    assert caught.value.details["size"] > 20_480 > document_size(wide)


def test_pretty_keeps_order_and_indents_two_spaces() -> None:
    document = {"Version": "2012-10-17", "Statement": [{"Sid": "B"}, {"Sid": "A"}]}
    text = pretty(document)
    assert text.splitlines()[1] == '  "Version": "2012-10-17",'
    assert text.index('"B"') < text.index('"A"')
    assert json.loads(text) == document
