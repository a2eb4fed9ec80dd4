"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from consoleme.api.base import ApiHandler
from consoleme.api.models import Health, Readiness
from consoleme.api.openapi_meta import Operation
from consoleme.core.health import readiness


class HealthcheckHandler(ApiHandler):
    auth = "public"
    openapi = {"get": Operation("Liveness: the process answers.", Health, tags=("health",))}

    identify_caller = False

    async def get(self) -> None:
        self.respond(Health(status="ok"))


class ReadyzHandler(ApiHandler):
    auth = "public"
    identify_caller = False
    openapi = {"get": Operation("Readiness: store and cache answer.", Readiness, tags=("health",))}

    async def get(self) -> None:
        services = self.services
        checks = await readiness({"store": services.store.ping, "cache": services.cache.ping})
        ready = all(value == "ok" for value in checks.values())
        self.respond(Readiness(ready=ready, checks=checks), status=200 if ready else 503)


class MetricsHandler(ApiHandler):
    auth = "public"

    identify_caller = False

    async def get(self) -> None:
        self.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.finish(await self.services.metrics.scrape())


routes = [
    (r"/healthcheck", HealthcheckHandler),
    (r"/readyz", ReadyzHandler),
    (r"/metrics", MetricsHandler),
]
