"""Which AWS failures are worth retrying later, and AWS calls that say so with :class:`Throttled`.

The writers (:mod:`~consoleme.aws.iam_write`, :mod:`~consoleme.aws.resource_policy_write`) call
AWS through :func:`call`: an error whose code means "slow down" or "try again" (after botocore's
own adaptive retries gave up) becomes :class:`consoleme.errors.Throttled`, which the apply task
retries with backoff; every other :class:`~consoleme.errors.AwsError` is permanent.
"""

from __future__ import annotations

from typing import Any

from consoleme.aws.hub import AwsHub
from consoleme.errors import AwsError, Throttled

RETRYABLE_CODES = frozenset(
    {
        # Throttling, by whatever name the service uses.
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        # IAM and S3: another write to the same entity is in progress; AWS says retry.
        "ConcurrentModification",
        "ConcurrentModificationException",
        "OperationAborted",
        "ServiceUnavailable",
        "ServiceFailure",
        "InternalError",
        "InternalFailure",
        # botocore's names for timeouts and dropped connections (the call may not have run).
        "ConnectTimeoutError",
        "ReadTimeoutError",
        "EndpointConnectionError",
        "ConnectionClosedError",
    }
)


def classify(exc: AwsError) -> AwsError:
    """``exc`` as :class:`Throttled` when retrying later may succeed, else ``exc`` itself."""
    if isinstance(exc, Throttled) or exc.aws_code not in RETRYABLE_CODES:
        return exc
    return Throttled(exc.message, details=exc.details)


async def call(
    hub: AwsHub,
    service: str,
    operation: str,
    *,
    account_id: str,
    region: str | None = None,
    **params: Any,
) -> dict[str, Any]:
    """``hub.call(...)``; a retryable failure is raised as :class:`Throttled`."""
    try:
        return await hub.call(service, operation, account_id=account_id, region=region, **params)
    except AwsError as exc:
        raised = classify(exc)
        if raised is exc:
            raise
        raise raised from None
