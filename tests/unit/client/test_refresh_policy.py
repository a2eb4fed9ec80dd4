"""When credentials are renewed and when they may no longer be handed out."""

from __future__ import annotations

import pytest

from consoleme.client.refresh_policy import (
    MIN_VALIDITY_SECONDS,
    is_fresh,
    is_usable,
    refresh_at,
    refresh_margin,
)
from tests.unit.client.fakes import START, credentials

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("lifetime", "margin"),
    [
        (3600, 20 * 60),  # one hour: 20 minutes early (botocore refreshes at 15 and 10)
        (12 * 3600, 4 * 3600),  # a third of the lifetime when that is more
        (900, 600),  # STS's shortest: renewed once a third of it has passed
        (1800, 20 * 60),
    ],
)
def test_margin(lifetime: int, margin: float) -> None:
    assert refresh_margin(lifetime) == margin


def test_fresh_usable_and_expired() -> None:
    held = credentials(START + 3600, START)
    assert refresh_at(held) == START + 2400
    assert is_fresh(held, START + 2399)
    assert not is_fresh(held, START + 2400)
    assert is_usable(held, START + 3600 - MIN_VALIDITY_SECONDS - 1)
    assert not is_usable(held, START + 3600 - MIN_VALIDITY_SECONDS)
    assert not is_usable(held, START + 3601)
    assert not is_fresh(credentials(START + 30, START), START)  # too short to hand out at all
