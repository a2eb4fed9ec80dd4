"""EC2 instance metadata (IMDS) emulation for one role, as botocore's instance-metadata provider
reads it (WEEP_CONTRACT sections 3.2 and 6).

- ``PUT /latest/api/token`` with ``X-aws-ec2-metadata-token-ttl-seconds`` between 1 and 21600
  gives a session token and echoes the TTL header; a missing or out-of-range TTL is 400.
- ``GET .../meta-data/iam/security-credentials/`` is the role name, without a trailing newline
  (botocore uses the body as is); ``.../security-credentials/<name>`` the credentials.
- Token modes: ``required`` (default; GETs without a valid token are 401, as on EC2 with IMDSv2
  required), ``optional`` (IMDSv1 GETs allowed too), ``off`` (the token PUT answers 403, so SDKs
  fall back to IMDSv1). A token that is unknown or expired is always 401.

``{version}`` may be ``latest`` or a date, as on EC2.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from consoleme.client.errors import CliError
from consoleme.client.models import Credentials
from consoleme.client.output_formats import imds_body, iso_z

SESSION_HEADER = "x-aws-ec2-metadata-token"
TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds"
TTL_REPLY_HEADER = "X-Aws-Ec2-Metadata-Token-Ttl-Seconds"
MAX_TTL_SECONDS = 21600
V2_MODES = ("required", "optional", "off")
_VERSION = re.compile(r"^/(?:latest|\d{4}-\d{2}-\d{2})(?P<rest>/.*)?$")
_MAX_TOKENS = 10_000


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer of the local server."""

    status: int
    body: bytes
    content_type: str = "text/plain"
    headers: dict[str, str] = field(default_factory=dict)


def text(status: int, message: str) -> Reply:
    return Reply(status, message.encode())


class ImdsTokens:
    """Session tokens and their expiry (on an injectable monotonic clock)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, ttl_seconds: int) -> str:
        token = secrets.token_urlsafe(42)
        now = self.clock()
        with self._lock:
            if len(self._expiry) >= _MAX_TOKENS:
                self._expiry = {t: e for t, e in self._expiry.items() if e > now}
                if len(self._expiry) >= _MAX_TOKENS:  # all alive: drop the oldest
                    oldest = min(self._expiry, key=self._expiry.__getitem__)
                    del self._expiry[oldest]
            self._expiry[token] = now + ttl_seconds
        return token

    def remaining(self, token: str) -> int | None:
        """Whole seconds the token has left; None when unknown or expired."""
        expiry = self._expiry.get(token)
        if expiry is None:
            return None
        left = expiry - self.clock()
        if left <= 0:
            with self._lock:
                self._expiry.pop(token, None)
            return None
        return max(1, int(left))


def parse_ttl(value: str | None) -> int | None:
    """The requested token TTL when it is an integer in 1..21600, else None."""
    if value is None or not value.strip().isdigit():
        return None
    ttl = int(value)
    return ttl if 1 <= ttl <= MAX_TTL_SECONDS else None


class Imds:
    """The metadata routes for the role ``role_query`` names."""

    def __init__(
        self,
        role_query: str,
        credentials: Callable[[str], Credentials],
        v2_mode: str = "required",
        tokens: ImdsTokens | None = None,
    ) -> None:
        self.role_query = role_query
        self.credentials = credentials
        self.v2_mode = v2_mode
        self.tokens = tokens or ImdsTokens()

    def answer(self, method: str, path: str, headers: Mapping[str, str]) -> Reply | None:
        """The reply for a metadata path (``headers`` lower-case); None when it is not one."""
        found = _VERSION.match(path)
        if found is None:
            return None
        rest = found.group("rest") or "/"
        if rest == "/api/token":
            return self._token(method, headers) if method == "PUT" else text(405, "use PUT")
        if method != "GET":
            return text(405, "method not allowed")
        token = headers.get(SESSION_HEADER)
        extra: dict[str, str] = {}
        if token and self.v2_mode != "off":
            left = self.tokens.remaining(token)
            if left is None:
                return text(401, "invalid or expired metadata token")
            extra[TTL_REPLY_HEADER] = str(left)
        elif self.v2_mode == "required":
            return text(401, "IMDSv2 required: PUT /latest/api/token first")
        reply = self._metadata(rest)
        reply.headers.update(extra)
        return reply

    def _token(self, method: str, headers: Mapping[str, str]) -> Reply:
        if self.v2_mode == "off":
            return text(403, "IMDSv2 tokens are turned off (cme serve --imds-tokens off)")
        ttl = parse_ttl(headers.get(TTL_HEADER))
        if ttl is None:
            return text(400, f"{TTL_HEADER} must be an integer from 1 to {MAX_TTL_SECONDS}")
        token = self.tokens.issue(ttl)
        return Reply(200, token.encode(), headers={TTL_REPLY_HEADER: str(ttl)})

    def _metadata(self, rest: str) -> Reply:
        listing = {
            "/": "dynamic\nmeta-data",
            "/meta-data": "iam/",
            "/meta-data/": "iam/",
            "/meta-data/iam": "info\nsecurity-credentials/",
            "/meta-data/iam/": "info\nsecurity-credentials/",
        }
        if rest in listing:
            return text(200, listing[rest])
        if not rest.startswith("/meta-data/iam/"):
            return text(404, "not found")
        try:
            credentials = self.credentials(self.role_query)
        except CliError as exc:
            return text(503, f"no credentials for {self.role_query}: {exc.message}")
        leaf = rest.removeprefix("/meta-data/iam/")
        if leaf in ("security-credentials", "security-credentials/"):
            return text(200, credentials.role_name)
        if leaf == f"security-credentials/{credentials.role_name}":
            return Reply(200, imds_body(credentials))
        if leaf == "info":
            return Reply(200, _info(credentials))
        return text(404, "not found")


def _info(credentials: Credentials) -> bytes:
    account = credentials.role_arn.split(":")[4] if credentials.role_arn.count(":") >= 5 else ""
    return json.dumps(
        {
            "Code": "Success",
            "LastUpdated": iso_z(credentials.fetched_at),
            "InstanceProfileArn": f"arn:aws:iam::{account}:instance-profile/"
            f"{credentials.role_name}",
            "InstanceProfileId": "AIPACMESERVE",
        },
        separators=(",", ":"),
    ).encode()
