"""Client IP from the socket or X-Forwarded-For, trusting only configured proxies."""

from __future__ import annotations

import pytest

from consoleme.domain.client_ip import client_ip, ip_in_networks, is_loopback_host

pytestmark = pytest.mark.unit


def test_no_trusted_proxy_uses_socket_peer() -> None:
    assert client_ip("10.0.0.5", "1.2.3.4", 0) == "10.0.0.5"


def test_one_trusted_proxy_uses_rightmost_entry_not_leftmost() -> None:
    # The client forged "6.6.6.6"; the load balancer appended the real address.
    assert client_ip("10.0.0.5", "6.6.6.6, 203.0.113.9", 1) == "203.0.113.9"


def test_two_trusted_proxies() -> None:
    assert client_ip("10.0.0.5", "6.6.6.6, 203.0.113.9, 10.0.0.7", 2) == "203.0.113.9"


def test_short_or_garbage_header_falls_back_to_peer() -> None:
    assert client_ip("10.0.0.5", "203.0.113.9", 2) == "10.0.0.5"
    assert client_ip("10.0.0.5", "not-an-ip", 1) == "10.0.0.5"
    assert client_ip("10.0.0.5", None, 1) == "10.0.0.5"


def test_loopback_and_networks() -> None:
    assert is_loopback_host("127.0.0.1")
    assert is_loopback_host("::1")
    assert is_loopback_host("localhost")
    assert not is_loopback_host("0.0.0.0")
    assert ip_in_networks("10.1.2.3", ["10.0.0.0/8"])
    assert not ip_in_networks("11.1.2.3", ["10.0.0.0/8"])
    assert not ip_in_networks("garbage", ["10.0.0.0/8"])
