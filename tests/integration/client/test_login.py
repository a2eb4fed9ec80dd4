"""``cme login``, ``whoami``, ``logout`` and the errors around sessions, against a real server."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from consoleme.client.paths import CmePaths
from consoleme.testing import RunningApi
from tests.integration.access.weep import ALICE, BOB
from tests.integration.client.conftest import SignedIn, cme_environment, login, run

pytestmark = pytest.mark.integration


def _session_file(signed: SignedIn) -> Path:
    return CmePaths.from_environ(signed.env).session_file(signed.api.url)


async def test_login_saves_a_private_session_that_whoami_uses(signed_in: SignedIn) -> None:
    path = _session_file(signed_in)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    saved = json.loads(path.read_text())
    assert saved["user"] == ALICE
    assert saved["expires_at"] > time.time() + 3600

    who = await signed_in.cme("whoami", "--json")
    assert who.code == 0, who.stderr
    profile = json.loads(who.stdout)
    assert (profile["user"], profile["groups"], profile["auth_method"]) == (
        ALICE,
        ["engineering"],
        "challenge",
    )
    again = await signed_in.cme("login")
    assert again.code == 0
    assert "Already signed in" in again.stderr


async def test_login_prints_the_url_and_polls_until_approved(
    access_api: RunningApi, tmp_path: Path
) -> None:
    env = cme_environment(tmp_path, access_api.url)
    result = await login(access_api, env)
    assert result.code == 0, result.stderr
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"To sign in as {ALICE}, approve the request by opening this page: ")
    assert f"{access_api.url}/challenge_validator/" in first
    assert rest[-1].startswith(f"Signed in to {access_api.url} as {ALICE} until ")


async def test_logout_forgets_session_and_cache(signed_in: SignedIn) -> None:
    paths = CmePaths.from_environ(signed_in.env)
    cache = paths.credential_dir(signed_in.api.url)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "x.json").write_text("{}")
    result = await signed_in.cme("logout")
    assert result.code == 0
    assert not _session_file(signed_in).exists()
    assert not cache.exists()
    after = await signed_in.cme("whoami")
    assert after.code == 3
    assert after.stderr == f"cme: not signed in to {signed_in.api.url}: run `cme login`\n"


async def test_expired_session_is_exit_3(signed_in: SignedIn) -> None:
    path = _session_file(signed_in)
    saved = json.loads(path.read_text())
    path.write_text(json.dumps({**saved, "expires_at": int(time.time()) - 5}))
    result = await signed_in.cme("whoami")
    assert result.code == 3
    assert "your ConsoleMe session expired at" in result.stderr
    assert len(result.stderr.splitlines()) == 1


async def test_session_the_server_refuses_is_forgotten(signed_in: SignedIn) -> None:
    path = _session_file(signed_in)
    saved = json.loads(path.read_text())
    path.write_text(json.dumps({**saved, "token": saved["token"][:-4] + "AAAA"}))
    result = await signed_in.cme("whoami")
    assert result.code == 3
    assert "your ConsoleMe session is no longer valid" in result.stderr
    assert not path.exists()


async def test_unreachable_server_is_exit_6(tmp_path: Path) -> None:
    env = cme_environment(tmp_path, "http://127.0.0.1:9")
    result = await run(env, "login")
    assert result.code == 6
    assert result.stderr == (
        "cme: cannot reach ConsoleMe at http://127.0.0.1:9: connection refused\n"
    )


async def test_no_server_or_user_configured_is_exit_2(tmp_path: Path) -> None:
    env = cme_environment(tmp_path, "http://127.0.0.1:9")
    del env["CME_URL"]
    no_url = await run(env, "login")
    assert (no_url.code, no_url.stderr) == (
        2,
        "cme: no ConsoleMe server configured: run `cme configure` or set CME_URL\n",
    )
    env["CME_URL"] = "http://127.0.0.1:9"
    del env["CME_USER"]
    no_user = await run(env, "login")
    assert no_user.code == 2
    assert "no user name configured" in no_user.stderr


async def test_configure_writes_the_settings_file(tmp_path: Path) -> None:
    env = cme_environment(tmp_path, "http://127.0.0.1:9")
    del env["CME_URL"], env["CME_USER"]
    result = await run(env, "configure", "--url", "https://cm.example.com/", "--user", "a@b.c")
    assert result.code == 0, result.stderr
    settings = tmp_path / ".config" / "consoleme" / "cme.yaml"
    assert settings.read_text() == "url: https://cm.example.com\nuser: a@b.c\n"
    shown = await run(env, "configure", "--show")
    assert "url: https://cm.example.com  # CME_URL, file or default" in shown.stdout
    env["CME_URL"] = "https://other.example.com"
    overridden = await run(env, "configure", "--show")
    assert "url: https://other.example.com  # CME_URL, environment" in overridden.stdout
    bad = await run(env, "configure", "--url", "ftp://x")
    assert bad.code == 2
    assert bad.stderr.startswith("cme: bad value for url")


async def test_signing_in_as_someone_else_empties_the_cache(signed_in: SignedIn) -> None:
    paths = CmePaths.from_environ(signed_in.env)
    cache = paths.credential_dir(signed_in.api.url)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "alices.json").write_text("{}")
    bob_env = {**signed_in.env, "CME_USER": BOB}
    result = await login(signed_in.api, bob_env, user=BOB)
    assert result.code == 0, result.stderr
    assert not cache.exists()
    who = await run(bob_env, "whoami")
    assert who.stdout.splitlines()[:2] == [BOB, "groups: data-science"]
