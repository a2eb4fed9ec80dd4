"""The signed-in user's profile and the site settings the UI needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from consoleme.api.base import ApiHandler
from consoleme.api.models import SiteInfo, UserProfile
from consoleme.api.openapi_meta import Operation
from consoleme.domain.identity import Identity

if TYPE_CHECKING:
    from consoleme.services import Services


def profile_of(identity: Identity, services: Services) -> UserProfile:
    """The profile the UI shows for ``identity``."""
    settings = services.settings
    return UserProfile(
        user=identity.user,
        groups=list(identity.groups),
        is_admin=services.authenticator.is_admin(identity),
        auth_method=identity.method,
        session_expires_at=identity.expires_at,
        site=SiteInfo(name=settings.site_name, dev_mode=settings.auth.dev_mode),
    )


class UserProfileHandler(ApiHandler):
    auth = "user"
    openapi = {"get": Operation("Who is signed in.", UserProfile, tags=("auth",))}

    async def get(self) -> None:
        self.respond(profile_of(self.user, self.services))


routes = [(r"/api/v2/user_profile", UserProfileHandler)]
