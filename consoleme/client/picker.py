"""Choosing a role on a terminal when none was named: filter by typing, pick by number.

Line based (no curses), so it works in any terminal and over ssh; the prompt and the list go
to stderr so that ``eval "$(cme export)"`` still only evaluates the exported lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from consoleme.client.errors import UsageError
from consoleme.client.models import RoleInfo
from consoleme.client.role_search import filter_roles

SHOWN = 20


def pick_role(
    roles: Sequence[RoleInfo], read_line: Callable[[], str], write: Callable[[str], None]
) -> RoleInfo:
    """Ask until the person picks one role; UsageError on end of input or with no roles.

    ``read_line`` returns a line with its newline, or "" at end of input (``readline``).
    """
    if not roles:
        raise UsageError("you have no roles to choose from")
    typed = ""
    while True:
        matches = filter_roles(roles, typed)
        shown = matches[:SHOWN]
        label = max((len(r.account_label) for r in shown), default=0)
        lines = [
            f"{i:>3}) {r.account_label:<{label}}  {r.role_name}" for i, r in enumerate(shown, 1)
        ]
        more = f" (first {SHOWN} shown)" if len(matches) > SHOWN else ""
        heading = f"{len(matches)} of {len(roles)} roles match {typed!r}{more}:\n"
        write(heading + "\n".join(lines) + "\n")
        write("Type to filter, a number to choose, Enter for a single match: ")
        raw = read_line()
        if not raw:  # end of input
            raise UsageError("no role chosen")
        answer = raw.strip()
        if answer.isdigit() and 1 <= int(answer) <= len(shown):
            return shown[int(answer) - 1]
        if not answer:
            if len(matches) == 1:
                return matches[0]
            continue
        typed = answer
