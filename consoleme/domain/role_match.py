"""Which role a search string names: the server-side rule of weep's contract (section 4).

A case-insensitive exact match of a whole ARN wins alone. Otherwise every candidate ARN that
contains the query as a case-insensitive substring matches; the caller decides what one, none
or several matches mean (credentials: 900 none, 901 several). Account names play no part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(?P<account>\d{12}):role/(?:.+/)?(?P<name>[^/]+)$")


def match_roles(query: str, candidates: Iterable[str]) -> list[str]:
    """The ARNs among ``candidates`` that ``query`` names, sorted; ``[arn]`` on an exact match."""
    wanted = query.strip().lower()
    arns = sorted(set(candidates))
    if not wanted:
        return []
    for arn in arns:
        if arn.lower() == wanted:
            return [arn]
    return [arn for arn in arns if wanted in arn.lower()]


def is_role_arn(text: str) -> bool:
    """True when ``text`` is a full IAM role ARN (any partition, any path)."""
    return _ROLE_ARN.match(text.strip()) is not None


def split_role_arn(arn: str) -> tuple[str, str]:
    """``(account_id, role_name)`` of a role ARN; ValueError when it is not one."""
    found = _ROLE_ARN.match(arn)
    if found is None:
        raise ValueError(f"not an IAM role ARN: {arn!r}")
    return found.group("account"), found.group("name")


def role_arn(account_id: str, role_name: str) -> str:
    """The ARN of role ``role_name`` (no path) in ``account_id``."""
    return f"arn:aws:iam::{account_id}:role/{role_name}"
