"""CLI sign-in challenges: single use, right user, IP binding, expiry, browser-only approval."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from consoleme.store.challenges import ChallengeStore
from consoleme.testing import RunningApi
from tests.integration.access.weep import ALICE, BOB, GO_AGENT, weep_client, weep_request

pytestmark = pytest.mark.integration


async def _generate(api: RunningApi, user: str = ALICE) -> tuple[str, str]:
    answer = await weep_request(
        api.url, "GET", f"/noauth/v1/challenge_generator/{user}", agent=GO_AGENT
    )
    urls = answer.json()
    return urls["challenge_url"].rsplit("/", 1)[1], urls["polling_url"].removeprefix(api.url)


async def test_only_the_named_user_may_approve_once(access_api: RunningApi) -> None:
    token, _ = await _generate(access_api)
    async with access_api.client() as bob:
        await access_api.sign_in(bob, BOB)
        refused = await bob.get(f"/api/v2/challenge_validator/{token}")
    async with access_api.client() as alice:
        await access_api.sign_in(alice, ALICE)
        first = await alice.get(f"/api/v2/challenge_validator/{token}")
        second = await alice.get(f"/api/v2/challenge_validator/{token}")
        no_xsrf = await alice.post(
            f"/api/v2/challenge_validator/{token}", json={"nonce": first.json()["nonce"]}
        )
        wrong_nonce = await alice.post(
            f"/api/v2/challenge_validator/{token}",
            json={"nonce": "guess"},
            headers=access_api.xsrf_headers(alice),
        )
        unknown = await alice.get("/api/v2/challenge_validator/no-such-token")
    assert (refused.status_code, refused.json()["code"]) == (403, "challenge_user")
    async with access_api.client() as bob:
        await access_api.sign_in(bob, BOB)
        events = (await bob.get("/api/v2/audit")).json()["events"]
    assert [(e["action"], e["outcome"], e["code"]) for e in events] == [
        ("cli_login", "refused", "challenge_user")
    ]
    assert events[0]["client_kind"] == "browser"
    assert first.status_code == 200
    assert (second.status_code, second.json()["code"]) == (403, "challenge_used")
    assert (no_xsrf.status_code, no_xsrf.json()["code"]) == (403, "xsrf_failed")
    assert (wrong_nonce.status_code, wrong_nonce.json()["code"]) == (403, "challenge_nonce")
    assert unknown.status_code == 404


async def test_cli_tokens_cannot_approve(access_api: RunningApi) -> None:
    token, _ = await _generate(access_api)
    async with weep_client(access_api, ALICE) as cli:
        answer = await cli.get(f"/api/v2/challenge_validator/{token}")
    assert (answer.status_code, answer.json()["code"]) == (403, "browser_only")


async def test_ip_binding(access_api_factory: Any) -> None:
    api: RunningApi = await access_api_factory(server={"trusted_proxy_count": 1})
    token, poll = await _generate(api)
    elsewhere = {"X-Forwarded-For": "198.51.100.20"}
    async with api.client() as alice:
        await api.sign_in(alice, ALICE)
        refused = await alice.get(f"/api/v2/challenge_validator/{token}", headers=elsewhere)
        assert (refused.status_code, refused.json()["code"]) == (403, "challenge_ip")
        # A client-chosen left-most entry changes nothing: the proxy's entry is what counts.
        spoofed = {"X-Forwarded-For": "198.51.100.20, 127.0.0.1"}
        shown = await alice.get(f"/api/v2/challenge_validator/{token}", headers=spoofed)
        assert shown.status_code == 200
    async with api.client() as cli:
        from_elsewhere = await cli.get(poll, headers=elsewhere)
        from_here = await cli.get(poll)
    assert from_elsewhere.json() == {"status": "unauthorized"}
    assert from_here.json() == {"status": "pending"}


async def test_ip_binding_can_be_turned_off(access_api_factory: Any) -> None:
    api: RunningApi = await access_api_factory(
        server={"trusted_proxy_count": 1}, auth={"challenge": {"bind_ip": False}}
    )
    token, poll = await _generate(api)
    elsewhere = {"X-Forwarded-For": "198.51.100.20"}
    async with api.client() as alice:
        await api.sign_in(alice, ALICE)
        shown = await alice.get(f"/api/v2/challenge_validator/{token}", headers=elsewhere)
        await alice.post(
            f"/api/v2/challenge_validator/{token}",
            json={"nonce": shown.json()["nonce"]},
            headers={**api.xsrf_headers(alice), **elsewhere},
        )
    async with api.client() as cli:
        polled = await cli.get(poll, headers=elsewhere)
    assert polled.json()["status"] == "success"
    # The token works as a Bearer token too (our own CLI).
    async with api.client(headers={"Authorization": f"Bearer {polled.json()['encoded_jwt']}"}) as c:
        profile = await c.get("/api/v2/user_profile")
    assert profile.json()["user"] == ALICE
    assert profile.json()["groups"] == ["engineering"]


async def test_expired_challenges(access_api: RunningApi) -> None:
    token, poll = await _generate(access_api)
    store = ChallengeStore(access_api.services.cache)
    raw = await store.get(token)
    assert raw is not None
    await store.replace(token, raw, orjson.dumps({**orjson.loads(raw), "expires_at": 1.0}))
    async with access_api.client() as alice:
        await access_api.sign_in(alice, ALICE)
        shown = await alice.get(f"/api/v2/challenge_validator/{token}")
    async with access_api.client() as cli:
        first = await cli.get(poll)
        second = await cli.get(poll)
    assert (shown.status_code, shown.json()["code"]) == (403, "challenge_expired")
    assert first.json() == {"status": "expired"}
    assert second.json() == {"status": "unknown"}


async def test_generator_refuses_odd_users_and_can_be_off(access_api_factory: Any) -> None:
    api: RunningApi = await access_api_factory()
    async with api.client() as cli:
        odd = await cli.get("/noauth/v1/challenge_generator/a%20b")
    assert odd.status_code == 400
    off: RunningApi = await access_api_factory(auth={"challenge": {"enabled": False}})
    async with off.client() as cli:
        assert (await cli.get(f"/noauth/v1/challenge_generator/{ALICE}")).status_code == 404
