"""What each consumer reads: credential_process JSON, shell lines, ECS and IMDS bodies, tables."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from consoleme.client.models import Credentials, RoleInfo
from consoleme.client.output_formats import (
    credential_process_json,
    ecs_body,
    export_lines,
    imds_body,
    iso_z,
    roles_table,
    shell_from_path,
)

pytestmark = pytest.mark.unit
CREDS = Credentials("ASIAX", "se'cr$et", 'to"ken', 1_795_685_262, "arn:aws:iam::1:role/r", 0.0)


def test_times_are_utc_z_whatever_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        assert time.localtime(0).tm_hour == 16  # the zone did change
        assert iso_z(1_795_685_262) == "2026-11-26T09:27:42Z"
    finally:
        monkeypatch.undo()
        time.tzset()
    assert iso_z(1_795_685_262) == "2026-11-26T09:27:42Z"
    body = json.loads(credential_process_json(CREDS))
    assert body == {
        "Version": 1,
        "AccessKeyId": "ASIAX",
        "SecretAccessKey": "se'cr$et",
        "SessionToken": 'to"ken',
        "Expiration": "2026-11-26T09:27:42Z",
    }
    assert "\n" not in credential_process_json(CREDS)


def test_sh_lines_survive_a_real_shell() -> None:
    lines = export_lines(CREDS, "sh")
    shown = subprocess.run(
        [
            "/bin/sh",
            "-c",
            lines + 'printf "%s|%s|%s" "$AWS_SECRET_ACCESS_KEY" '
            '"$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"',
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ["PATH"]},
    )
    assert shown.stdout == "se'cr$et|to\"ken|2026-11-26T09:27:42Z"


def test_fish_lines_and_shell_detection() -> None:
    assert export_lines(CREDS, "fish").splitlines()[0] == "set -gx AWS_ACCESS_KEY_ID ASIAX;"
    assert shell_from_path("/usr/bin/fish") == "fish"
    assert shell_from_path("/bin/zsh") == "zsh"
    assert shell_from_path("") == "sh"
    assert shell_from_path("/bin/tcsh") == "sh"


def test_ecs_and_imds_bodies() -> None:
    assert json.loads(ecs_body(CREDS)) == {
        "AccessKeyId": "ASIAX",
        "SecretAccessKey": "se'cr$et",
        "Token": 'to"ken',
        "Expiration": "2026-11-26T09:27:42Z",
        "RoleArn": "arn:aws:iam::1:role/r",
    }
    imds = json.loads(imds_body(CREDS))
    assert (imds["Code"], imds["Type"], imds["Token"]) == ("Success", "AWS-HMAC", 'to"ken')


def test_table_aligns_columns() -> None:
    roles = [
        RoleInfo("arn:aws:iam::111111111111:role/a", "111111111111", "prod", "a"),
        RoleInfo(
            "arn:aws:iam::222222222222:role/long-name", "222222222222", "Unknown", "long-name"
        ),
    ]
    assert roles_table(roles) == (
        "ACCOUNT       ROLE       ARN\n"
        "prod          a          arn:aws:iam::111111111111:role/a\n"
        "222222222222  long-name  arn:aws:iam::222222222222:role/long-name\n"
    )
