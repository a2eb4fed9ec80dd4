"""The API's edges: authentication, XSRF, JSON errors, health, metrics, the UI fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from consoleme.store.redis_server import PrivateRedis
from consoleme.testing import RunningApi, make_test_settings, start_api

pytestmark = pytest.mark.integration


async def test_healthcheck_answers_without_auth(api: RunningApi) -> None:
    async with api.client() as client:
        answer = await client.get("/healthcheck")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert len(answer.headers["X-Request-Id"]) >= 8


async def test_readyz_reports_store_and_cache(api: RunningApi) -> None:
    async with api.client() as client:
        answer = await client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {"ready": True, "checks": {"store": "ok", "cache": "ok"}}


async def test_unauthenticated_api_request_gets_401_json(api: RunningApi) -> None:
    async with api.client() as client:
        answer = await client.get("/api/v2/user_profile", headers={"X-Request-Id": "trace-12345"})
    assert answer.status_code == 401
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body == {
        "status": 401,
        "code": "unauthenticated",
        "message": "sign in first",
        "request_id": "trace-12345",
    }


async def test_unknown_api_path_is_json_404(api: RunningApi) -> None:
    async with api.client() as client:
        for path in ("/api/v2/nope", "/api/v1/x/y", "/noauth/v1/zzz", "/auth/nothing"):
            answer = await client.get(path)
            assert answer.status_code == 404, path
            assert answer.json()["code"] == "not_found"


async def test_dev_login_sets_cookies_and_profile(api: RunningApi) -> None:
    async with api.client() as client:
        answer = await client.post("/api/v2/auth/dev_login", json={"user": "Carol@Example.com"})
        assert answer.status_code == 200
        profile = answer.json()
        assert profile["user"] == "carol@example.com"
        assert profile["groups"] == ["consoleme-admins", "security"]
        assert profile["is_admin"] is True
        assert profile["auth_method"] == "dev"
        cookie_header = "; ".join(answer.headers.get_list("set-cookie"))
        assert "consoleme_session=" in cookie_header
        assert "HttpOnly" in cookie_header
        assert "SameSite=Lax" in cookie_header
        assert client.cookies.get("_xsrf")
        again = await client.get("/api/v2/user_profile")
    assert again.status_code == 200
    assert again.json()["user"] == "carol@example.com"


async def test_dev_login_with_explicit_groups(api: RunningApi) -> None:
    async with api.client() as client:
        await api.sign_in(client, "erin@example.com", ["platform"])
        profile = (await client.get("/api/v2/user_profile")).json()
    assert profile["groups"] == ["platform"]
    assert profile["is_admin"] is False


async def test_malformed_json_is_400(api: RunningApi) -> None:
    async with api.client() as client:
        bad = await client.post(
            "/api/v2/auth/dev_login",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        )
        assert bad.status_code == 400
        assert bad.json()["code"] == "invalid_json"
        invalid = await client.post("/api/v2/auth/dev_login", json={"user": "a b", "extra": 1})
    assert invalid.status_code == 400
    body = invalid.json()
    assert body["code"] == "validation_error"
    fields = {e["field"] for e in body["details"]["errors"]}
    assert fields == {"user", "extra"}


async def test_state_change_with_cookie_needs_xsrf(api: RunningApi) -> None:
    async with api.client() as client:
        await api.sign_in(client, "alice@example.com")
        refused = await client.post("/api/v2/auth/sign_out")
        assert refused.status_code == 403
        assert refused.json()["code"] == "xsrf_failed"
        wrong = await client.post("/api/v2/auth/sign_out", headers={"X-Xsrftoken": "2|00|11|22"})
        assert wrong.status_code == 403
        still_in = await client.get("/api/v2/user_profile")
        assert still_in.status_code == 200
        allowed = await client.post("/api/v2/auth/sign_out", headers=api.xsrf_headers(client))
    assert allowed.status_code == 200
    assert allowed.json() == {"signed_out": True}


async def test_sign_out_revokes_the_token_itself(api: RunningApi) -> None:
    async with api.client() as client:
        await api.sign_in(client, "alice@example.com")
        token = client.cookies.get("consoleme_session")
        assert token
        await client.post("/api/v2/auth/sign_out", headers=api.xsrf_headers(client))
    # Replaying the old cookie after sign-out must not work, even though it has not expired.
    async with api.client(cookies={"consoleme_session": token}) as replay:
        answer = await replay.get("/api/v2/user_profile")
    assert answer.status_code == 401
    assert answer.json()["code"] == "invalid_jwt"


async def test_bearer_token_needs_no_xsrf_and_browser_token_is_not_a_bearer(
    api: RunningApi,
) -> None:
    from consoleme.domain.identity import Identity

    signer = api.services.authenticator.signer
    cli = signer.issue(Identity("alice@example.com", ("engineering",)), "cli", 600)
    browser = signer.issue(Identity("alice@example.com", ("engineering",)), "browser", 600)
    async with api.client() as client:
        ok = await client.get(
            "/api/v2/user_profile", headers={"Authorization": f"Bearer {cli.token}"}
        )
        assert ok.status_code == 200
        assert ok.json()["groups"] == ["engineering"]
        post = await client.post(
            "/api/v2/auth/sign_out", headers={"Authorization": f"Bearer {cli.token}"}
        )
        assert post.status_code == 200
        wrong_audience = await client.get(
            "/api/v2/user_profile", headers={"Authorization": f"Bearer {browser.token}"}
        )
    assert wrong_audience.status_code == 401
    assert wrong_audience.json()["code"] == "invalid_jwt"


async def test_tampered_session_cookie_is_refused(api: RunningApi) -> None:
    async with api.client() as client:
        await api.sign_in(client, "bob@example.com")
        token = client.cookies.get("consoleme_session") or ""
    header, payload, signature = token.split(".")
    forged = ".".join(
        [header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")]
    )
    async with api.client(cookies={"consoleme_session": forged}) as client:
        answer = await client.get("/api/v2/user_profile")
    assert answer.status_code == 401


async def test_metrics_count_requests_by_route(api: RunningApi) -> None:
    async with api.client() as client:
        await client.get("/api/v2/user_profile")
        await client.get("/api/v2/user_profile")
        text = (await client.get("/metrics")).text
    assert (
        'consoleme_http_requests_total{method="GET",route="/api/v2/user_profile",status="401"} 2.0'
        in text
    )
    assert "consoleme_http_request_duration_seconds_bucket" in text


async def test_openapi_document_lists_routes(api: RunningApi) -> None:
    async with api.client() as client:
        spec = (await client.get("/api/v2/openapi.json")).json()
    assert spec["openapi"] == "3.1.0"
    assert "/api/v2/user_profile" in spec["paths"]
    assert "UserProfile" in spec["components"]["schemas"]
    assert spec["paths"]["/api/v2/user_profile"]["get"]["security"]


async def test_method_not_allowed_is_json(api: RunningApi) -> None:
    async with api.client() as client:
        answer = await client.delete("/api/v2/auth/methods")
    assert answer.status_code == 405
    assert answer.json()["code"] == "method_not_allowed"


async def test_cache_outage_is_a_503_json_not_a_500(tmp_path: Path) -> None:
    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    running, server = await start_api(make_test_settings(tmp_path, redis.url))
    try:
        async with running.client() as client:
            await running.sign_in(client, "alice@example.com")
            redis.stop()
            profile = await client.get("/api/v2/user_profile")
            ready = await client.get("/readyz")
    finally:
        redis.stop()
        server.stop()
        await running.services.close()
    assert profile.status_code == 503
    assert profile.json()["code"] == "unavailable"
    assert ready.status_code == 503
    assert ready.json()["checks"]["store"] == "ok"
    assert ready.json()["checks"]["cache"].startswith("unavailable")
