"""Finding roles by typing a few letters, the way weep's picker does (WEEP_CONTRACT section 4).

A role matches when the typed characters appear in ``<account name><ARN><account name>`` in
order, not necessarily next to each other; spaces in the typed text are ignored, case and accents
too. The account name is on both sides so that "prod admin" and "admin prod" both find
``prod``'s ``admin`` roles.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from consoleme.client.models import RoleInfo


def fold(text: str) -> str:
    """``text`` without accents and case (NFKD, combining marks dropped, casefolded)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fuzzy_match(pattern: str, target: str) -> bool:
    """True when the characters of ``pattern`` appear in ``target`` in order (both folded)."""
    position = 0
    for char in pattern:
        position = target.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def search_text(role: RoleInfo) -> str:
    """What a role is matched against."""
    return fold(f"{role.account_label}{role.arn}{role.account_label}")


def filter_roles(roles: Iterable[RoleInfo], typed: str) -> list[RoleInfo]:
    """The roles ``typed`` matches, in their original order (all of them for empty input)."""
    pattern = fold("".join(typed.split()))
    return [role for role in roles if fuzzy_match(pattern, search_text(role))]
