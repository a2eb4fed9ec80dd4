"""IMDS emulation: token TTL bounds and expiry, the TTL header, v2 modes, the role name."""

from __future__ import annotations

import pytest

from consoleme.client.errors import NotEligible
from consoleme.client.imds import Imds, ImdsTokens, parse_ttl
from consoleme.client.models import Credentials
from tests.unit.client.fakes import START, Clock, credentials

pytestmark = pytest.mark.unit
TTL = "x-aws-ec2-metadata-token-ttl-seconds"
TOKEN = "x-aws-ec2-metadata-token"
ROLE = credentials(START + 3600, START, role="team/deployer")


def _imds(mode: str = "required", clock: Clock | None = None) -> Imds:
    def lookup(query: str) -> Credentials:
        if query != "deployer":
            raise NotEligible("no")
        return ROLE

    return Imds("deployer", lookup, mode, ImdsTokens(clock or Clock()))


@pytest.mark.parametrize(
    ("raw", "ttl"),
    [
        ("1", 1),
        ("21600", 21600),
        ("0", None),
        ("21601", None),
        ("-1", None),
        ("x", None),
        (None, None),
        (" 60 ", 60),
    ],
)
def test_ttl_bounds(raw: str | None, ttl: int | None) -> None:
    assert parse_ttl(raw) == ttl


def test_token_flow_with_ttl_header_and_expiry() -> None:
    clock = Clock()
    imds = _imds(clock=clock)
    bad = imds.answer("PUT", "/latest/api/token", {TTL: "21601"})
    assert bad is not None
    assert bad.status == 400
    issued = imds.answer("PUT", "/latest/api/token", {TTL: "60"})
    assert issued is not None
    assert (issued.status, issued.headers) == (200, {"X-Aws-Ec2-Metadata-Token-Ttl-Seconds": "60"})
    token = issued.body.decode()
    path = "/latest/meta-data/iam/security-credentials/"
    named = imds.answer("GET", path, {TOKEN: token})
    assert named is not None
    assert (named.status, named.body) == (200, b"deployer")  # no trailing newline
    assert named.headers == {"X-Aws-Ec2-Metadata-Token-Ttl-Seconds": "60"}
    clock.advance(59.5)
    still = imds.answer("GET", path + "deployer", {TOKEN: token})
    assert still is not None
    assert still.status == 200
    clock.advance(1)
    expired = imds.answer("GET", path, {TOKEN: token})
    assert expired is not None
    assert expired.status == 401
    assert imds.answer("GET", "/2021-07-15/meta-data/iam/info", {TOKEN: token}).status == 401  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("mode", "put", "tokenless_get"),
    [("required", 200, 401), ("optional", 200, 200), ("off", 403, 200)],
)
def test_modes(mode: str, put: int, tokenless_get: int) -> None:
    imds = _imds(mode)
    assert imds.answer("PUT", "/latest/api/token", {TTL: "60"}).status == put  # type: ignore[union-attr]
    path = "/latest/meta-data/iam/security-credentials/deployer"
    assert imds.answer("GET", path, {}).status == tokenless_get  # type: ignore[union-attr]


def test_paths() -> None:
    imds = _imds("optional")
    assert imds.answer("GET", "/ecs/x", {}) is None
    assert imds.answer("GET", "/latest/meta-data/iam/security-credentials/other", {}).status == 404  # type: ignore[union-attr]
    assert imds.answer("POST", "/latest/meta-data/", {}).status == 405  # type: ignore[union-attr]
    assert imds.answer("GET", "/latest/api/token", {}).status == 405  # type: ignore[union-attr]
    info = imds.answer("GET", "/latest/meta-data/iam/info", {})
    assert info is not None
    assert b'"InstanceProfileArn":"arn:aws:iam::1:instance-profile/deployer"' in info.body


def test_token_store_is_bounded() -> None:
    clock = Clock()
    tokens = ImdsTokens(clock)
    first = tokens.issue(60)
    for _ in range(10_000):
        tokens.issue(21600)
    assert tokens.remaining(first) is None  # the oldest gave way
    assert len(tokens._expiry) <= 10_000
