"""Every setting is documented, and docs/configuration.md is what the models generate."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from consoleme.config.models import Settings
from consoleme.config.reference import render

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]


def undocumented(model: type[BaseModel], path: str = "") -> list[str]:
    missing = []
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            missing += undocumented(kind, f"{path}{name}.")
        elif not info.description:
            missing.append(path + name)
    return missing


def test_every_setting_has_a_description() -> None:
    assert undocumented(Settings) == []


def test_reference_is_current() -> None:
    committed = (ROOT / "docs" / "configuration.md").read_text()
    assert committed == render(), "run `make docs` and commit docs/configuration.md"
