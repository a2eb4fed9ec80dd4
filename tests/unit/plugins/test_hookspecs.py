"""Every extension point is documented and typed."""

from __future__ import annotations

import inspect

import pytest

from consoleme.plugins import hookspecs

pytestmark = pytest.mark.unit

REQUIRED = {
    "identity_from_request",
    "groups_for_user",
    "eligible_roles",
    "account_inventory",
    "on_change_request_event",
    "approvers_for",
    "policy_findings",
    "beat_schedule",
    "register_routes",
    "access_denied_counts",
}


def specs() -> dict[str, object]:
    marker = f"{hookspecs.PROJECT}_spec"
    return {
        name: obj
        for name, obj in vars(hookspecs).items()
        if inspect.isfunction(obj) and hasattr(obj, marker)
    }


def test_required_hooks_exist() -> None:
    assert set(specs()) >= REQUIRED


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_hook_has_docstring_saying_how_results_combine(name: str) -> None:
    doc = inspect.getdoc(specs()[name]) or ""
    assert len(doc) > 60, f"{name} needs a docstring saying when it is called"
    assert any(word in doc for word in ("First wins", "Merged", "Every implementation runs")), name


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_hook_is_fully_annotated(name: str) -> None:
    signature = inspect.signature(specs()[name])  # type: ignore[arg-type]
    assert signature.return_annotation is not inspect.Signature.empty
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, f"{name}.{parameter.name}"
