"""The ConsoleMe HTTP API as ``cme`` uses it, over the standard library's ``http.client``.

(httpx would cost about 100 ms of import time on every run.) One connection per call, so an
instance may be shared by threads. The session token goes in ``Authorization: Bearer``. Error
answers become the exceptions of :mod:`consoleme.client.errors`:

- no answer at all → ServerUnreachable; code ``invalid_jwt`` → SessionRejected; other 401 →
  NotSignedIn;
- weep codes 900 and 903 (and a 404 from console sign-in) → NotEligible; 901 → AmbiguousRole;
- anything else → CliError with the server's code and message.
"""

from __future__ import annotations

import http.client
import json
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from consoleme import __version__
from consoleme.client.errors import (
    AmbiguousRole,
    CliError,
    NotEligible,
    NotSignedIn,
    ServerUnreachable,
    SessionRejected,
)
from consoleme.client.models import Credentials, RoleInfo

USER_AGENT = f"cme/{__version__} python-http.client"


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer: status and parsed JSON body (None when the body is not JSON)."""

    status: int
    body: Any
    text: str


@dataclass(frozen=True, slots=True)
class ChallengeUrls:
    challenge_url: str
    polling_url: str


class ConsoleMeApi:
    """Calls to one ConsoleMe server, optionally with a session token."""

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        ca_bundle: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.ca_bundle = ca_bundle
        self.clock = clock
        self._tls: ssl.SSLContext | None = None

    # --- endpoints -----------------------------------------------------------------------------

    def generate_challenge(self, user: str) -> ChallengeUrls:
        """Start a browser-approved sign-in for ``user``."""
        answer = self.request("GET", f"/noauth/v1/challenge_generator/{quote(user, safe='@')}")
        body = self._expect(answer, "start a sign-in")
        try:
            return ChallengeUrls(str(body["challenge_url"]), str(body["polling_url"]))
        except (KeyError, TypeError):
            raise CliError(f"unexpected sign-in answer from {self.url}") from None

    def poll_challenge(self, polling_url: str) -> dict[str, Any]:
        """One poll: ``{"status": ...}``, with the token fields once approved."""
        body = self._expect(self.request("GET", polling_url, auth=False), "poll the sign-in")
        if not isinstance(body, dict) or not isinstance(body.get("status"), str):
            raise CliError(f"unexpected sign-in poll answer from {self.url}")
        return body

    def get_credentials(self, role: str) -> Credentials:
        """Credentials for the one eligible role ``role`` names (search string or ARN)."""
        payload = {"requested_role": role, "no_ip_restrictions": False}
        answer = self.request("POST", "/api/v1/get_credentials", payload)
        body = self._expect(answer, "get credentials", role=role)
        try:
            found = body["Credentials"]
            return Credentials(
                access_key_id=str(found["AccessKeyId"]),
                secret_access_key=str(found["SecretAccessKey"]),
                session_token=str(found["SessionToken"]),
                expiration=int(found["Expiration"]),
                role_arn=str(found.get("RoleArn") or role),
                fetched_at=self.clock(),
            )
        except (KeyError, TypeError, ValueError):
            raise CliError(f"unexpected credentials answer from {self.url}") from None

    def get_roles(self, console_only: bool = False) -> list[RoleInfo]:
        """The caller's roles (CLI-only ones too unless ``console_only``), sorted by ARN."""
        path = "/api/v2/get_roles" + ("" if console_only else "?all=true")
        body = self._expect(self.request("GET", path), "list roles")
        try:
            return [
                RoleInfo(
                    arn=str(r["arn"]),
                    account_id=str(r["account_id"]),
                    account_name=str(r.get("account_friendly_name") or ""),
                    role_name=str(r["role_name"]),
                )
                for r in body["data"]["roles"]
            ]
        except (KeyError, TypeError):
            raise CliError(f"unexpected role list from {self.url}") from None

    def console_login(self, role: str, region: str | None, redirect: str | None) -> str:
        """The AWS console sign-in URL for the one console role ``role`` names."""
        query = {k: v for k, v in (("r", region), ("redirect", redirect)) if v}
        path = f"/api/v2/role_login/{quote(role, safe=':/@')}"
        if query:
            path += "?" + urlencode(query)
        body = self._expect(self.request("GET", path), "sign in to the console", role=role)
        if isinstance(body, dict) and body.get("reason") == "multiple_roles":
            roles = [str(r) for r in body.get("roles") or []]
            raise AmbiguousRole(f"more than one console role matches {role!r}", roles)
        if not isinstance(body, dict) or not isinstance(body.get("redirect_url"), str):
            raise CliError(f"unexpected console sign-in answer from {self.url}")
        return str(body["redirect_url"])

    def resource_url(self, arn: str) -> str:
        """The web UI URL of a cached resource."""
        answer = self.request("GET", "/api/v2/get_resource_url?" + urlencode({"arn": arn}))
        body = self._expect(answer, "find the resource")
        try:
            relative = str(body["data"]["url"])
        except (KeyError, TypeError):
            raise CliError(f"unexpected resource answer from {self.url}") from None
        return relative if relative.startswith(("http://", "https://")) else self.url + relative

    def user_profile(self) -> dict[str, Any]:
        """Who the server says the session belongs to."""
        body = self._expect(self.request("GET", "/api/v2/user_profile"), "read your profile")
        if not isinstance(body, dict):
            raise CliError(f"unexpected profile answer from {self.url}")
        return body

    # --- transport -----------------------------------------------------------------------------

    def request(
        self, method: str, path_or_url: str, payload: Any = None, *, auth: bool = True
    ) -> Answer:
        """One request; ``path_or_url`` is relative to the server or absolute (sent unsigned)."""
        absolute = path_or_url.startswith(("http://", "https://"))
        target = urlsplit(path_or_url if absolute else self.url + path_or_url)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if auth and self.token and not absolute:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        connection = self._connection(target.scheme, target.hostname or "", target.port)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            where = f"{target.scheme}://{target.netloc}"
            raise ServerUnreachable(f"cannot reach ConsoleMe at {where}: {_reason(exc)}") from None
        finally:
            connection.close()
        text = raw.decode("utf-8", "replace")
        try:
            body = json.loads(text) if text else None
        except ValueError:
            body = None
        return Answer(response.status, body, text)

    def _connection(self, scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
        if scheme == "https":
            if self._tls is None:
                self._tls = ssl.create_default_context(cafile=self.ca_bundle)
            return http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._tls)
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def _expect(self, answer: Answer, doing: str, role: str | None = None) -> Any:
        if answer.status == 200:
            if answer.body is None:
                raise CliError(f"could not {doing}: {self.url} did not answer JSON")
            return answer.body
        raise error_for(answer, doing, role)


def error_for(answer: Answer, doing: str, role: str | None) -> CliError:
    """The exception for an error answer of the server."""
    body = answer.body if isinstance(answer.body, dict) else {}
    code = str(body.get("code") or "")
    message = str(body.get("message") or "") or _first_error(body) or answer.text[:200].strip()
    if code == "invalid_jwt":  # 401, or 403 from the weep endpoints
        return SessionRejected(
            f"your ConsoleMe session is no longer valid ({message}): run `cme login`"
        )
    if answer.status == 401:
        return NotSignedIn("not signed in to ConsoleMe: run `cme login`")
    if code == "901":
        candidates = body.get("matching roles") or body.get("details", {}).get("matching roles")
        return AmbiguousRole(
            f"more than one role matches {role!r}; be more specific",
            [str(c) for c in candidates or []],
        )
    if code in ("900", "903") or (answer.status == 404 and role is not None):
        return NotEligible(message or f"none of your roles matches {role!r}")
    label = f"HTTP {answer.status}" + (f" {code}" if code else "")
    return CliError(f"could not {doing} ({label}): {message or 'no details'}")


def _first_error(body: dict[str, Any]) -> str:
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return str(errors[0])
    return ""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return str(exc) or type(exc).__name__
