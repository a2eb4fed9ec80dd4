"""``cme credential-process``, ``export``, ``file`` and ``generate-config`` with real botocore.

Every credential ends in ``sts:GetCallerIdentity`` on moto, made by botocore with credentials it
obtained on its own (process provider, shared credentials file, environment).
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import select
import shlex
import stat
import subprocess
import sys
import time

import pytest

from consoleme.client.paths import CmePaths
from tests.integration.access.conftest import OrgRoles
from tests.integration.access.weep import ALICE
from tests.integration.client.conftest import (
    CALLER_IDENTITY,
    CME,
    SignedIn,
    botocore_environment,
    caller_identity,
    run,
)

pytestmark = pytest.mark.integration


def _assumed(org_roles: OrgRoles, account: str, role: str) -> str:
    return f"arn:aws:sts::{org_roles.org.accounts[account]}:assumed-role/{role}/{ALICE}"


async def _issued_count(signed: SignedIn) -> int:
    async with signed.api.client() as browser:
        await signed.api.sign_in(browser, ALICE)
        events = (await browser.get("/api/v2/audit")).json()["events"]
    return sum(1 for e in events if e["action"] == "credentials" and e["outcome"] == "issued")


async def test_process_provider_and_the_cache(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    arn = org_roles.arn("prod", "engineering-admin")
    config = signed_in.home / "aws-config"
    config.write_text(f"[profile prod]\ncredential_process = {CME} credential-process {arn}\n")
    env = {**signed_in.env, **botocore_environment({"AWS_CONFIG_FILE": str(config)})}
    env["AWS_PROFILE"] = "prod"
    env["HOME"] = str(signed_in.home)

    first = await caller_identity(env, org_roles.org.endpoint_url)
    assert first.code == 0, first.stderr
    identity = json.loads(first.stdout)
    assert identity["Arn"] == _assumed(org_roles, "prod", "engineering-admin")
    assert identity["method"] == "custom-process"

    # The answer is Version 1 JSON with a UTC "Z" expiration, cached in a private file.
    raw = await signed_in.cme("credential-process", arn)
    body = json.loads(raw.stdout)
    assert set(body) == {"Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}
    assert body["Version"] == 1
    assert body["Expiration"].endswith("Z")
    assert time.strptime(body["Expiration"], "%Y-%m-%dT%H:%M:%SZ")
    cache_dir = CmePaths.from_environ(signed_in.env).credential_dir(signed_in.api.url)
    assert {stat.S_IMODE(p.stat().st_mode) for p in cache_dir.iterdir()} == {0o600}

    # Further runs, even without a session, answer from the cache: one issuance in all.
    (CmePaths.from_environ(signed_in.env).session_file(signed_in.api.url)).unlink()
    again = await caller_identity(env, org_roles.org.endpoint_url)
    assert again.code == 0, again.stderr
    assert json.loads(again.stdout)["access_key"] == body["AccessKeyId"]
    assert await _issued_count(signed_in) == 1

    # Without the cache the session is needed, and there is none: exit 3, no prompt.
    fresh = await signed_in.cme("credential-process", "--no-cache", arn)
    assert fresh.code == 3
    assert fresh.stderr == f"cme: not signed in to {signed_in.api.url}: run `cme login`\n"


async def test_refusals_have_their_exit_codes(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    not_mine = await signed_in.cme("credential-process", "no-such-role")
    assert not_mine.code == 4
    assert not_mine.stderr.startswith("cme: none of your eligible roles matches 'no-such-role'")
    assert len(not_mine.stderr.splitlines()) == 1

    ambiguous = await signed_in.cme("export", "engineering-admin")
    assert ambiguous.code == 5
    first, *candidates = ambiguous.stderr.splitlines()
    assert first == "cme: more than one role matches 'engineering-admin'; be more specific"
    members = sorted(org_roles.org.member_ids)
    assert candidates == [
        "  " + org_roles.arn(m, "engineering-admin")
        for m in sorted(members, key=lambda m: org_roles.arn(m, "engineering-admin"))
    ]
    assert ambiguous.stdout == ""


async def test_export_sets_the_expiration_too(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    staging = org_roles.org.accounts["staging"]
    role = f"{staging}:role/engineering-readonly"
    result = await signed_in.cme("export", role, "--shell", "bash")
    assert result.code == 0, result.stderr
    names = [line.split("=", 1)[0] for line in result.stdout.splitlines()]
    assert names == [
        "export AWS_ACCESS_KEY_ID",
        "export AWS_SECRET_ACCESS_KEY",
        "export AWS_SESSION_TOKEN",
        "export AWS_CREDENTIAL_EXPIRATION",
    ]
    # bash evaluates the lines; the resulting environment is all botocore gets.
    script = 'eval "$1"; exec "$2" "$3" "$4"'
    env = botocore_environment({})
    shown = await run(
        env,
        "-c",
        script,
        "bash",
        result.stdout,
        sys.executable,
        CALLER_IDENTITY,
        org_roles.org.endpoint_url,
        command="/bin/bash",
    )
    assert shown.code == 0, shown.stderr
    identity = json.loads(shown.stdout)
    assert identity["Arn"] == _assumed(org_roles, "staging", "engineering-readonly")
    assert identity["method"] == "env"

    fish = await signed_in.cme("export", role, "--shell", "fish")
    assert fish.stdout.splitlines()[0].startswith("set -gx AWS_ACCESS_KEY_ID ")
    assert fish.stdout.splitlines()[3].startswith("set -gx AWS_CREDENTIAL_EXPIRATION ")


async def test_file_writes_one_profile_atomically(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    credentials = signed_in.home / ".aws" / "credentials"
    credentials.parent.mkdir()
    mine = "# my own notes\n[personal]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = s\n"
    credentials.write_text(mine + "\n[work]\naws_access_key_id = OLD\n")
    credentials.chmod(0o644)
    env = {**signed_in.env}
    env.pop("AWS_SHARED_CREDENTIALS_FILE")
    arn = org_roles.arn("prod", "engineering-readonly")
    result = await run(env, "file", arn, "-p", "work")
    assert result.code == 0, result.stderr
    text = credentials.read_text()
    assert text.startswith(mine + "\n[work]\naws_access_key_id = ASIA")
    assert "OLD" not in text
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert [p.name for p in credentials.parent.iterdir()] == ["credentials"]  # no temp left

    profile_env = botocore_environment(
        {"AWS_SHARED_CREDENTIALS_FILE": str(credentials), "AWS_PROFILE": "work"}
    )
    shown = await caller_identity(profile_env, org_roles.org.endpoint_url)
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["Arn"] == _assumed(org_roles, "prod", "engineering-readonly")


async def test_generate_config_profiles_work(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    config = signed_in.home / ".aws" / "config"
    config.parent.mkdir()
    config.write_text("[default]\nregion = eu-west-1\n\n[profile prod-ci-deployer]\nregion = x\n")
    env = {**signed_in.env}
    env.pop("AWS_CONFIG_FILE")
    result = await run(env, "generate-config", "--command", CME)
    assert result.code == 0, result.stderr
    assert "Skipped (you defined them yourself): prod-ci-deployer" in result.stderr
    text = config.read_text()
    assert text.startswith("[default]\nregion = eu-west-1\n\n[profile prod-ci-deployer]\n")
    block = text.split("# BEGIN cme generate-config", 1)[1]
    staging_admin = org_roles.arn("staging", "engineering-admin")
    assert (
        f"[profile staging-engineering-admin]\n"
        f"credential_process = {CME} credential-process {staging_admin}\n"
    ) in block
    # Two lines per profile, nothing else: compact with any number of roles.
    profiles = block.count("[profile ")
    assert len(block.strip().splitlines()) == 2 * profiles + 2  # plus BEGIN and END
    again = await run(env, "generate-config", "--command", CME)
    assert again.code == 0
    assert config.read_text() == text

    process_env = {**signed_in.env, **botocore_environment({"AWS_CONFIG_FILE": str(config)})}
    process_env["AWS_PROFILE"] = "staging-engineering-admin"
    shown = await caller_identity(process_env, org_roles.org.endpoint_url)
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["Arn"] == _assumed(org_roles, "staging", "engineering-admin")


async def test_picker_on_a_terminal(signed_in: SignedIn, org_roles: OrgRoles) -> None:
    """No role named, stdin and stderr a terminal: pick by filtering, then Enter."""

    def interact() -> tuple[int, str, str]:
        main, secondary = pty.openpty()
        process = subprocess.Popen(
            [CME, "export", "--shell", "sh"],
            stdin=secondary,
            stderr=secondary,
            stdout=subprocess.PIPE,
            env=signed_in.env,
        )
        os.close(secondary)
        screen = b""

        def read_until(marker: bytes, count: int) -> None:
            nonlocal screen
            while screen.count(marker) < count:
                ready, _, _ = select.select([main], [], [], 20)
                assert ready, screen.decode()
                screen += os.read(main, 4096)

        read_until(b"Type to filter", 1)
        os.write(main, b"prod eng adm\n")
        read_until(b"Type to filter", 2)
        os.write(main, b"\n")
        out, _ = process.communicate(timeout=30)
        os.close(main)
        return process.returncode, out.decode(), screen.decode()

    code, out, screen = await asyncio.to_thread(interact)
    assert code == 0, screen
    total = 3 * len(org_roles.org.member_ids)  # engineering-admin, -readonly, ci-deployer
    assert f"1 of {total} roles match 'prod eng adm'" in screen
    assert out.startswith("export AWS_ACCESS_KEY_ID=")
    who = await caller_identity_from_exports(out, org_roles.org.endpoint_url)
    assert who["Arn"] == _assumed(org_roles, "prod", "engineering-admin")


async def caller_identity_from_exports(lines: str, endpoint_url: str) -> dict[str, str]:
    env = botocore_environment({})
    for line in lines.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = shlex.split(value)[0]
    shown = await caller_identity(env, endpoint_url)
    assert shown.code == 0, shown.stderr
    result: dict[str, str] = json.loads(shown.stdout)
    return result
