"""Session tokens: fresh times per token, rotation, audiences, tampering."""

from __future__ import annotations

import time

import jwt
import pytest

from consoleme.core.sessions import SessionSigner
from consoleme.domain.identity import Identity
from consoleme.errors import Unauthenticated

pytestmark = pytest.mark.unit

OLD = "o" * 40
NEW = "n" * 40
ALICE = Identity("alice@example.com", ("engineering",))


def test_round_trip() -> None:
    signer = SessionSigner([NEW])
    issued = signer.issue(ALICE, "browser", 600)
    identity, jti = signer.verify(issued.token, "browser")
    assert identity.user == "alice@example.com"
    assert identity.groups == ("engineering",)
    assert identity.kind == "browser"
    assert identity.expires_at == issued.expires_at
    assert jti == issued.jti


def test_each_token_gets_fresh_times_and_id(monkeypatch: pytest.MonkeyPatch) -> None:
    signer = SessionSigner([NEW])
    first = signer.issue(ALICE, "cli", 600)
    later = time.time() + 100
    monkeypatch.setattr(time, "time", lambda: later)
    second = signer.issue(ALICE, "cli", 600)
    a = jwt.decode(first.token, options={"verify_signature": False})
    b = jwt.decode(second.token, options={"verify_signature": False})
    assert b["iat"] - a["iat"] == 100
    assert b["exp"] - a["exp"] == 100
    assert a["jti"] != b["jti"]


def test_rotation_keeps_old_tokens_valid() -> None:
    old_token = SessionSigner([OLD]).issue(ALICE, "browser", 600).token
    rotated = SessionSigner([NEW, OLD])
    assert rotated.verify(old_token, "browser")[0].user == "alice@example.com"
    new_token = rotated.issue(ALICE, "browser", 600).token
    with pytest.raises(Unauthenticated):
        SessionSigner([OLD]).verify(new_token, "browser")


def test_audience_expiry_and_algorithm_are_enforced() -> None:
    signer = SessionSigner([NEW], clock_skew_seconds=0)
    with pytest.raises(Unauthenticated, match="Audience"):
        signer.verify(signer.issue(ALICE, "cli", 600).token, "browser")
    expired = signer.issue(ALICE, "browser", -5).token
    with pytest.raises(Unauthenticated, match="expired"):
        signer.verify(expired, "browser")
    claims = jwt.decode(
        signer.issue(ALICE, "browser", 600).token, options={"verify_signature": False}
    )
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(Unauthenticated) as failure:
        signer.verify(unsigned, "browser")
    assert failure.value.code == "invalid_jwt"
