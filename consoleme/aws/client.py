"""One AWS client bound to an account and region: bounded calls, pages, and our errors.

Every call waits for a slot of the account's semaphore, so one account never has more than
``aws.max_concurrency_per_account`` calls in flight however many readers run. Failures become
:class:`consoleme.errors.AwsError` naming the account, region and operation (never parameters,
which could hold secrets).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from consoleme.errors import AwsError, ConsoleMeError


def aws_error(exc: Exception, *, account_id: str, region: str, operation: str) -> AwsError:
    """``exc`` (ClientError or BotoCoreError) as an :class:`AwsError` for the account/operation."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "Unknown")
        reason = str(error.get("Message") or code)
    else:
        code = type(exc).__name__
        reason = str(exc)
    where = f"account {account_id}" + (f" ({region})" if region else "")
    return AwsError(
        f"{operation} in {where} failed: {code}: {reason}",
        details={
            "account_id": account_id,
            "region": region,
            "operation": operation,
            "aws_code": code,
        },
    )


class AwsClient:
    """An aiobotocore client for one (service, account, region), shared by every caller.

    ``raw`` is the underlying client for what :meth:`call` does not cover (waiters, presigned
    URLs); calls made on it directly skip the account's concurrency bound.
    """

    def __init__(
        self,
        raw: Any,
        *,
        service: str,
        account_id: str,
        region: str,
        slots: asyncio.Semaphore,
    ) -> None:
        self.raw = raw
        self.service = service
        self.account_id = account_id
        self.region = region
        self._slots = slots

    def _error(self, exc: Exception, operation: str) -> AwsError:
        return aws_error(
            exc, account_id=self.account_id, region=self.region, operation=self._op(operation)
        )

    def _op(self, operation: str) -> str:
        return f"{self.service}:{operation}"

    async def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """``operation`` (snake_case, e.g. ``get_role``) with ``params``; the parsed response."""
        method = getattr(self.raw, operation)
        try:
            async with self._slots:
                response: dict[str, Any] = await method(**params)
        except ConsoleMeError:
            raise
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, operation) from None
        return response

    async def pages(
        self, operation: str, *, max_pages: int | None = None, **params: Any
    ) -> AsyncIterator[dict[str, Any]]:
        """Pages of a paginated ``operation``; each page's request holds one slot."""
        # aiobotocore's page iterator is an async generator: step it by hand so that each
        # request, not the whole listing, holds a slot; close it when we stop early.
        iterator = self.raw.get_paginator(operation).paginate(**params).__aiter__()
        count = 0
        try:
            while max_pages is None or count < max_pages:
                try:
                    async with self._slots:
                        page: dict[str, Any] = await iterator.__anext__()
                except StopAsyncIteration:
                    return
                except ConsoleMeError:
                    raise
                except (ClientError, BotoCoreError) as exc:
                    raise self._error(exc, operation) from None
                count += 1
                yield page
        finally:
            await iterator.aclose()

    async def collect(
        self, operation: str, key: str, *, max_pages: int | None = None, **params: Any
    ) -> list[Any]:
        """Every item under ``key`` across the pages of ``operation``."""
        items: list[Any] = []
        async for page in self.pages(operation, max_pages=max_pages, **params):
            items.extend(page.get(key, []))
        return items
