"""How a handler describes its operations for the generated OpenAPI document."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class Operation:
    """One HTTP method of one route: what it takes and what it answers."""

    summary: str
    response: type[BaseModel] | None = None
    request: type[BaseModel] | None = None
    tags: tuple[str, ...] = ()
    query: dict[str, str] = field(default_factory=dict)  # name -> description
    status: int = 200
    response_description: str = "OK"
