"""Recent AccessDenied / Unauthorized errors per principal, read from CloudTrail LookupEvents.

Implements the ``access_denied_counts`` hook with :func:`consoleme.aws.cloudtrail_read.
read_access_denied`, in the account's default region. Disable by name
(``plugins.disabled: [cloudtrail_access_denied]``) when another source replaces it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from consoleme.aws.cloudtrail_read import read_access_denied
from consoleme.config.models import Settings
from consoleme.plugins import hookimpl

if TYPE_CHECKING:
    from consoleme.aws.hub import AwsHub


class CloudTrailAccessDenied:
    @hookimpl
    async def access_denied_counts(
        self, account_id: str, since_epoch: float, aws: AwsHub | None
    ) -> dict[str, int]:
        if aws is None:
            return {}
        return await read_access_denied(aws, account_id, since_epoch)


def plugin(settings: Settings) -> CloudTrailAccessDenied:
    return CloudTrailAccessDenied()
