"""The service container: everything a process needs, built once from settings and passed down."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pluggy

from consoleme.aws.federation import FederationClient
from consoleme.aws.hub import AwsHub
from consoleme.aws.sts_broker import StsBroker
from consoleme.config.models import Settings
from consoleme.core.access import Access, InventoryRoles, build_access
from consoleme.core.action_catalog import ActionCatalog
from consoleme.core.authn import Authenticator
from consoleme.core.change_requests import ChangeRequests
from consoleme.core.inventory_services import InventoryServices, build_inventory
from consoleme.core.metrics import Metrics
from consoleme.core.policy_check import PolicyChecker
from consoleme.core.sessions import SessionSigner
from consoleme.plugins.manager import PluginFactory, build_plugin_manager
from consoleme.store.cache import Cache, connect_cache
from consoleme.store.change_requests import ChangeRequestRepository
from consoleme.store.factory import store_from_settings
from consoleme.store.inventory_cache import InventoryCache
from consoleme.store.protocol import Store
from consoleme.store.redis_server import PrivateRedis
from consoleme.tasks.client import CeleryTaskClient


@dataclass
class Services:
    """Shared, long-lived objects of one process. Close with :meth:`close`."""

    settings: Settings
    plugins: pluggy.PluginManager
    store: Store
    cache: Cache
    metrics: Metrics
    authenticator: Authenticator
    aws: AwsHub
    access: Access
    inventory: InventoryServices
    policy_checker: PolicyChecker
    change_requests: ChangeRequests
    private_redis: PrivateRedis | None = None
    closed: bool = field(default=False)

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        await self.access.close()
        await self.inventory.close()
        await self.aws.close()
        await self.cache.close()
        await self.store.close()
        self.policy_checker.close()
        if self.private_redis is not None:
            self.private_redis.stop()


def _signing_keys(settings: Settings) -> list[str]:
    keys = [key.get_secret_value() for key in settings.auth.session.signing_keys]
    # Without configured keys (development) each process signs with its own random key, so
    # sessions end when the process does; `config-check` warns about it for production.
    return keys or [secrets.token_urlsafe(48)]


async def start_services(
    settings: Settings, extra_plugins: Iterable[tuple[str, PluginFactory]] = ()
) -> Services:
    """Open the store and the cache and load plugins. The caller closes the result."""
    plugins = build_plugin_manager(settings, extra_plugins)
    settings.server.data_dir.mkdir(parents=True, exist_ok=True)
    store = store_from_settings(settings.store, settings.server.data_dir)
    await store.open()
    try:
        cache, private_redis = await connect_cache(settings.cache, settings.server.data_dir)
    except BaseException:
        await store.close()
        raise
    signer = SessionSigner(_signing_keys(settings))
    authenticator = Authenticator(settings.auth, signer, cache, plugins)
    metrics = Metrics()
    hub = AwsHub(settings.aws)
    access = build_access(
        settings,
        plugins,
        store,
        cache,
        metrics,
        authenticator,
        InventoryRoles(InventoryCache(cache)),
        StsBroker(hub, settings.access.credentials.max_concurrent_calls),
        FederationClient(settings.access.console),
    )
    inventory = build_inventory(
        settings,
        plugins,
        store,
        cache,
        metrics,
        hub,
        CeleryTaskClient(factory=_celery(settings, cache.url, plugins)),
    )
    await inventory.start()
    catalog = ActionCatalog()
    checker = PolicyChecker(plugins, catalog)
    change_requests = ChangeRequests(
        settings,
        plugins,
        ChangeRequestRepository(store),
        InventoryCache(cache),
        checker,
        catalog.access_levels,
        inventory.ctx.task_client,
    )
    return Services(
        settings=settings,
        plugins=plugins,
        store=store,
        cache=cache,
        metrics=metrics,
        authenticator=authenticator,
        aws=hub,
        access=access,
        inventory=inventory,
        policy_checker=checker,
        change_requests=change_requests,
        private_redis=private_redis,
    )


def _celery(settings: Settings, cache_url: str, plugins: pluggy.PluginManager) -> Any:
    """A factory of the Celery app used to queue tasks (Celery is imported on first use)."""

    def build() -> Any:
        from consoleme.tasks.celery_app import make_celery

        return make_celery(settings, cache_url, plugins)

    return build
