"""POST /api/v2/policies/check through the running API: who may call it, bad bodies, findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from consoleme.plugins import hookimpl
from consoleme.testing import RunningApi, make_test_settings, start_api

pytestmark = pytest.mark.integration

URL = "/api/v2/policies/check"
ROLE = "arn:aws:iam::123456789012:role/app"


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


async def check(api: RunningApi, client: httpx.AsyncClient, body: Any) -> httpx.Response:
    return await client.post(URL, json=body, headers=api.xsrf_headers(client))


async def test_anonymous_callers_get_401(api: RunningApi) -> None:
    async with api.client() as client:
        answer = await client.post(URL, json={"policy_document": doc(), "kind": "identity"})
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"


async def test_signed_in_user_gets_findings(api: RunningApi) -> None:
    body = {"policy_document": doc(allow("*"), allow("s3:GetObject")), "kind": "identity"}
    async with api.client() as client:
        await api.sign_in(client, "erin@example.com", ["platform"])
        answer = await check(api, client, body)
        without_xsrf = await client.post(URL, json=body)
    assert answer.status_code == 200
    result = answer.json()
    assert result["valid"] is True
    assert result["error"] is None
    assert result["error_path"] is None
    first = result["findings"][0]
    assert first == {
        "rule": "wildcard_action",
        "severity": "critical",
        "title": "Every action of every service is allowed",
        "detail": "* on every resource; list the actions needed instead.",
        "statement": 0,
        "sid": None,
        "path": "Statement[0].Action",
        "source": "consoleme",
    }
    star = [f for f in result["findings"] if f["rule"] == "RESOURCE_STAR"]
    assert [(f["source"], f["severity"], f["statement"]) for f in star] == [
        ("parliament", "low", 1)
    ]
    assert without_xsrf.status_code == 403


async def test_an_invalid_document_is_a_200_with_the_reason(api: RunningApi) -> None:
    body = {
        "policy_document": doc({"Effect": "Allow", "Action": "s3 GetObject"}),
        "kind": "identity",
    }
    async with api.client() as client:
        await api.sign_in(client, "erin@example.com", [])
        answer = await check(api, client, body)
    assert answer.status_code == 200
    assert answer.json() == {
        "findings": [],
        "valid": False,
        "error": "Statement[0].Action[0]: 's3 GetObject' is not \"service:Action\" "
        "(wildcards * ?) or *",
        "error_path": "Statement[0].Action[0]",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([1, 2], "(body)"),
        ({"kind": "identity"}, "policy_document"),
        ({"policy_document": doc()}, "kind"),
        ({"policy_document": doc(), "kind": "scp"}, "kind"),
        ({"policy_document": "{}", "kind": "identity"}, "policy_document"),
        ({"policy_document": doc(), "kind": "identity", "extra": 1}, "extra"),
        ({"policy_document": doc(), "kind": "trust", "target_arn": "role/x"}, "target_arn"),
        (
            {"policy_document": doc(allow("s3:GetObject", ["x" * 1024] * 130)), "kind": "identity"},
            "policy_document",
        ),
    ],
)
async def test_malformed_bodies_are_400(api: RunningApi, body: Any, field: str) -> None:
    async with api.client() as client:
        await api.sign_in(client, "erin@example.com", [])
        answer = await check(api, client, body)
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "validation_error"
    assert field in {e["field"] for e in error["details"]["errors"]}


async def test_body_that_is_not_json_is_400(api: RunningApi) -> None:
    async with api.client() as client:
        await api.sign_in(client, "erin@example.com", [])
        answer = await client.post(
            URL, content=b"{nope", headers={**api.xsrf_headers(client), "Content-Type": "x"}
        )
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_json"


TRUST = {"Effect": "Allow", "Action": "sts:AssumeRole"}
BUCKET = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}


@pytest.mark.parametrize(
    ("kind", "statement", "rule", "severity", "path"),
    [
        ("identity", allow("iam:*"), "wildcard_action", "high", "Statement[0].Action"),
        ("identity", allow("iam:Pass*"), "passrole_any_role", "high", "Statement[0].Resource"),
        (
            "identity",
            allow("s3:PutObject"),
            "write_any_resource",
            "medium",
            "Statement[0].Resource",
        ),
        (
            "identity",
            allow("iam:PutRolePolicy"),
            "write_any_resource",
            "high",
            "Statement[0].Resource",
        ),
        (
            "identity",
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"},
            "allow_not_action",
            "medium",
            "Statement[0].NotAction",
        ),
        (
            "identity",
            {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/*"},
            "allow_not_resource",
            "medium",
            "Statement[0].NotResource",
        ),
        (
            "resource",
            {**BUCKET, "Principal": {"AWS": "*"}},
            "public_principal",
            "critical",
            "Statement[0].Principal",
        ),
        (
            "trust",
            {**TRUST, "Principal": {"AWS": "arn:aws:iam::111122223333:root"}},
            "cross_account_trust",
            "high",
            "Statement[0].Principal",
        ),
    ],
)
async def test_each_of_our_rules(
    api: RunningApi, kind: str, statement: dict[str, Any], rule: str, severity: str, path: str
) -> None:
    body = {"policy_document": doc(statement), "kind": kind, "target_arn": ROLE}
    async with api.client() as client:
        await api.sign_in(client, "erin@example.com", [])
        answer = await check(api, client, body)
    assert answer.status_code == 200
    ours = [
        (f["rule"], f["severity"], f["path"])
        for f in answer.json()["findings"]
        if f["source"] == "consoleme" and f["rule"] == rule
    ]
    assert ours == [(rule, severity, path)]


async def test_limited_public_principal_and_same_account_trust_are_fine(api: RunningApi) -> None:
    limited = {**BUCKET, "Principal": "*"} | {
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
    }
    same = {**TRUST, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}
    async with api.client() as client:
        await api.sign_in(client, "erin@example.com", [])
        bucket = await check(api, client, {"policy_document": doc(limited), "kind": "resource"})
        trust = await check(
            api, client, {"policy_document": doc(same), "kind": "trust", "target_arn": ROLE}
        )
    assert [f["rule"] for f in bucket.json()["findings"] if f["source"] == "consoleme"] == []
    assert trust.json()["findings"] == []


class NoProductionAccess:
    @hookimpl
    def policy_findings(
        self, policy: dict[str, Any], context: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if context["account_id"] != "123456789012":
            return []
        return [
            {
                "rule": "production_account",
                "severity": "medium",
                "title": "Production account",
                "detail": f"{context['target_arn']} is in production.",
            }
        ]


async def test_plugin_findings_are_served(tmp_path: Path, redis_url: str) -> None:
    settings = make_test_settings(tmp_path, redis_url)
    api, server = await start_api(settings, [("production", lambda _s: NoProductionAccess())])
    body = {
        "policy_document": doc(allow("s3:GetObject", "arn:aws:s3:::b/*")),
        "kind": "identity",
        "target_arn": ROLE,
    }
    try:
        async with api.client() as client:
            await api.sign_in(client, "erin@example.com", [])
            answer = await check(api, client, body)
    finally:
        server.stop()
        await api.services.close()
    assert answer.status_code == 200
    assert answer.json()["findings"] == [
        {
            "rule": "production_account",
            "severity": "medium",
            "title": "Production account",
            "detail": f"{ROLE} is in production.",
            "statement": None,
            "sid": None,
            "path": None,
            "source": "plugin",
        }
    ]
