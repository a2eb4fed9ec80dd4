"""Editing ``~/.aws/credentials`` and ``~/.aws/config`` as text, keeping everything else as is.

(``configparser`` would drop comments and reformat the user's other profiles.)

- :func:`set_section` replaces one section's lines (or appends the section); blank and comment
  lines at its end stay (they introduce the next section); repeated sections of that name are
  merged into one, since botocore refuses duplicates.
- :func:`replace_block` swaps the block between ``# BEGIN cme generate-config`` and
  ``# END cme generate-config`` (or appends one).

Files are written with :func:`~consoleme.client.private_files.write_private` (atomic, 0600).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\]]*?)\s*\]\s*(?:[#;].*)?$")
BEGIN = "# BEGIN cme generate-config"
END = "# END cme generate-config"


def section_name(line: str) -> str | None:
    """The section a header line opens, or None when the line is not a header."""
    found = _HEADER.match(line)
    return found.group("name") if found else None


def set_section(text: str, section: str, values: Sequence[tuple[str, str]]) -> str:
    """``text`` with section ``section`` holding exactly ``values``; other lines untouched."""
    lines = text.splitlines(keepends=True)
    new = [f"[{section}]\n"] + [f"{key} = {value}\n" for key, value in values]
    out: list[str] = []
    done = False
    i = 0
    while i < len(lines):
        if section_name(lines[i]) != section:
            out.append(lines[i])
            i += 1
            continue
        end = i + 1
        while end < len(lines) and section_name(lines[end]) is None:
            end += 1
        if not done:
            out.extend(new)
            out.extend(_trailing_notes(lines[i + 1 : end]))
            done = True
        i = end
    if not done:
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        if out and out[-1].strip():
            out.append("\n")
        out.extend(new)
    return "".join(out)


def _trailing_notes(lines: list[str]) -> list[str]:
    """Blank and comment lines at the end of a section: they introduce what follows."""
    count = 0
    for line in reversed(lines):
        if line.strip() and not line.lstrip().startswith(("#", ";")):
            break
        count += 1
    return lines[len(lines) - count :] if count else []


def split_block(text: str) -> tuple[str, str, str]:
    """``(before, block, after)`` around the generated block; ``block`` is "" when absent."""
    start = text.find(BEGIN)
    if start < 0 or (start > 0 and text[start - 1] != "\n"):
        return text, "", ""
    stop = text.find(END, start)
    if stop < 0:
        return text, "", ""
    line_end = text.find("\n", stop)
    stop = len(text) if line_end < 0 else line_end + 1
    return text[:start], text[start:stop], text[stop:]


def replace_block(text: str, block_lines: Iterable[str]) -> str:
    """``text`` with the generated block replaced by ``block_lines`` (in place, or appended)."""
    before, _, after = split_block(text)
    block = "".join(f"{line}\n" for line in block_lines)
    if not after:
        if before and not before.endswith("\n"):
            before += "\n"
        if before.strip() and not before.endswith("\n\n"):
            before += "\n"
    return before + block + after


def sections_outside_block(text: str) -> set[str]:
    """Section names the user wrote themselves (outside the generated block)."""
    before, _, after = split_block(text)
    names = (section_name(line) for line in (before + after).splitlines())
    return {name for name in names if name is not None}
