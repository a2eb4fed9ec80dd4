"""A local stand-in for the AWS console sign-in endpoint, for the demo.

The real ``https://signin.aws.amazon.com/federation`` cannot be reached from a demo machine and
would refuse moto's credentials anyway. This server answers the same two actions and checks what
it receives: ``getSigninToken`` accepts a Session JSON only when its credentials work against the
local AWS (STS GetCallerIdentity), and ``login`` shows which role the person signed in as.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.exceptions import BotoCoreError, ClientError


class DemoFederation:
    """Start with :meth:`start`; ``url`` is the federation endpoint to configure."""

    def __init__(self, aws_endpoint: str) -> None:
        self.aws_endpoint = aws_endpoint
        self.tokens: dict[str, str] = {}  # SigninToken -> assumed-role ARN
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/federation"

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def issue_token(self, session: dict[str, Any]) -> str | None:
        """A sign-in token when the Session JSON holds working credentials, else None."""
        if set(session) != {"sessionId", "sessionKey", "sessionToken"}:
            return None
        sts = boto3.client(
            "sts",
            endpoint_url=self.aws_endpoint,
            region_name="us-east-1",
            aws_access_key_id=session["sessionId"],
            aws_secret_access_key=session["sessionKey"],
            aws_session_token=session["sessionToken"],
        )
        try:
            arn = str(sts.get_caller_identity()["Arn"])
        except (BotoCoreError, ClientError):
            return None
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.tokens[token] = arn
        return token

    def role_for(self, token: str) -> str | None:
        with self._lock:
            return self.tokens.get(token)


def _handler(federation: DemoFederation) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            action = query.get("Action")
            if action == "getSigninToken":
                try:
                    session = json.loads(query.get("Session", ""))
                except ValueError:
                    session = {}
                token = federation.issue_token(session) if isinstance(session, dict) else None
                if token is None:
                    self._answer(400, "text/plain", "invalid Session")
                else:
                    self._answer(200, "application/json", json.dumps({"SigninToken": token}))
            elif action == "login":
                role = federation.role_for(query.get("SigninToken", ""))
                if role is None:
                    self._answer(403, "text/plain", "unknown or expired SigninToken")
                    return
                self._answer(200, "text/html; charset=utf-8", _page(role, query))
            else:
                self._answer(400, "text/plain", "unknown Action")

        def _answer(self, status: int, content_type: str, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the demo prints only its banner."""

    return Handler


def _page(role: str, query: dict[str, str]) -> str:
    destination = html.escape(query.get("Destination", ""))
    return (
        "<!doctype html><meta charset=utf-8><title>AWS console (local demo)</title>"
        "<body style='font-family:sans-serif;margin:3em'>"
        "<h1>Signed in to the AWS console (local demo stand-in)</h1>"
        f"<p>Role session: <code id=role>{html.escape(role)}</code></p>"
        f"<p>Destination: <code id=destination>{destination}</code></p>"
        "<p>In production this is https://signin.aws.amazon.com.</p></body>"
    )
