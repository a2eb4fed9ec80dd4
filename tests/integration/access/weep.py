"""What the stock weep CLI sends, byte for byte, and small helpers to act as weep or a browser.

Weep (Go ``net/http``) sends ``Host``, ``User-Agent: weep/<v> Go-http-client/1.1``,
``Content-Length`` for bodies, ``Content-Type: application/json`` even on GET, its cookie, and
``Accept-Encoding: gzip`` (added by Go's transport, which then un-gzips transparently). Bodies
are Go ``json.Encoder`` output: compact JSON and a trailing newline.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from consoleme.testing import RunningApi

WEEP_VERSION = "0.3.26"
WEEP_AGENT = f"weep/{WEEP_VERSION} Go-http-client/1.1"
GO_AGENT = "Go-http-client/1.1"
ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
DAVE = "dave@example.com"
GROUPS = {
    ALICE: ["engineering"],
    BOB: ["data-science"],
    CAROL: ["consoleme-admins", "security"],
    DAVE: [],
}

WEEP_METADATA = {
    "hostname": "alice-laptop",
    "username": "alice",
    "weep_version": WEEP_VERSION,
    "weep_method": "credential_process",
}


def go_json(value: Any) -> bytes:
    """What Go's json.Encoder writes: compact, HTML-escaping off here, newline at the end."""
    return json.dumps(value, separators=(",", ":")).encode() + b"\n"


def credential_body(role: str, *, no_ip_restrictions: bool = False, metadata: bool = True) -> bytes:
    body: dict[str, Any] = {"requested_role": role, "no_ip_restrictions": no_ip_restrictions}
    if metadata:
        body["metadata"] = WEEP_METADATA
    return go_json(body)


@dataclass
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def weep_request(
    base_url: str,
    method: str,
    path: str,
    *,
    cookie: str | None = None,
    body: bytes | None = None,
    agent: str = WEEP_AGENT,
) -> RawAnswer:
    """One HTTP/1.1 request written exactly as Go's client writes it; gzip answers inflated."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", f"User-Agent: {agent}"]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Content-Type: application/json")
    if cookie is not None:
        lines.append(f"Cookie: {cookie}")
    lines.append("Accept-Encoding: gzip")
    payload = ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(payload)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        raw = await reader.readexactly(int(headers.get("content-length", "0")))
    finally:
        writer.close()
        await writer.wait_closed()
    if headers.get("content-encoding") == "gzip":
        raw = gzip.decompress(raw)
    return RawAnswer(int(status_line.split()[1]), headers, raw)


def cli_token(api: RunningApi, user: str, groups: list[str] | None = None) -> str:
    """A CLI-audience token as the challenge poller would hand out."""
    chosen = GROUPS.get(user, []) if groups is None else groups
    _, issued = api.services.authenticator.sign_in_cli(user, chosen, "test")
    return str(issued.token)


def weep_client(api: RunningApi, user: str, groups: list[str] | None = None) -> httpx.AsyncClient:
    """An httpx client carrying weep's cookie and User-Agent."""
    cookie_name = api.services.settings.auth.session.cli_cookie_name
    return api.client(
        cookies={cookie_name: cli_token(api, user, groups)},
        headers={"User-Agent": WEEP_AGENT, "Content-Type": "application/json"},
    )


async def get_credentials(
    client: httpx.AsyncClient, role: str, *, no_ip_restrictions: bool = False, **extra: Any
) -> httpx.Response:
    body: dict[str, Any] = {"requested_role": role, "no_ip_restrictions": no_ip_restrictions}
    body.update(extra)
    return await client.post("/api/v1/get_credentials", content=go_json(body))
