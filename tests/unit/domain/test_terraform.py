"""Terraform snippets: one per change type, valid HCL, documents that round-trip exactly."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest
from pydantic import TypeAdapter

from consoleme.domain.change_types import ChangeSpec
from consoleme.domain.terraform import hcl_string, hcl_value, resource_name, terraform_snippet

pytestmark = pytest.mark.unit

SPEC = TypeAdapter(ChangeSpec)
ROLE = "arn:aws:iam::123456789012:role/team/App-Role.1"
TRICKY = {
    "Sid": "Home",
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:ListBucket"],
    "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b"],
    "Condition": {
        "StringLike": {"s3:prefix": ['home/%{x}"q"\\\n\t\x01']},
        "Bool": {"aws:SecureTransport": True},
        "NumericLessThan": {"s3:max-keys": 10},
    },
}
POLICY = {"Version": "2012-10-17", "Statement": [TRICKY]}
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "sts:AssumeRole",
        }
    ],
}
SOURCE_ROLE = {
    "assume_role_policy": TRUST,
    "inline_policies": {"read": POLICY},
    "managed_policies": [
        {"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "name": "ReadOnlyAccess"}
    ],
    "tags": {"team": "data"},
    "path": "/svc/",
    "description": "source",
    "max_session_duration": 7200,
}


def snippet(raw: dict[str, Any], resulting: dict[str, Any] | None = None) -> str:
    return terraform_snippet(SPEC.validate_python(raw), resulting_document=resulting)


# --- a small HCL checker: tokens, balanced brackets, escapes, and a parser for values --------

_ESCAPE = re.compile(r'\\(?:[nrt"\\]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})')


def check_hcl(text: str) -> None:
    """Fail unless ``text`` is structurally valid HCL: balanced, matched brackets outside
    strings and comments; strings closed on their line, only valid escapes, and no unescaped
    ``${`` / ``%{`` template sequences."""
    stack: list[str] = []
    pairs = {"}": "{", "]": "[", ")": "("}
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            i = text.index("\n", i) if "\n" in text[i:] else len(text)
            continue
        if ch == '"':
            i = _end_of_string(text, i)
            continue
        if ch in "{[(":
            stack.append(ch)
        elif ch in "}])":
            assert stack, f"unbalanced {ch!r} at {i}: {text[:i]}"
            assert stack[-1] == pairs[ch], f"mismatched {ch!r} at {i}: {text[:i]}"
            stack.pop()
        i += 1
    assert not stack, f"unclosed {stack}"


def _end_of_string(text: str, start: int) -> int:
    i = start + 1
    while True:
        assert i < len(text), f"string not closed at {start}"
        ch = text[i]
        assert ch != "\n", f"string not closed on its line at {start}"
        if ch == "\\":
            match = _ESCAPE.match(text, i)
            assert match, f"bad escape {text[i : i + 2]!r}"
            i = match.end()
            continue
        if text.startswith("$${", i) or text.startswith("%%{", i):
            i += 3
            continue
        assert not text.startswith("${", i), "unescaped ${ in a string"
        assert not text.startswith("%{", i), "unescaped %{ in a string"
        if ch == '"':
            return i + 1
        i += 1


class HclValue:
    """Parses the HCL expressions this module writes (objects, tuples, literals) to Python."""

    def __init__(self, text: str) -> None:
        self.text, self.i = text, 0

    def parse(self) -> Any:
        value = self._value()
        self._space()
        return value

    def _space(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \n\t,":
            self.i += 1

    def _value(self) -> Any:
        self._space()
        ch = self.text[self.i]
        if ch == "{":
            self.i += 1
            result: dict[str, Any] = {}
            while self._space() or self.text[self.i] != "}":
                key = self._value()
                self._space()
                assert self.text[self.i] == "=", self.text[self.i :]
                self.i += 1
                result[key] = self._value()
            self.i += 1
            return result
        if ch == "[":
            self.i += 1
            items = []
            while self._space() or self.text[self.i] != "]":
                items.append(self._value())
            self.i += 1
            return items
        if ch == '"':
            end = _end_of_string(self.text, self.i)
            raw = self.text[self.i : end].replace("$${", "${").replace("%%{", "%{")
            self.i = end
            return json.loads(raw)
        word = re.compile(r"[a-z0-9.]+").match(self.text, self.i)
        assert word, self.text[self.i :]
        self.i = word.end()
        return {"true": True, "false": False, "null": None}.get(word.group()) or (
            json.loads(word.group())
        )


def jsonencoded(text: str) -> list[Any]:
    """Every document inside ``jsonencode(...)`` in ``text``, parsed back."""
    found = []
    for match in re.finditer(r"jsonencode\(", text):
        parser = HclValue(text[match.end() :])
        found.append(parser.parse())
        assert parser.text[parser.i] == ")"
    return found


def blocks(text: str) -> list[tuple[str, str]]:
    return re.findall(r'^resource "([a-z0-9_]+)" "([^"]+)" \{$', text, flags=re.MULTILINE)


# --- the snippets ------------------------------------------------------------------------------

INLINE = {
    "type": "inline_policy",
    "principal_arn": ROLE,
    "policy_name": "read",
    "policy_document": POLICY,
}

CASES: list[tuple[dict[str, Any], dict[str, Any] | None]] = [
    (INLINE, POLICY),
    (INLINE, None),
    ({**INLINE, "action": "remove"}, {"Version": "2012-10-17", "Statement": []}),
    ({**INLINE, "action": "remove"}, None),
    (
        {**INLINE, "principal_arn": "arn:aws:iam::123456789012:user/bob"},
        POLICY,
    ),
    (
        {
            "type": "managed_policy",
            "principal_arn": ROLE,
            "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
        },
        None,
    ),
    (
        {
            "type": "managed_policy",
            "principal_arn": "arn:aws:iam::123456789012:user/bob",
            "policy_arn": "arn:aws:iam::123456789012:policy/x/Base",
            "action": "detach",
        },
        None,
    ),
    (
        {
            "type": "managed_policy_document",
            "policy_arn": "arn:aws:iam::123456789012:policy/team/x/base",
            "policy_document": POLICY,
        },
        POLICY,
    ),
    (
        {
            "type": "resource_policy",
            "resource_arn": "arn:aws:s3:::my-bucket.logs",
            "resource_type": "s3",
            "policy_document": POLICY,
        },
        POLICY,
    ),
    (
        {
            "type": "resource_policy",
            "resource_arn": "arn:aws:sqs:eu-west-1:123456789012:orders",
            "resource_type": "sqs",
            "policy_document": POLICY,
        },
        POLICY,
    ),
    (
        {
            "type": "resource_policy",
            "resource_arn": "arn:aws:sns:us-east-1:123456789012:alerts",
            "resource_type": "sns",
            "policy_document": POLICY,
            "action": "remove",
        },
        {"Version": "2012-10-17", "Statement": []},
    ),
    ({"type": "assume_role_policy", "principal_arn": ROLE, "policy_document": TRUST}, TRUST),
    (
        {
            "type": "permissions_boundary",
            "principal_arn": ROLE,
            "policy_arn": "arn:aws:iam::123456789012:policy/boundary",
        },
        None,
    ),
    (
        {
            "type": "permissions_boundary",
            "principal_arn": ROLE,
            "policy_arn": "arn:aws:iam::123456789012:policy/boundary",
            "action": "detach",
        },
        None,
    ),
    ({"type": "tag", "principal_arn": ROLE, "key": "cost center", "value": "a/b=c"}, None),
    ({"type": "tag", "principal_arn": ROLE, "key": "team", "action": "remove"}, None),
    (
        {
            "type": "create_role",
            "account_id": "123456789012",
            "role_name": "new-role",
            "path": "/svc/",
            "description": 'say "hi" ${now}',
            "assume_role_policy_document": TRUST,
            "max_session_duration": 7200,
            "tags": {"owner-team": "data"},
        },
        None,
    ),
    (
        {
            "type": "clone_role",
            "source_role_arn": ROLE,
            "account_id": "123456789012",
            "role_name": "copy",
        },
        SOURCE_ROLE,
    ),
    (
        {
            "type": "clone_role",
            "source_role_arn": ROLE,
            "account_id": "123456789012",
            "role_name": "copy",
        },
        {"RoleName": "copy", "CopiedFrom": ROLE},
    ),
]


@pytest.mark.parametrize(("raw", "resulting"), CASES)
def test_every_snippet_is_structurally_valid_hcl(
    raw: dict[str, Any], resulting: dict[str, Any] | None
) -> None:
    text = snippet(raw, resulting)
    check_hcl(text)
    assert text.endswith("\n")
    assert text.startswith("# ")
    for _, name in blocks(text):
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", name)


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
@pytest.mark.parametrize(("raw", "resulting"), CASES)
def test_terraform_parses_every_snippet_and_finds_it_formatted(
    raw: dict[str, Any], resulting: dict[str, Any] | None
) -> None:
    text = snippet(raw, resulting)
    done = subprocess.run(
        ["terraform", "fmt", "-"], input=text, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == text


def test_the_checker_catches_broken_hcl() -> None:
    for broken in ('x = {"a" = 1', 'x = "a}', 'x = "${var}"', 'x = "\\q"', "x = [1, 2}"):
        with pytest.raises(AssertionError):
            check_hcl(broken)
    check_hcl('x = "$${ok} %%{ok} \\" \\\\ \\u0001" # } unbalanced in a comment is fine')


def test_inline_role_policy_holds_the_resulting_document() -> None:
    text = snippet(INLINE, POLICY)
    assert blocks(text) == [("aws_iam_role_policy", "app_role_1_read")]
    assert '  name = "read"\n  role = "App-Role.1"\n' in text
    assert jsonencoded(text) == [POLICY]
    assert "$${aws:username}" in text
    assert "%%{x}" in text
    assert "the document after this change" in text


def test_inline_user_policy_uses_the_user_resource() -> None:
    text = snippet({**INLINE, "principal_arn": "arn:aws:iam::123456789012:user/bob"}, POLICY)
    assert blocks(text) == [("aws_iam_user_policy", "bob_read")]
    assert '  user = "bob"' in text


def test_without_the_resulting_document_only_the_additions_are_shown() -> None:
    text = snippet(INLINE)
    assert "merge them into the existing document" in text
    assert jsonencoded(text) == [POLICY]


def test_removal_without_the_result_names_the_sids() -> None:
    text = snippet({**INLINE, "action": "remove"})
    assert blocks(text) == []
    assert "Sid Home" in text
    assert "jsonencode" not in text


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        ({**INLINE, "action": "remove"}, "aws_iam_role_policy.app_role_1_read"),
        (CASES[10][0], "aws_sns_topic_policy.alerts"),
    ],
)
def test_emptied_policies_are_removed(raw: dict[str, Any], address: str) -> None:
    text = snippet(raw, {"Version": "2012-10-17", "Statement": []})
    assert blocks(text) == []
    assert f"removed {{\n  from = {address}\n  lifecycle {{\n    destroy = false\n" in text
    assert f"# or, with older versions: terraform state rm {address}" in text
    assert "no statements are left" in text


def test_managed_policy_attach_and_detach() -> None:
    attach = snippet(CASES[5][0])
    assert blocks(attach) == [("aws_iam_role_policy_attachment", "app_role_1_readonlyaccess")]
    assert '  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"' in attach
    assert '  role       = "App-Role.1"' in attach
    detach = snippet(CASES[6][0])
    assert blocks(detach) == []
    assert "from = aws_iam_user_policy_attachment.bob_base" in detach
    assert "Delete that resource from your configuration" in detach


def test_managed_policy_document_keeps_name_and_path() -> None:
    text = snippet(*CASES[7])
    assert blocks(text) == [("aws_iam_policy", "base")]
    assert '  name = "base"\n  path = "/team/x/"\n' in text
    assert jsonencoded(text) == [POLICY]


def test_resource_policies_use_each_service_resource() -> None:
    s3 = snippet(*CASES[8])
    assert blocks(s3) == [("aws_s3_bucket_policy", "my_bucket_logs")]
    assert '  bucket = "my-bucket.logs"' in s3
    sqs = snippet(*CASES[9])
    assert blocks(sqs) == [("aws_sqs_queue_policy", "orders")]
    assert 'queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"' in sqs
    assert jsonencoded(sqs) == [POLICY]


def test_trust_policy_is_a_partial_role() -> None:
    text = snippet(*CASES[11])
    assert blocks(text) == [("aws_iam_role", "app_role_1")]
    assert "Partial: only assume_role_policy changes" in text
    assert jsonencoded(text) == [TRUST]


def test_permissions_boundary_attach_and_detach() -> None:
    attach = snippet(CASES[12][0])
    assert 'permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"' in attach
    detach = snippet(CASES[13][0])
    assert "# permissions_boundary = arn:aws:iam::123456789012:policy/boundary" in detach
    assert "delete the permissions_boundary argument" in detach


def test_tags() -> None:
    add = snippet(CASES[14][0])
    assert '  tags = {\n    "cost center" = "a/b=c"\n  }' in add
    assert "merge this tag" in add
    remove = snippet(CASES[15][0])
    assert "delete the tag 'team'" in remove
    assert "tags" not in remove.split("{", 1)[1]


def test_create_role_is_complete() -> None:
    text = snippet(CASES[16][0])
    assert blocks(text) == [("aws_iam_role", "new_role")]
    assert '  description = "say \\"hi\\" $${now}"' in text
    assert '  path        = "/svc/"' in text
    assert "  max_session_duration = 7200" in text
    assert jsonencoded(text) == [TRUST]


def test_clone_role_writes_the_copy_with_its_policies() -> None:
    text = snippet(*CASES[17])
    assert blocks(text) == [
        ("aws_iam_role", "copy"),
        ("aws_iam_role_policy", "copy_read"),
        ("aws_iam_role_policy_attachment", "copy_readonlyaccess"),
    ]
    assert text.count("role       = aws_iam_role.copy.name") == 1
    assert "  role = aws_iam_role.copy.name" in text
    assert jsonencoded(text) == [TRUST, POLICY]
    assert '"team" = "data"' in text
    assert '  path        = "/svc/"' in text


def test_clone_role_without_the_source_says_what_is_missing() -> None:
    raw = {**CASES[18][0], "copy_tags": False}
    text = snippet(raw, CASES[18][1])
    assert blocks(text) == [("aws_iam_role", "copy")]
    assert "# assume_role_policy = (the trust policy of" in text
    assert "were not known" in text


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("App-Role.1", "read"), "app_role_1_read"),
        (("123abc",), "r_123abc"),
        (("!!!",), "consoleme"),
        (("a__b--c",), "a_b_c"),
        (("x" * 100,), "x" * 64),
    ],
)
def test_resource_names(parts: tuple[str, ...], expected: str) -> None:
    assert resource_name(*parts) == expected


def test_hcl_values() -> None:
    assert hcl_string('a"b\\c\n${x}%{y}\x7f') == '"a\\"b\\\\c\\n$${x}%%{y}\\u007f"'
    assert hcl_value([]) == "[]"
    assert hcl_value({}) == "{}"
    assert hcl_value([1, 2.5, None, False]) == "[1, 2.5, null, false]"
    nested = {"a": [{"b": "c"}], "long": ["x" * 40, "y" * 40]}
    assert HclValue(hcl_value(nested)).parse() == nested
