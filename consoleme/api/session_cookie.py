"""Setting and clearing the browser session cookie (and the XSRF cookie that goes with it)."""

from __future__ import annotations

import tornado.web


def _secure(handler: tornado.web.RequestHandler) -> bool:
    return handler.request.protocol == "https"


def set_session_cookie(handler: tornado.web.RequestHandler, token: str, expires_at: int) -> None:
    """HttpOnly, SameSite=Lax, Secure under https; the XSRF cookie is (re)issued alongside."""
    name = handler.settings["session_cookie_name"]
    handler.set_cookie(
        name,
        token,
        expires=expires_at,
        path="/",
        httponly=True,
        secure=_secure(handler),
        samesite="Lax",
    )
    handler.set_cookie(
        "_xsrf",
        handler.xsrf_token.decode(),
        expires=expires_at,
        path="/",
        secure=_secure(handler),
        samesite="Strict",
    )


def clear_session_cookie(handler: tornado.web.RequestHandler) -> None:
    name = handler.settings["session_cookie_name"]
    handler.clear_cookie(name, path="/", httponly=True, samesite="Lax")
