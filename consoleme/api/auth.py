"""Sign-in methods, development sign-in, sign-out."""

from __future__ import annotations

from typing import Any

from consoleme.api.base import ApiHandler
from consoleme.api.models import (
    AuthMethods,
    DevLoginRequest,
    DevUser,
    SignOutResponse,
    UserProfile,
)
from consoleme.api.openapi_meta import Operation
from consoleme.api.profile import profile_of
from consoleme.api.session_cookie import clear_session_cookie, set_session_cookie


class AuthMethodsHandler(ApiHandler):
    auth = "public"
    openapi = {"get": Operation("How people can sign in here.", AuthMethods, tags=("auth",))}

    async def get(self) -> None:
        settings = self.services.settings
        methods = [
            name
            for name, on in (
                ("dev", settings.auth.dev_mode),
                ("oidc", settings.auth.oidc.enabled),
                ("header", settings.auth.header.enabled),
            )
            if on
        ]
        people = settings.auth.dev_users if settings.auth.dev_mode else []
        self.respond(
            AuthMethods(
                site_name=settings.site_name,
                methods=methods,
                dev_users=[DevUser(**p.model_dump()) for p in people],
            )
        )


class DevLoginHandler(ApiHandler):
    """Development sign-in. Only routed when ``auth.dev_mode`` is on (and then only on loopback)."""

    auth = "public"
    openapi = {
        "post": Operation(
            "Development sign-in as any user.", UserProfile, DevLoginRequest, tags=("auth",)
        )
    }

    async def post(self) -> None:
        body = self.parse_body(DevLoginRequest)
        groups = body.groups if body.groups is not None else self._known_groups(body.user)
        identity, token = self.services.authenticator.sign_in(body.user, groups, "dev")
        set_session_cookie(self, token.token, token.expires_at)
        self.respond(profile_of(identity, self.services))

    def _known_groups(self, user: str) -> list[str]:
        for person in self.services.settings.auth.dev_users:
            if person.user.lower() == user.strip().lower():
                return list(person.groups)
        return []


class SignOutHandler(ApiHandler):
    auth = "user"
    openapi = {"post": Operation("End the browser session.", SignOutResponse, tags=("auth",))}

    async def post(self) -> None:
        cookie = self.get_cookie(self.services.settings.auth.session.cookie_name)
        if cookie and self.user.kind == "browser":
            await self.services.authenticator.sign_out(cookie, "browser")
        clear_session_cookie(self)
        self.respond(SignOutResponse(signed_out=True))


def auth_routes(dev_mode: bool) -> list[tuple[str, Any]]:
    """The sign-in routes; the development one exists only in development mode."""
    found: list[tuple[str, Any]] = [
        (r"/api/v2/auth/methods", AuthMethodsHandler),
        (r"/api/v2/auth/sign_out", SignOutHandler),
    ]
    if dev_mode:
        found.append((r"/api/v2/auth/dev_login", DevLoginHandler))
    return found
