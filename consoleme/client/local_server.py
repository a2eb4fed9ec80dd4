"""The local credential server of ``cme serve``: ECS container endpoint, IMDS, health check.

Listens on 127.0.0.1 only (standard library ``ThreadingHTTPServer``, HTTP/1.1 keep-alive).

- ``GET /ecs/<role>``: botocore's container provider
  (``AWS_CONTAINER_CREDENTIALS_FULL_URI`` + ``AWS_CONTAINER_AUTHORIZATION_TOKEN``). The
  ``Authorization`` header must equal the server's token (401 otherwise); ``<role>`` is a search
  string or ARN, resolved by the server as for ``get_credentials``.
- IMDS routes (:mod:`consoleme.client.imds`) when a default role was given.
- ``GET /healthcheck``: ``{"status": 200, "message": "healthy"}``.

Every request first passes :mod:`consoleme.client.request_guard` (Host header, browsers); the
health check skips only the browser rules.
"""

from __future__ import annotations

import hmac
import sys
from collections.abc import Callable, Mapping
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from consoleme.client.errors import AmbiguousRole, CliError, NotEligible, NotSignedIn
from consoleme.client.imds import Imds, Reply, text
from consoleme.client.models import Credentials
from consoleme.client.output_formats import ecs_body
from consoleme.client.request_guard import allowed_hosts, refusal

_HEALTHY = Reply(200, b'{"status":200,"message":"healthy"}', "application/json")
_MAX_BODY = 4096


@lru_cache(maxsize=512)
def _ecs_json(credentials: Credentials) -> bytes:
    return ecs_body(credentials)


def role_error(exc: CliError) -> Reply:
    """The reply for a failed credential lookup (the SDKs show the text)."""
    if isinstance(exc, AmbiguousRole):
        return text(400, exc.message + ": " + ", ".join(exc.candidates))
    if isinstance(exc, NotEligible):
        return text(403, exc.message)
    if isinstance(exc, NotSignedIn):
        return text(503, exc.message)
    return text(502, exc.message)


class LocalEndpoints:
    """Routes a request (method, path, headers) to its reply; no HTTP plumbing here."""

    def __init__(
        self,
        credentials: Callable[[str], Credentials],
        token: str,
        imds: Imds | None = None,
    ) -> None:
        self.credentials = credentials
        self.token = token.encode()
        self.imds = imds
        self.hosts: frozenset[str] = frozenset()

    def bind(self, port: int) -> None:
        """Accept ``Host`` headers for ``port`` (known once the socket is bound)."""
        self.hosts = allowed_hosts(port, self.imds is not None)

    def answer(self, method: str, raw_path: str, headers: Mapping[str, str]) -> Reply:
        """The reply; ``headers`` have lower-case names."""
        path, _, query = raw_path.partition("?")
        host_only = refusal(headers.get("host"), None, (), self.hosts)
        if path == "/healthcheck" and host_only is None:
            return _HEALTHY
        refused = host_only or refusal(
            headers.get("host"), headers.get("user-agent"), headers.keys(), self.hosts
        )
        if refused is not None:
            return text(403, refused)
        if path.startswith("/ecs/"):
            return self._ecs(method, unquote(path[5:]), query, headers)
        if self.imds is not None:
            found = self.imds.answer(method, path, headers)
            if found is not None:
                return found
        return text(404, "not found")

    def _ecs(self, method: str, role: str, query: str, headers: Mapping[str, str]) -> Reply:
        if method != "GET":
            return text(405, "use GET")
        supplied = headers.get("authorization", "").encode()
        if not hmac.compare_digest(supplied, self.token):
            return text(401, "missing or wrong Authorization (AWS_CONTAINER_AUTHORIZATION_TOKEN)")
        if not role:
            return text(400, "name a role: /ecs/<role>")
        if query:
            return text(400, "query parameters are not supported")
        try:
            found = self.credentials(role)
        except CliError as exc:
            return role_error(exc)
        return Reply(200, _ecs_json(found), "application/json")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalServer
    timeout = 30  # idle keep-alive connections are closed after this
    # One buffered write per answer and no Nagle delay: headers and body written separately
    # would meet the peer's delayed ACK and cost 40 ms a request.
    wbufsize = 16 * 1024
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._reply("GET")

    def do_PUT(self) -> None:
        self._reply("PUT")

    def do_POST(self) -> None:
        self._reply("POST")

    def _reply(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self.close_connection = True
            reply = text(413, "request body too large")
        else:
            if length:
                self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            try:
                reply = self.server.endpoints.answer(method, self.path, headers)
            except Exception as exc:  # a bug: answer it, keep serving
                sys.stderr.write(f"cme serve: internal error: {type(exc).__name__}: {exc}\n")
                reply = text(500, "internal error in cme serve")
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            sys.stderr.write(f"cme serve: {self.address_string()} {format % args}\n")


class LocalServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 for :class:`LocalEndpoints`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, endpoints: LocalEndpoints, port: int, verbose: bool = False) -> None:
        self.endpoints = endpoints
        self.verbose = verbose
        super().__init__(("127.0.0.1", port), _Handler)
        endpoints.bind(self.server_address[1])

    @property
    def port(self) -> int:
        return int(self.server_address[1])
