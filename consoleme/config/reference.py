"""Generate ``docs/configuration.md`` from the settings models (``make docs``)."""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from consoleme.config.models import Settings

HEADER = """# Configuration reference

Generated from `consoleme/config/models.py` by `make docs`; do not edit by hand.

Settings come from a YAML file (`consoleme -c FILE`, or `$CONSOLEME_CONFIG`) and are overridden by
environment variables named `CONSOLEME__<SECTION>__<KEY>` (values are read as YAML, so
`CONSOLEME__AUTH__ADMIN_GROUPS='[a, b]'` is a list). Unknown keys are errors:
`consoleme config-check FILE` names the file and key.
"""


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or str(annotation)
    return text.replace("typing.", "").replace("pydantic.types.", "").replace("pathlib.", "")


def _default(info: FieldInfo) -> str:
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
        if isinstance(value, BaseModel):
            return "(section)"
        return f"`{value!r}`" if not isinstance(value, list) or len(repr(value)) < 60 else "(list)"
    if info.default is PydanticUndefined:
        return "required"
    return f"`{info.default!r}`"


def _section(model: type[BaseModel], path: str, out: list[str]) -> None:
    rows: list[str] = []
    nested: list[tuple[str, type[BaseModel]]] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            nested.append((f"{path}.{name}" if path else name, annotation))
            continue
        env = "CONSOLEME__" + "__".join(p.upper() for p in [*path.split("."), name] if p)
        doc = (info.description or "").replace("|", "\\|")
        kind = _type_name(annotation).replace("consoleme.config.models.", "")
        kind = kind.replace("consoleme.config.access.", "").replace("|", "or")
        rows.append(f"| `{name}` | {kind} | {_default(info)} | {doc} `{env}` |")
    if rows:
        title = path or "(top level)"
        out.append(f"\n## `{title}`\n")
        if model.__doc__ and path:
            out.append(model.__doc__.strip().splitlines()[0] + "\n")
        out.append("| key | type | default | meaning / variable |\n| --- | --- | --- | --- |")
        out.extend(rows)
    for child_path, child in nested:
        _section(child, child_path, out)


def render() -> str:
    """The whole reference as Markdown."""
    out = [HEADER]
    _section(Settings, "", out)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
