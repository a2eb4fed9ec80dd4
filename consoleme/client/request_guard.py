"""Which requests the local credential server refuses before looking at them.

A web page the person visits must not be able to read credentials from the local server:

- **DNS rebinding**: the page's own host name is made to resolve to 127.0.0.1, so the request
  arrives with the attacker's ``Host``. Only our own names and port are accepted (the IMDS and
  ECS link-local addresses without a port, for traffic redirected from port 80).
- **Browsers**: any ``User-Agent`` containing "mozilla", and any request carrying a header that
  browsers add and SDKs do not: ``Origin``, ``Referer`` (and weep's misspelling ``Referrer``),
  ``Sec-Fetch-*``, or ``X-Forwarded-For`` (a proxy relaying someone else's request).
"""

from __future__ import annotations

from collections.abc import Iterable

BROWSER_HEADERS = (
    "origin",
    "referer",
    "referrer",
    "sec-fetch-site",
    "sec-fetch-mode",
    "sec-fetch-dest",
    "x-forwarded-for",
)
IMDS_HOST = "169.254.169.254"
ECS_HOST = "169.254.170.2"


def allowed_hosts(port: int, imds: bool) -> frozenset[str]:
    """``Host`` header values accepted by a server on 127.0.0.1:``port``."""
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", ECS_HOST, f"{ECS_HOST}:80"}
    if imds:
        hosts |= {IMDS_HOST, f"{IMDS_HOST}:80"}
    return frozenset(hosts)


def refusal(
    host: str | None, user_agent: str | None, header_names: Iterable[str], hosts: frozenset[str]
) -> str | None:
    """Why the request is refused, or None to serve it."""
    if host is None or host.strip().lower() not in hosts:
        return "host not allowed"
    if user_agent and "mozilla" in user_agent.lower():
        return "browsers are not served"
    for name in header_names:
        if name.lower() in BROWSER_HEADERS:
            return "browsers are not served"
    return None
