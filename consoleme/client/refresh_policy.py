"""When credentials are renewed, and when they may no longer be handed out.

Refresh margin: at least 20 minutes before expiry, or a third of the lifetime when that is more
(12-hour credentials are renewed 4 hours early), but never before a third of the lifetime has
passed (so short-lived credentials are not fetched again on every use). One-hour credentials are
therefore renewed 20 minutes before they expire, before botocore's own 15-minute advisory and
10-minute mandatory refresh windows and its IMDS expiry extension (WEEP_CONTRACT sections 6, 7).

Credentials with less than :data:`MIN_VALIDITY_SECONDS` left are never handed out: they would
expire in the hands of the program that asked.
"""

from __future__ import annotations

from consoleme.client.models import Credentials

MIN_MARGIN_SECONDS = 20 * 60
MIN_VALIDITY_SECONDS = 60


def refresh_margin(lifetime: float) -> float:
    """Seconds before expiry at which credentials of ``lifetime`` seconds are renewed."""
    return min(max(MIN_MARGIN_SECONDS, lifetime / 3), lifetime * 2 / 3)


def refresh_at(credentials: Credentials) -> float:
    """The epoch time from which ``credentials`` should be replaced."""
    return credentials.expiration - refresh_margin(credentials.lifetime)


def is_usable(credentials: Credentials, now: float) -> bool:
    """May still be handed out (more than a minute left)."""
    return credentials.expiration - now > MIN_VALIDITY_SECONDS


def is_fresh(credentials: Credentials, now: float) -> bool:
    """Usable and not yet due for renewal."""
    return now < refresh_at(credentials) and is_usable(credentials, now)
