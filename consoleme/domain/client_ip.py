"""Which address a request really came from, given how many proxies we trust."""

from __future__ import annotations

import ipaddress


def client_ip(peer_ip: str, forwarded_for: str | None, trusted_proxies: int) -> str:
    """The caller's IP address.

    With no trusted proxies it is the socket peer. With ``n`` trusted proxies it is the ``n``-th
    entry of ``X-Forwarded-For`` counted from the right: each trusted proxy appends the address
    it saw, so entries further left were written by the client and cannot be believed. When the
    header is shorter than that, or the entry is not an IP address, the peer is used.
    """
    if trusted_proxies <= 0 or not forwarded_for:
        return peer_ip
    parts = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    if len(parts) < trusted_proxies:
        return peer_ip
    candidate = parts[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer_ip


def is_loopback_host(host: str) -> bool:
    """True for loopback listen addresses (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ip_in_networks(ip: str, networks: list[str]) -> bool:
    """True when ``ip`` is inside any of the CIDR ``networks``."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)
