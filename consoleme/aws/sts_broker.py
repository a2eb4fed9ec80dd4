"""User credentials: STS AssumeRole from the hub straight into the user's role.

Users' roles trust the hub role (DESIGN section 5), so no spoke role is involved. The hub's
shared STS client is reused for every call (no client per request). People wait for these
calls, so they do not queue behind inventory reads for the hub account's concurrency slots:
they have their own bound (``access.credentials.max_concurrent_calls``). Failures are
:class:`consoleme.errors.AwsError`.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from consoleme.aws.client import aws_error
from consoleme.aws.hub import AwsHub
from consoleme.domain.assume_role import AssumedSession, AssumeRoleSpec


class StsBroker:
    """Turns an :class:`AssumeRoleSpec` into credentials through the hub."""

    def __init__(self, hub: AwsHub, max_concurrent_calls: int) -> None:
        self.hub = hub
        self._slots = asyncio.Semaphore(max_concurrent_calls)

    async def assume(self, spec: AssumeRoleSpec) -> AssumedSession:
        """Call sts:AssumeRole as ``spec`` says; AwsError when STS refuses."""
        client = await self.hub.client("sts")
        try:
            async with self._slots:
                answer = await client.raw.assume_role(**assume_role_params(spec))
        except (ClientError, BotoCoreError) as exc:
            raise aws_error(
                exc, account_id=client.account_id, region=client.region, operation="sts:assume_role"
            ) from None
        creds = answer["Credentials"]
        return AssumedSession(
            access_key_id=creds["AccessKeyId"],
            secret_access_key=creds["SecretAccessKey"],
            session_token=creds["SessionToken"],
            expiration=_aware(creds["Expiration"]),
            assumed_role_arn=str(answer.get("AssumedRoleUser", {}).get("Arn", "")),
        )


def assume_role_params(spec: AssumeRoleSpec) -> dict[str, Any]:
    """The AssumeRole parameters for ``spec`` (optional ones only when set)."""
    params: dict[str, Any] = {"RoleArn": spec.role_arn, "RoleSessionName": spec.session_name}
    if spec.duration_seconds is not None:
        params["DurationSeconds"] = spec.duration_seconds
    if spec.source_identity:
        params["SourceIdentity"] = spec.source_identity
    if spec.tags:
        params["Tags"] = [{"Key": key, "Value": value} for key, value in spec.tags]
    if spec.policy is not None:
        params["Policy"] = spec.policy_json
    return params


def _aware(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
