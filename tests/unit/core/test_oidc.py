"""The pure parts of OIDC sign-in: PKCE, next paths, URLs, discovery parsing, ID-token checks.

The flow against a real provider is in tests/integration/test_oidc.py.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from consoleme.config.models import OidcSettings, Settings
from consoleme.core.oidc import callback_url
from consoleme.core.oidc_provider import ProviderMetadata, parse_metadata, token_auth_method
from consoleme.core.oidc_tokens import (
    IdTokenExpectations,
    authorization_url,
    binding_matches,
    claim_user,
    find_key,
    new_secret,
    pkce_challenge,
    pkce_verifier,
    safe_next_path,
    state_binding,
    token_header,
    verify_id_token,
)
from consoleme.errors import BadRequest, Unauthenticated, Unavailable

pytestmark = pytest.mark.unit

ISSUER = "https://idp.example.com"
CLIENT = "consoleme"


# --- random values and PKCE -------------------------------------------------------------------


def test_pkce_challenge_matches_rfc7636_appendix_b() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_pkce_verifier_is_long_and_unreserved() -> None:
    verifier = pkce_verifier()
    assert 43 <= len(verifier) <= 128
    assert set(verifier) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
    assert pkce_verifier() != verifier


def test_secrets_are_fresh_and_long() -> None:
    values = {new_secret() for _ in range(50)}
    assert len(values) == 50
    assert all(len(v) >= 43 for v in values)


def test_binding_matches_only_its_own_state() -> None:
    state = new_secret()
    assert binding_matches(state, state_binding(state))
    assert not binding_matches(state, state_binding(new_secret()))
    assert not binding_matches(state, None)
    assert not binding_matches(state, "")
    assert state not in state_binding(state)


# --- next paths and URLs ----------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["/", "/requests", "/role/dev?x=1#y", "/a//b"])
def test_local_next_paths_are_kept(raw: str) -> None:
    assert safe_next_path(raw) == raw


@pytest.mark.parametrize("raw", [None, ""])
def test_missing_next_path_is_the_home_page(raw: str | None) -> None:
    assert safe_next_path(raw) == "/"


@pytest.mark.parametrize(
    "raw",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "relative",
        "/ok\r\nSet-Cookie: x=1",
        "/" + "a" * 3000,
    ],
)
def test_next_paths_leaving_the_site_are_refused(raw: str) -> None:
    with pytest.raises(BadRequest) as refused:
        safe_next_path(raw)
    assert refused.value.code == "invalid_next"


def test_authorization_url_asks_for_code_with_pkce_state_and_nonce() -> None:
    url = authorization_url(
        "https://idp.example.com/authorize?tenant=1",
        client_id=CLIENT,
        redirect_uri="https://cme.example.com/auth/oidc/callback",
        scopes=["openid", "email"],
        state="s",
        nonce="n",
        code_challenge="c",
    )
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/authorize"
    assert query == {
        "tenant": "1",
        "response_type": "code",
        "client_id": CLIENT,
        "redirect_uri": "https://cme.example.com/auth/oidc/callback",
        "scope": "openid email",
        "state": "s",
        "nonce": "n",
        "code_challenge": "c",
        "code_challenge_method": "S256",
    }


def test_callback_url_prefers_setting_then_public_url_then_host_port() -> None:
    base = {"server": {"host": "127.0.0.1", "port": 9000}}
    assert callback_url(Settings.model_validate(base)) == (
        "http://127.0.0.1:9000/auth/oidc/callback"
    )
    public = {"server": {"public_url": "https://cme.example.com/"}}
    assert callback_url(Settings.model_validate(public)) == (
        "https://cme.example.com/auth/oidc/callback"
    )
    explicit = {**public, "auth": {"oidc": {"redirect_uri": "https://x.example/cb"}}}
    assert callback_url(Settings.model_validate(explicit)) == "https://x.example/cb"


# --- discovery and client authentication -----------------------------------------------------


def discovery(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "issuer": ISSUER,
        "authorization_endpoint": f"{ISSUER}/authorize",
        "token_endpoint": f"{ISSUER}/token",
        "jwks_uri": f"{ISSUER}/jwks",
        "userinfo_endpoint": f"{ISSUER}/userinfo",
        "code_challenge_methods_supported": ["S256"],
    }
    document.update(changes)
    return {k: v for k, v in document.items() if v is not None}


def test_discovery_is_parsed() -> None:
    meta = parse_metadata(discovery(), ISSUER)
    assert meta.token_endpoint == f"{ISSUER}/token"
    assert meta.userinfo_endpoint == f"{ISSUER}/userinfo"
    assert meta.token_auth_methods == ("client_secret_basic",)


@pytest.mark.parametrize(
    "changes",
    [
        {"issuer": "https://evil.example"},
        {"issuer": ISSUER + "/"},
        {"token_endpoint": None},
        {"jwks_uri": "file:///etc/passwd"},
        {"code_challenge_methods_supported": ["plain"]},
    ],
    ids=["other_issuer", "issuer_slash", "no_token_endpoint", "bad_jwks_uri", "no_s256"],
)
def test_unusable_discovery_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(Unavailable) as refused:
        parse_metadata(discovery(**changes), ISSUER)
    assert refused.value.code == "oidc_discovery_failed"


@pytest.mark.parametrize(
    ("secret", "setting", "supported", "expected"),
    [
        (None, "auto", ["client_secret_basic"], "none"),
        ("s", "auto", ["client_secret_basic", "client_secret_post"], "client_secret_basic"),
        ("s", "auto", ["client_secret_post"], "client_secret_post"),
        ("s", "client_secret_post", ["client_secret_basic"], "client_secret_post"),
    ],
)
def test_token_endpoint_authentication(
    secret: str | None, setting: str, supported: list[str], expected: str
) -> None:
    settings = OidcSettings.model_validate({"client_secret": secret, "token_auth": setting})
    meta = parse_metadata(discovery(token_endpoint_auth_methods_supported=supported), ISSUER)
    assert isinstance(meta, ProviderMetadata)
    assert token_auth_method(settings, meta) == expected


# --- ID tokens --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks(rsa_key: rsa.RSAPrivateKey) -> dict[str, Any]:
    public = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    ec_public = ECAlgorithm.to_jwk(
        ec.generate_private_key(ec.SECP256R1()).public_key(), as_dict=True
    )
    return {
        "keys": [
            {**public, "kid": "k1", "use": "sig"},
            {**ec_public, "kid": "k2", "alg": "ES256"},
            {**public, "kid": "enc", "use": "enc"},
            {"kty": "oct", "k": "c2VjcmV0", "kid": "shared"},
        ]
    }


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"iss": ISSUER, "sub": "u1", "aud": CLIENT, "iat": now, "exp": now + 300, "nonce": "n"}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def sign(key: rsa.RSAPrivateKey, body: dict[str, Any], kid: str = "k1") -> str:
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


EXPECT = IdTokenExpectations(issuer=ISSUER, client_id=CLIENT, nonce="n", leeway_seconds=60)


def check(token: str, jwks: dict[str, Any], expect: IdTokenExpectations = EXPECT) -> Any:
    alg, kid = token_header(token, ["RS256", "ES256"])
    key = find_key(jwks, kid, alg)
    assert key is not None
    return verify_id_token(token, key, expect)


def refused_code(token: str, jwks: dict[str, Any], expect: IdTokenExpectations = EXPECT) -> str:
    with pytest.raises(Unauthenticated) as refused:
        check(token, jwks, expect)
    return refused.value.code


def test_a_good_token_verifies(rsa_key: rsa.RSAPrivateKey, jwks: dict[str, Any]) -> None:
    assert check(sign(rsa_key, claims(email="a@example.com")), jwks)["email"] == "a@example.com"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"exp": int(time.time()) - 120}, "oidc_token_expired"),
        ({"nbf": int(time.time()) + 600}, "oidc_token_not_yet_valid"),
        ({"iat": int(time.time()) + 600}, "oidc_token_not_yet_valid"),
        ({"aud": "other"}, "oidc_token_audience"),
        ({"aud": [CLIENT, "other"]}, "oidc_token_audience"),
        ({"aud": [CLIENT, "other"], "azp": "other"}, "oidc_token_audience"),
        ({"azp": "other"}, "oidc_token_audience"),
        ({"iss": "https://evil.example"}, "oidc_token_issuer"),
        ({"nonce": "other"}, "oidc_token_nonce"),
        ({"nonce": None}, "oidc_token_nonce"),
        ({"sub": None}, "oidc_token_claims"),
        ({"exp": None}, "oidc_token_claims"),
    ],
    ids=[
        "expired",
        "nbf_future",
        "iat_future",
        "audience",
        "several_audiences_no_azp",
        "azp_other",
        "azp_other_single",
        "issuer",
        "nonce",
        "no_nonce",
        "no_sub",
        "no_exp",
    ],
)
def test_bad_claims_are_refused(
    rsa_key: rsa.RSAPrivateKey, jwks: dict[str, Any], changes: dict[str, Any], code: str
) -> None:
    assert refused_code(sign(rsa_key, claims(**changes)), jwks) == code


def test_several_audiences_with_our_azp_verify(
    rsa_key: rsa.RSAPrivateKey, jwks: dict[str, Any]
) -> None:
    assert check(sign(rsa_key, claims(aud=[CLIENT, "api"], azp=CLIENT)), jwks)["azp"] == CLIENT


def test_token_issued_before_the_login_began_is_refused(
    rsa_key: rsa.RSAPrivateKey, jwks: dict[str, Any]
) -> None:
    now = int(time.time())
    token = sign(rsa_key, claims(iat=now - 3000, exp=now + 300))
    later = IdTokenExpectations(ISSUER, CLIENT, "n", 60, issued_after=now - 10)
    assert refused_code(token, jwks, later) == "oidc_token_stale"


@pytest.mark.parametrize("alg", ["none", "HS256", "RS384"])
def test_algorithms_outside_the_allow_list_are_refused(alg: str) -> None:
    token = jwt.encode(claims(), "k" * 32, algorithm="HS256")
    _, _, rest = token.partition(".")
    forged = jwt.utils.base64url_encode(f'{{"alg":"{alg}","kid":"k1"}}'.encode()).decode()
    with pytest.raises(Unauthenticated) as refused:
        token_header(f"{forged}.{rest}", ["RS256", "HS256"] if alg == "HS256" else ["RS256"])
    assert refused.value.code == "oidc_token_algorithm"


def test_garbage_is_malformed() -> None:
    with pytest.raises(Unauthenticated) as refused:
        token_header("not.a.jwt", ["RS256"])
    assert refused.value.code == "oidc_token_malformed"


def test_find_key_by_kid_and_use(jwks: dict[str, Any]) -> None:
    found = find_key(jwks, "k1", "RS256")
    assert found is not None
    assert found.key_id == "k1"
    assert find_key(jwks, "enc", "RS256") is None
    assert find_key(jwks, "shared", "RS256") is None
    assert find_key(jwks, "missing", "RS256") is None
    assert find_key(jwks, None, "RS256") is None  # several keys: a kid is needed


def test_find_key_without_kid_uses_the_only_key(jwks: dict[str, Any]) -> None:
    only = {"keys": jwks["keys"][:1]}
    found = find_key(only, None, "RS256")
    assert found is not None
    assert found.key_id == "k1"


def test_key_published_for_another_algorithm_is_refused(jwks: dict[str, Any]) -> None:
    with pytest.raises(Unauthenticated) as refused:
        find_key(jwks, "k2", "RS256")
    assert refused.value.code == "oidc_token_algorithm"


# --- claims -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"email": "a@x.io", "groups": ["g1", "g2"]}, ("a@x.io", ["g1", "g2"])),
        ({"email": "a@x.io", "groups": "g1"}, ("a@x.io", ["g1"])),
        ({"email": "a@x.io"}, ("a@x.io", None)),
        ({"groups": []}, (None, [])),
        ({"email": "a@x.io", "email_verified": True, "groups": ["", "g"]}, ("a@x.io", ["g"])),
    ],
)
def test_claim_user(body: dict[str, Any], expected: tuple[Any, Any]) -> None:
    assert claim_user(body, "email", "groups") == expected


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"email": "a@x.io", "email_verified": False}, "oidc_email_unverified"),
        ({"email": 5}, "oidc_bad_claims"),
        ({"email": "no-at-sign"}, "oidc_bad_claims"),
        ({"email": "a@x.io", "groups": [1]}, "oidc_bad_claims"),
        ({"email": "a@x.io", "groups": {"a": 1}}, "oidc_bad_claims"),
    ],
)
def test_unusable_claims_are_refused(body: dict[str, Any], code: str) -> None:
    with pytest.raises(Unauthenticated) as refused:
        claim_user(body, "email", "groups")
    assert refused.value.code == code
