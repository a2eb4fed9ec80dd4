"""AWS console sign-in URLs through the federation endpoint (``getSigninToken``).

One HTTPS client per process, TLS verified against the system store or
``access.console.federation_ca_bundle`` (verification cannot be turned off). Failures are
:class:`consoleme.errors.AwsError` with operation ``signin:getSigninToken``.
"""

from __future__ import annotations

import ssl
from urllib.parse import urlencode

import httpx
import orjson

from consoleme.config.access import ConsoleSettings
from consoleme.domain.assume_role import AssumedSession
from consoleme.errors import AwsError


class FederationClient:
    """Asks the federation endpoint for sign-in tokens and builds login URLs."""

    def __init__(self, settings: ConsoleSettings) -> None:
        self.settings = settings
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            if self.settings.federation_ca_bundle is not None:
                context = ssl.create_default_context(cafile=str(self.settings.federation_ca_bundle))
            else:
                context = ssl.create_default_context()
            self._client = httpx.AsyncClient(
                verify=context,
                timeout=self.settings.federation_timeout_seconds,
                follow_redirects=False,
                trust_env=False,
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def signin_token(self, session: AssumedSession, duration_seconds: int) -> str:
        """A SigninToken for ``session`` valid for a console session of ``duration_seconds``."""
        session_json = orjson.dumps(
            {
                "sessionId": session.access_key_id,
                "sessionKey": session.secret_access_key,
                "sessionToken": session.session_token,
            }
        ).decode()
        params = {
            "Action": "getSigninToken",
            "SessionDuration": str(duration_seconds),
            "Session": session_json,
        }
        try:
            answer = await self._http().get(self.settings.federation_url, params=params)
        except httpx.HTTPError as exc:
            raise _error(f"{type(exc).__name__}: {exc}") from None
        if answer.status_code != 200:
            raise _error(f"HTTP {answer.status_code}")
        try:
            token = orjson.loads(answer.content)["SigninToken"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise _error("the answer holds no SigninToken") from None
        if not isinstance(token, str) or not token:
            raise _error("the answer holds no SigninToken")
        return token

    def login_url(self, token: str, issuer: str, destination: str) -> str:
        """The URL that signs the browser in and lands on ``destination``."""
        query = urlencode(
            {
                "Action": "login",
                "Issuer": issuer,
                "Destination": destination,
                "SigninToken": token,
            }
        )
        return f"{self.settings.federation_url}?{query}"


def _error(reason: str) -> AwsError:
    return AwsError(
        f"the AWS federation endpoint refused a sign-in token: {reason}",
        details={"operation": "signin:getSigninToken", "aws_code": "FederationError"},
    )
