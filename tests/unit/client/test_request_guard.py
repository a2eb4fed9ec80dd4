"""The local server's refusals: DNS rebinding (Host) and browsers."""

from __future__ import annotations

import pytest

from consoleme.client.request_guard import allowed_hosts, refusal

pytestmark = pytest.mark.unit
HOSTS = allowed_hosts(9091, imds=True)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:9091",
        "localhost:9091",
        "LOCALHOST:9091",
        "[::1]:9091",
        "169.254.169.254",
        "169.254.169.254:80",
        "169.254.170.2",
    ],
)
def test_our_names_pass(host: str) -> None:
    assert refusal(host, "Botocore/1.40 Python/3.11", ["host", "accept"], HOSTS) is None


@pytest.mark.parametrize(
    "host",
    [
        None,
        "",
        "evil.example.com",
        "evil.example.com:9091",
        "127.0.0.1:9092",
        "127.0.0.1",
        "localhost",
        "169.254.169.254:9091",
    ],
)
def test_other_hosts_are_refused(host: str | None) -> None:
    assert refusal(host, None, [], HOSTS) == "host not allowed"


def test_imds_address_only_with_imds() -> None:
    assert refusal("169.254.169.254", None, [], allowed_hosts(9091, imds=False)) is not None


@pytest.mark.parametrize(
    ("agent", "headers"),
    [
        ("Mozilla/5.0 (Macintosh)", []),
        ("curl/8", ["Origin"]),
        ("curl/8", ["referer"]),
        ("curl/8", ["Referrer"]),
        ("curl/8", ["Sec-Fetch-Site"]),
        ("curl/8", ["X-Forwarded-For"]),
    ],
)
def test_browsers_are_refused(agent: str, headers: list[str]) -> None:
    assert refusal("127.0.0.1:9091", agent, headers, HOSTS) == "browsers are not served"
