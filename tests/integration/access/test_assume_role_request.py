"""What we actually send to STS: session name, SourceIdentity, tags, duration, the IP policy.

moto accepts these parameters but does not evaluate session policies, and its state keeps only
some of them. So these tests put a recording proxy between ConsoleMe and moto
(``aws.endpoint_url`` -> proxy -> moto) and read the AssumeRole requests as they went over the
wire; the credentials that come back still work against moto.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from consoleme.aws.testing import EnforcedIam
from consoleme.config.models import AwsSettings
from tests.integration.access.conftest import OrgRoles, RecordingProxy, caller_identity
from tests.integration.access.weep import ALICE, BOB, get_credentials, weep_client

pytestmark = pytest.mark.integration


def _settings(proxy: RecordingProxy, aws_settings: AwsSettings, **credentials: Any) -> Any:
    return {
        "aws": aws_settings.model_copy(update={"endpoint_url": proxy.url}),
        "server": {"trusted_proxy_count": 1},
        "access": {"credentials": credentials},
    }


async def test_ip_policy_session_name_source_identity_tags_and_duration(
    access_api_factory: Any,
    sts_recorder: RecordingProxy,
    aws_settings: AwsSettings,
    org_roles: OrgRoles,
) -> None:
    api = await access_api_factory(
        **_settings(
            sts_recorder,
            aws_settings,
            ip_restrictions=True,
            ip_restriction_cidrs=["10.20.0.0/16"],
            session_tags={"consoleme-user": "{user}", "team": "platform"},
            session_duration_seconds=43200,
        )
    )
    arn = org_roles.arn("prod", "engineering-admin")
    # The left-most X-Forwarded-For entry is whatever the client claims; with one trusted
    # proxy the caller is the entry that proxy appended (the right-most).
    forwarded = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    async with weep_client(api, ALICE) as client:
        answer = await client.post(
            "/api/v1/get_credentials",
            content=b'{"requested_role":"' + arn.encode() + b'","no_ip_restrictions":false}\n',
            headers=forwarded,
        )
        audit = (await client.get("/api/v2/audit")).json()["events"][0]
    assert answer.status_code == 200, answer.text
    [sent] = [c for c in sts_recorder.calls("AssumeRole") if c["RoleArn"] == arn]
    assert sent["RoleSessionName"] == ALICE
    assert sent["SourceIdentity"] == ALICE
    assert sent["DurationSeconds"] == "3600"  # the role's maximum, not the 43200 asked for
    tags = {sent[f"Tags.member.{i}.Key"]: sent[f"Tags.member.{i}.Value"] for i in (1, 2)}
    assert tags == {"consoleme-user": ALICE, "team": "platform"}
    policy = json.loads(sent["Policy"])
    assert policy["Statement"][0] == {
        "Sid": "KeepRolePermissions",
        "Effect": "Allow",
        "Action": "*",
        "Resource": "*",
    }
    deny = policy["Statement"][1]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {
        "NotIpAddress": {"aws:SourceIp": ["10.20.0.0/16", "198.51.100.7/32"]},
        "Bool": {"aws:ViaAWSService": "false"},
    }
    assert "203.0.113.9" not in sent["Policy"]
    who = caller_identity(answer.json()["Credentials"], org_roles.org.endpoint_url)
    assert who["Arn"].endswith(f":assumed-role/engineering-admin/{ALICE}")
    assert audit["ip_restricted"] is True
    assert audit["source_ip"] == "198.51.100.7"
    assert audit["duration_seconds"] == 3600


async def test_no_ip_restrictions_only_for_waived_groups(
    access_api_factory: Any,
    sts_recorder: RecordingProxy,
    aws_settings: AwsSettings,
    org_roles: OrgRoles,
) -> None:
    api = await access_api_factory(
        **_settings(
            sts_recorder,
            aws_settings,
            ip_restrictions=True,
            ip_restriction_waivers=["engineering"],
            set_source_identity=False,
        )
    )
    arn = org_roles.arn("data", "engineering-readonly")
    async with weep_client(api, ALICE) as alice, weep_client(api, BOB) as bob:
        waived = await get_credentials(alice, arn, no_ip_restrictions=True)
        refused = await get_credentials(bob, arn, no_ip_restrictions=True)
        restricted = await get_credentials(bob, arn)
    assert waived.status_code == 200, waived.text
    assert (refused.status_code, refused.json()["code"]) == (403, "902")
    assert restricted.status_code == 200
    first, second = [c for c in sts_recorder.calls("AssumeRole") if c["RoleArn"] == arn]
    assert "Policy" not in first
    assert "SourceIdentity" not in first
    assert json.loads(second["Policy"])["Statement"][1]["Condition"]["NotIpAddress"] == {
        "aws:SourceIp": ["127.0.0.1/32"]
    }


async def test_ip_restrictions_off_sends_no_policy(
    access_api_factory: Any,
    sts_recorder: RecordingProxy,
    aws_settings: AwsSettings,
    org_roles: OrgRoles,
) -> None:
    api = await access_api_factory(**_settings(sts_recorder, aws_settings))
    arn = org_roles.arn("staging", "engineering-admin")
    async with weep_client(api, ALICE) as alice:
        answer = await get_credentials(alice, arn, no_ip_restrictions=True)
    assert answer.status_code == 200
    [sent] = [c for c in sts_recorder.calls("AssumeRole") if c["RoleArn"] == arn]
    assert "Policy" not in sent
    assert "Tags.member.1.Key" not in sent


async def test_sts_refusal_is_902(
    aws_iam_enforced: EnforcedIam, access_api_factory: Any, org_roles: OrgRoles
) -> None:
    api = await access_api_factory()
    aws_iam_enforced.deny_spoke(org_roles.org.accounts["dev"], "engineering-admin")
    async with weep_client(api, ALICE) as alice:
        denied = await get_credentials(alice, org_roles.arn("dev", "engineering-admin"))
        fine = await get_credentials(alice, org_roles.arn("prod", "engineering-admin"))
    assert denied.status_code == 403
    assert denied.json()["code"] == "902"
    assert "AccessDenied" in denied.json()["message"]
    assert fine.status_code == 200, fine.text
