"""A third-party plugin as an outside team would write it: only public ConsoleMe APIs."""

from __future__ import annotations

from pydantic import BaseModel

from consoleme.api.base import ApiHandler
from consoleme.api.openapi_meta import Operation
from consoleme.config.models import Settings
from consoleme.domain.identity import Identity
from consoleme.plugins import hookimpl


class Greeting(BaseModel):
    greeting: str


class HelloHandler(ApiHandler):
    auth = "user"
    openapi = {"get": Operation("Greets the caller.", Greeting, tags=("sample",))}

    async def get(self) -> None:
        self.respond(Greeting(greeting=f"hello {self.user.user}"))


class PartnerPlugin:
    """Everyone from partner.example is in the ``partners`` group; adds one route."""

    def __init__(self, settings: Settings) -> None:
        self.site = settings.site_name

    @hookimpl
    def groups_for_user(self, user: str, identity: Identity) -> list[str]:
        return ["partners"] if user.endswith("@partner.example") else []

    @hookimpl
    def register_routes(self) -> list[tuple[str, object]]:
        return [(r"/api/v2/sample/hello", HelloHandler)]


class NoAuthDecisionHandler(ApiHandler):
    """Forgets to declare ``auth``: the application must refuse to start with it."""

    async def get(self) -> None:
        self.respond({"oops": True})


class CarelessPlugin:
    @hookimpl
    def register_routes(self) -> list[tuple[str, object]]:
        return [(r"/api/v2/sample/careless", NoAuthDecisionHandler)]
