"""OpenID Connect sign-in routes: start at the provider, come back to the callback.

Only routed when ``auth.oidc.enabled``. The flow itself is :mod:`consoleme.core.oidc`.
"""

from __future__ import annotations

from dataclasses import fields

from consoleme.api.base import ApiHandler
from consoleme.api.openapi_meta import Operation
from consoleme.api.session_cookie import set_session_cookie
from consoleme.core.oidc import (
    BINDING_COOKIE,
    LOGIN_TTL_SECONDS,
    CallbackParams,
    begin_login,
    complete_login,
)

_COOKIE_PATH = "/auth/oidc/"
_CALLBACK_PARAMS = tuple(field.name for field in fields(CallbackParams))


class OidcLoginHandler(ApiHandler):
    auth = "public"
    identify_caller = False
    openapi = {
        "get": Operation(
            "Start OpenID Connect sign-in: redirects to the identity provider.",
            tags=("auth",),
            query={"next": "Local path to return to after sign-in (default /)."},
            status=302,
            response_description="Redirect to the identity provider.",
        )
    }

    async def get(self) -> None:
        start = await begin_login(
            self.services.settings, self.services.cache, self.get_query_argument("next", None)
        )
        # SameSite=Lax: the cookie must ride along on the provider's top-level redirect back.
        self.set_cookie(
            BINDING_COOKIE,
            start.binding,
            path=_COOKIE_PATH,
            max_age=LOGIN_TTL_SECONDS,
            httponly=True,
            secure=self.request.protocol == "https",
            samesite="Lax",
        )
        self.redirect(start.url)


class OidcCallbackHandler(ApiHandler):
    auth = "public"
    identify_caller = False
    openapi = {
        "get": Operation(
            "Where the identity provider sends the browser back; signs in and redirects.",
            tags=("auth",),
            query={name: "From the identity provider." for name in _CALLBACK_PARAMS},
            status=302,
            response_description="Signed in: redirect to the page the sign-in began from.",
        )
    }

    async def get(self) -> None:
        query = {name: self.get_query_argument(name, None) for name in _CALLBACK_PARAMS}
        params = CallbackParams(**query)
        services = self.services
        binding = self.get_cookie(BINDING_COOKIE)
        person = await complete_login(services.settings, services.cache, params, binding)
        _, token = services.authenticator.sign_in(person.email, person.groups, "oidc")
        set_session_cookie(self, token.token, token.expires_at)
        self.clear_cookie(BINDING_COOKIE, path=_COOKIE_PATH)
        self.redirect(person.next_path)


routes = [
    (r"/auth/oidc/login", OidcLoginHandler),
    (r"/auth/oidc/callback", OidcCallbackHandler),
]
