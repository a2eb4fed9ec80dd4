"""Prometheus metrics owned by one application instance (no global registry)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

log = logging.getLogger("consoleme.metrics")

# Async callables run before each scrape, e.g. to read figures other processes keep in Redis.
ScrapeHook = Callable[[], Awaitable[None]]

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """HTTP request counts and latency by route; other layers add their own collectors here."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.http_requests = Counter(
            "consoleme_http_requests",
            "HTTP requests handled, by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.http_latency = Histogram(
            "consoleme_http_request_duration_seconds",
            "Time to handle an HTTP request, by route and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.access_issued = Counter(
            "consoleme_access_issued",
            "Credentials, console sign-ins and CLI tokens handed out, by action and client.",
            ["action", "client"],
            registry=self.registry,
        )
        self.access_refused = Counter(
            "consoleme_access_refused",
            "Refused credential, console and CLI sign-in requests, by action and error code.",
            ["action", "code"],
            registry=self.registry,
        )
        self._scrape_hooks: list[ScrapeHook] = []

    def add_scrape_hook(self, hook: ScrapeHook) -> None:
        """Run ``hook`` before every scrape (see :meth:`scrape`)."""
        self._scrape_hooks.append(hook)

    async def scrape(self) -> bytes:
        """Run the scrape hooks (a failing one is logged and skipped), then :meth:`render`."""
        for hook in self._scrape_hooks:
            try:
                await hook()
            except Exception as exc:
                log.warning("metrics scrape hook failed", extra={"error": str(exc)})
        return self.render()

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.http_requests.labels(route, method, str(status)).inc()
        self.http_latency.labels(route, method).observe(seconds)

    def render(self) -> bytes:
        """The Prometheus text exposition of every collector."""
        return bytes(generate_latest(self.registry))
