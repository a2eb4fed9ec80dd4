"""The hub: the service's own AWS session, and clients into every account through spoke roles.

    async with AwsHub(settings.aws) as hub:
        iam = await hub.client("iam", account_id)           # built once, then reused
        role = await iam.call("get_role", RoleName="x")     # bounded; AwsError on failure
        async for page in iam.pages("list_roles"): ...

The hub account is read with the hub's own credentials; any other account through
``arn:aws:iam::<account>:role/<aws.spoke_role_name>`` (with ``ExternalId`` when configured),
whose credentials are cached until five minutes before they expire
(:mod:`consoleme.aws.spoke`). Clients live until :meth:`AwsHub.close`; their credentials refresh
themselves. Every client uses adaptive retries, the configured timeouts and ``endpoint_url``.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import aioboto3
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session
from botocore.exceptions import BotoCoreError, ClientError

from consoleme.aws.client import AwsClient, aws_error
from consoleme.aws.spoke import SpokeCredentialCache, SpokeCredentials, spoke_credential_resolver
from consoleme.config.models import AwsSettings
from consoleme.errors import AwsError

# Services with one endpoint per partition: one client per account serves every region.
GLOBAL_SERVICES = frozenset({"iam", "organizations"})
SPOKE_SESSION_NAME = "consoleme"

ClientKey = tuple[str, str, str]  # (service, account id or "" for the hub, region)


class AwsHub:
    """Clients into every account; one per (service, account, region), reused until closed."""

    def __init__(self, settings: AwsSettings) -> None:
        self.settings = settings
        self._core: AioSession = get_session()
        self._session = aioboto3.Session(botocore_session=self._core, region_name=settings.region)
        self._config = AioConfig(
            retries={"mode": "adaptive", "max_attempts": settings.max_attempts},
            connect_timeout=settings.call_timeout_seconds,
            read_timeout=settings.call_timeout_seconds,
            max_pool_connections=max(10, settings.max_concurrency_per_account),
        )
        self.spoke_credentials = SpokeCredentialCache(self._assume_spoke)
        self._stack = AsyncExitStack()
        self._clients: dict[ClientKey, AwsClient] = {}
        self._building: dict[ClientKey, asyncio.Lock] = {}
        self._spoke_sessions: dict[str, aioboto3.Session] = {}
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._hub_id: str | None = settings.hub_account_id
        self._hub_id_lock: asyncio.Lock | None = None
        self._closed = False

    async def __aenter__(self) -> AwsHub:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close every client. The hub cannot be used afterwards."""
        self._closed = True
        self._clients.clear()
        await self._stack.aclose()

    def spoke_role_arn(self, account_id: str) -> str:
        """The spoke role assumed in ``account_id``."""
        return f"arn:aws:iam::{account_id}:role/{self.settings.spoke_role_name}"

    async def hub_account_id(self) -> str:
        """The hub's own account: ``aws.hub_account_id``, else sts:GetCallerIdentity (once)."""
        if self._hub_id is not None:
            return self._hub_id
        if self._hub_id_lock is None:
            self._hub_id_lock = asyncio.Lock()
        async with self._hub_id_lock:
            if self._hub_id is None:
                self._hub_id = await self._caller_account()
        return self._hub_id

    async def _caller_account(self) -> str:
        # A client of its own: the shared ones are keyed (and their errors labelled) by the id.
        region = self.settings.region
        try:
            async with self._session.client(
                "sts",
                region_name=region,
                endpoint_url=self.settings.endpoint_url,
                config=self._config,
            ) as sts:
                identity = await sts.get_caller_identity()
        except (ClientError, BotoCoreError) as exc:
            raise aws_error(
                exc, account_id="hub", region=region, operation="sts:get_caller_identity"
            ) from None
        return str(identity["Account"])

    async def client(
        self, service: str, account_id: str | None = None, region: str | None = None
    ) -> AwsClient:
        """The shared client for ``service`` in ``account_id`` (None: the hub) and ``region``."""
        if self._closed:
            raise RuntimeError("AwsHub is closed")
        hub_id = await self.hub_account_id()
        account = "" if account_id in (None, hub_id) else str(account_id)
        if service in GLOBAL_SERVICES or region is None:
            region = self.settings.region
        key = (service, account, region)
        existing = self._clients.get(key)
        if existing is not None:
            return existing
        lock = self._building.setdefault(key, asyncio.Lock())
        async with lock:
            existing = self._clients.get(key)
            if existing is None:
                existing = await self._build(key, label=account or hub_id)
        return existing

    async def call(
        self,
        service: str,
        operation: str,
        *,
        account_id: str | None = None,
        region: str | None = None,
        **params: Any,
    ) -> dict[str, Any]:
        """Shortcut for ``(await hub.client(service, account_id, region)).call(operation, ...)``."""
        client = await self.client(service, account_id, region)
        return await client.call(operation, **params)

    async def _build(self, key: ClientKey, *, label: str) -> AwsClient:
        service, account, region = key
        session = self._session if not account else self._spoke_session(account)
        factory = session.client(
            service,
            region_name=region,
            endpoint_url=self.settings.endpoint_url,
            config=self._config,
        )
        try:
            raw = await self._stack.enter_async_context(factory)
        except (ClientError, BotoCoreError) as exc:
            raise aws_error(
                exc, account_id=label, region=region, operation=f"{service}:create_client"
            ) from None
        slots = self._slots.setdefault(
            label, asyncio.Semaphore(self.settings.max_concurrency_per_account)
        )
        client = AwsClient(raw, service=service, account_id=label, region=region, slots=slots)
        self._clients[key] = client
        return client

    def _spoke_session(self, account_id: str) -> aioboto3.Session:
        session = self._spoke_sessions.get(account_id)
        if session is None:
            core = get_session()
            core.register_component(
                "credential_provider", spoke_credential_resolver(self.spoke_credentials, account_id)
            )
            # Share parsed service models with the hub session instead of loading them per account.
            core.register_component("data_loader", self._core.get_component("data_loader"))
            session = aioboto3.Session(botocore_session=core, region_name=self.settings.region)
            self._spoke_sessions[account_id] = session
        return session

    async def _assume_spoke(self, account_id: str) -> SpokeCredentials:
        arn = self.spoke_role_arn(account_id)
        params: dict[str, Any] = {
            "RoleArn": arn,
            "RoleSessionName": SPOKE_SESSION_NAME,
            "DurationSeconds": self.settings.spoke_session_seconds,
        }
        if self.settings.spoke_external_id is not None:
            params["ExternalId"] = self.settings.spoke_external_id.get_secret_value()
        try:
            answer = await self.call("sts", "assume_role", **params)
        except AwsError as exc:
            raise AwsError(
                f"cannot assume the spoke role {arn} for account {account_id}: {exc.message}",
                details={**exc.details, "account_id": account_id, "operation": "sts:assume_role"},
            ) from None
        creds = answer["Credentials"]
        expires = creds["Expiration"]
        if isinstance(expires, str):
            expires = datetime.fromisoformat(expires)
        return SpokeCredentials(
            access_key=creds["AccessKeyId"],
            secret_key=creds["SecretAccessKey"],
            token=creds["SessionToken"],
            expires_at=expires if expires.tzinfo else expires.replace(tzinfo=UTC),
        )
