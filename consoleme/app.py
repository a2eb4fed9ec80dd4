"""``make_app(services)``: wiring only. Routes, the auth-decision check, the UI, access logs."""

from __future__ import annotations

import logging
from typing import Any

import pluggy
import tornado.web

from consoleme.api import (
    accounts,
    audit,
    auth,
    challenge,
    change_requests,
    credentials,
    health,
    inventory_refresh,
    oidc,
    policy_check,
    profile,
    resource_details,
    resources,
    role_login,
    role_mappings,
    roles,
    service_control_policies,
    weep_resources,
)
from consoleme.api.base import ApiHandler, NotFoundApiHandler
from consoleme.api.openapi import OpenApiHandler, build_spec
from consoleme.api.static import SpaHandler, default_static_dir
from consoleme.config.models import Settings
from consoleme.domain.client_ip import is_loopback_host
from consoleme.errors import ConfigError
from consoleme.services import Services

access_log = logging.getLogger("consoleme.access")

_AUTH_RULES = ("public", "user", "admin")


def api_routes(settings: Settings, plugins: pluggy.PluginManager) -> list[tuple[str, Any]]:
    """Every JSON route: built-in modules first, then what plugins register."""
    found: list[tuple[str, Any]] = [
        *health.routes,
        *auth.auth_routes(settings.auth.dev_mode),
        *profile.routes,
        *credentials.routes,
        *roles.routes,
        *role_login.routes,
        *challenge.routes,
        *audit.routes,
        *role_mappings.routes,
        *change_requests.routes,
        *policy_check.routes,
        *accounts.routes,
        *resources.routes,
        *resource_details.routes,
        *service_control_policies.routes,
        *inventory_refresh.routes,
        *weep_resources.routes,
        (r"/api/v2/openapi.json", OpenApiHandler),
    ]
    if settings.auth.oidc.enabled:
        found.extend(oidc.routes)
    for extra in plugins.hook.register_routes():
        found.extend(extra)
    return found


def check_auth_decisions(routes: list[tuple[str, Any]]) -> None:
    """Refuse to start when a route's handler has not declared who may call it."""
    for pattern, handler in routes:
        if not (isinstance(handler, type) and issubclass(handler, ApiHandler)):
            raise ConfigError(f"route {pattern}: handler must derive from ApiHandler")
        if handler.auth not in _AUTH_RULES:
            raise ConfigError(
                f"route {pattern}: {handler.__name__} declares no auth decision "
                f"(set auth to one of {', '.join(_AUTH_RULES)})"
            )


def refuse_unsafe_settings(settings: Settings) -> None:
    """Stop startup on settings that would be dangerous to serve with."""
    if settings.auth.dev_mode and not is_loopback_host(settings.server.host):
        raise ConfigError(
            f"auth.dev_mode is on but server.host is {settings.server.host}: development "
            "sign-in is only allowed on a loopback address (127.0.0.1, ::1, localhost)"
        )


def make_app(services: Services) -> tornado.web.Application:
    """The Tornado application for ``services``. Performs no I/O."""
    settings = services.settings
    refuse_unsafe_settings(settings)
    routes = api_routes(settings, services.plugins)
    check_auth_decisions(routes)
    handlers: list[Any] = [
        tornado.web.url(pattern, handler, {"services": services, "route": pattern})
        for pattern, handler in routes
    ]
    handlers.append(
        tornado.web.url(
            r"/(?:api|auth|noauth)/.*",
            NotFoundApiHandler,
            {"services": services, "route": "unknown_api"},
        )
    )
    static_dir = settings.server.static_dir or default_static_dir()
    handlers.append(tornado.web.url(r"/(.*)", SpaHandler, {"path": str(static_dir)}))
    return tornado.web.Application(
        handlers,
        session_cookie_name=settings.auth.session.cookie_name,
        openapi_spec=build_spec(routes),
        xsrf_cookie_kwargs={"samesite": "Strict", "path": "/"},
        log_function=_access_logger(services),
        compress_response=True,
    )


def _access_logger(services: Services) -> Any:
    metrics = services.metrics

    def log_request(handler: tornado.web.RequestHandler) -> None:
        status = handler.get_status()
        seconds = handler.request.request_time()
        route = handler.route if isinstance(handler, ApiHandler) else "ui"
        method = handler.request.method or "GET"
        metrics.observe_request(route, method, status, seconds)
        identity = getattr(handler, "identity", None)
        access_log.info(
            "request",
            extra={
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "request_id": getattr(handler, "request_id", ""),
                "user": identity.user if identity is not None else None,
                "client_ip": handler.request.remote_ip,
            },
        )

    return log_request
