"""The base class of every API handler: auth decision, XSRF, request ids, JSON in and out.

Each concrete handler declares ``auth`` ("public", "user" or "admin"); ``consoleme.app.make_app``
refuses to start when one does not. Verb methods then only parse input, call one use-case and
respond.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

import orjson
import tornado.web
from pydantic import BaseModel, ValidationError

from consoleme.api.errors import error_body, log_handler_exception
from consoleme.api.openapi_meta import Operation
from consoleme.domain.client_ip import client_ip
from consoleme.domain.identity import Identity, RequestInfo
from consoleme.errors import BadRequest, ConsoleMeError, Forbidden, NotFound, Unauthenticated

if TYPE_CHECKING:
    from consoleme.services import Services

AuthRule = Literal["public", "user", "admin"]
M = TypeVar("M", bound=BaseModel)

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class ApiHandler(tornado.web.RequestHandler):
    """Base of every JSON endpoint."""

    auth: ClassVar[AuthRule | None] = None
    openapi: ClassVar[dict[str, Operation]] = {}
    # The route pattern, set by make_app; used for metrics and logs instead of the raw path,
    # which may hold tokens.
    route: str = ""
    # Endpoints that never depend on the caller (liveness, metrics) skip the identity lookup.
    identify_caller: ClassVar[bool] = True

    services: Services
    identity: Identity | None
    request_id: str

    def initialize(self, services: Services, route: str = "") -> None:
        self.services = services
        self.route = route or type(self).route
        self.identity = None
        self.request_id = ""
        self._started = time.perf_counter()

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json")

    async def prepare(self) -> None:
        supplied = self.request.headers.get("X-Request-Id", "")
        self.request_id = supplied if _REQUEST_ID.match(supplied) else secrets.token_hex(12)
        self.set_header("X-Request-Id", self.request_id)
        if not self.identify_caller:
            return
        try:
            self.identity = await self.services.authenticator.identify(self.request_info())
        except Unauthenticated:
            if self.auth != "public":
                raise
            self.identity = None
        if self.auth in ("user", "admin") and self.identity is None:
            raise Unauthenticated("sign in first")
        if self.auth == "admin" and not self.is_admin:
            raise Forbidden("only administrators may do this")
        if self.request.method not in _SAFE_METHODS and self._needs_xsrf():
            self._check_xsrf()

    def _needs_xsrf(self) -> bool:
        """Identities a browser carries automatically (cookies, proxy sessions) need the token."""
        return self.identity is not None and self.identity.kind == "browser"

    def _check_xsrf(self) -> None:
        try:
            self.check_xsrf_cookie()
        except tornado.web.HTTPError:
            raise Forbidden(
                "missing or wrong XSRF token: send the _xsrf cookie value in X-Xsrftoken",
                code="xsrf_failed",
            ) from None

    @property
    def is_admin(self) -> bool:
        return self.identity is not None and self.services.authenticator.is_admin(self.identity)

    @property
    def user(self) -> Identity:
        """The caller; only valid on handlers whose ``auth`` is "user" or "admin"."""
        if self.identity is None:
            raise Unauthenticated("sign in first")
        return self.identity

    def request_info(self) -> RequestInfo:
        peer = self.request.remote_ip or ""
        forwarded = self.request.headers.get("X-Forwarded-For")
        trusted = self.services.settings.server.trusted_proxy_count
        cookies = {name: morsel.value for name, morsel in self.request.cookies.items()}
        return RequestInfo(
            method=self.request.method or "GET",
            path=self.request.path,
            headers=_HeaderView(self.request.headers),
            peer_ip=peer,
            client_ip=client_ip(peer, forwarded, trusted),
            cookies=cookies,
        )

    def parse_body(self, model: type[M]) -> M:
        """The JSON body validated as ``model``; BadRequest with the failing fields otherwise."""
        if not self.request.body:
            raise BadRequest("the request body is empty; send a JSON object", code="invalid_json")
        try:
            raw = orjson.loads(self.request.body)
        except orjson.JSONDecodeError:
            raise BadRequest("the request body is not valid JSON", code="invalid_json") from None
        return validate_input(model, raw)

    def respond(self, body: BaseModel | Mapping[str, Any] | list[Any], status: int = 200) -> None:
        self.set_status(status)
        payload: Any = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
        self.finish(orjson.dumps(payload))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        status, body = error_body(exc, status_code, self.request_id)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        if self.request_id:  # send_error cleared the headers prepare() set
            self.set_header("X-Request-Id", self.request_id)
        self.finish(orjson.dumps(body))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        log_handler_exception(value, self.route, self.request_id, (typ, value, tb))


def validate_input(model: type[M], raw: Any) -> M:
    """``raw`` validated as ``model``; BadRequest naming each failing field otherwise."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in err["loc"]) or "(body)", "problem": err["msg"]}
            for err in exc.errors(include_url=False, include_input=False)
        ]
        summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
        raise BadRequest(
            f"invalid request: {summary}", code="validation_error", details={"errors": problems}
        ) from None


class NotFoundApiHandler(ApiHandler):
    """Unknown paths under /api/, /auth/ and /noauth/: a JSON 404, never the UI page."""

    auth = "public"

    async def prepare(self) -> None:
        await super().prepare()
        raise NotFound(f"no such endpoint: {self.request.path}")


class _HeaderView(Mapping[str, str]):
    """Read-only, case-insensitive view of Tornado headers for hooks."""

    def __init__(self, headers: Any) -> None:
        self._headers = headers

    def __getitem__(self, key: str) -> str:
        return str(self._headers[key])

    def get(self, key: str, default: Any = None) -> Any:
        return self._headers.get(key, default)

    def __iter__(self) -> Any:
        return iter(self._headers)

    def __len__(self) -> int:
        return len(self._headers)


__all__ = ["ApiHandler", "AuthRule", "ConsoleMeError", "NotFoundApiHandler", "validate_input"]
