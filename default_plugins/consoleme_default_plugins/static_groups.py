"""Groups from the ``auth.static_groups`` map (user -> groups) in settings."""

from __future__ import annotations

from consoleme.config.models import Settings
from consoleme.domain.identity import Identity, normalize_user
from consoleme.plugins import hookimpl


class StaticGroups:
    def __init__(self, mapping: dict[str, list[str]]) -> None:
        self.mapping = {normalize_user(user): groups for user, groups in mapping.items()}

    @hookimpl
    def groups_for_user(self, user: str, identity: Identity) -> list[str]:
        return list(self.mapping.get(normalize_user(user), []))


def plugin(settings: Settings) -> StaticGroups:
    return StaticGroups(settings.auth.static_groups)
