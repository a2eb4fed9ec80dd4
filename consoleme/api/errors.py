"""The single map from exceptions to HTTP error answers, and how they are logged."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import tornado.web

from consoleme.errors import ConsoleMeError

log = logging.getLogger("consoleme.api")


def error_body(
    exc: BaseException | None, status: int, request_id: str
) -> tuple[int, dict[str, Any]]:
    """Status and JSON body ``{"status", "code", "message", "request_id"[, "details"]}``."""
    if isinstance(exc, ConsoleMeError):
        body: dict[str, Any] = {
            "status": exc.status,
            "code": exc.code,
            "message": exc.message,
            "request_id": request_id,
        }
        if exc.details:
            body["details"] = exc.details
        return exc.status, body
    if isinstance(exc, tornado.web.HTTPError) or (exc is None and status < 500):
        code = exc.status_code if isinstance(exc, tornado.web.HTTPError) else status
        phrase = _phrase(code)
        return code, {
            "status": code,
            "code": phrase.lower().replace(" ", "_"),
            "message": (exc.log_message if isinstance(exc, tornado.web.HTTPError) else None)
            or phrase,
            "request_id": request_id,
        }
    return 500, {
        "status": 500,
        "code": "internal_error",
        "message": "internal error; quote the request id when reporting it",
        "request_id": request_id,
    }


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Error"


def log_handler_exception(
    exc: BaseException | None, route: str, request_id: str, exc_info: Any
) -> None:
    """Expected errors are one info line; anything else is logged with its traceback."""
    if isinstance(exc, ConsoleMeError | tornado.web.HTTPError):
        log.info(
            "request refused",
            extra={"route": route, "request_id": request_id, "error": type(exc).__name__},
        )
        return
    log.error(
        "unhandled error", exc_info=exc_info, extra={"route": route, "request_id": request_id}
    )
