"""Build the plugin manager: hook specs, entry-point plugins (minus disabled ones), extras."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from typing import Any

import pluggy

from consoleme.config.models import Settings
from consoleme.errors import ConfigError
from consoleme.plugins import hookspecs

ENTRY_POINT_GROUP = "consoleme.plugins"

PluginFactory = Callable[[Settings], object]


def build_plugin_manager(
    settings: Settings, extra: Iterable[tuple[str, PluginFactory]] = ()
) -> pluggy.PluginManager:
    """A manager with every installed plugin not disabled in settings, then ``extra`` ones.

    Factories are called here, not at import, each with the settings.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    disabled = set(settings.plugins.disabled)
    factories: list[tuple[str, PluginFactory]] = []
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if entry.name not in disabled:
            factories.append((entry.name, entry.load()))
    factories.extend((name, factory) for name, factory in extra if name not in disabled)
    for name, factory in factories:
        try:
            plugin: Any = factory(settings)
        except Exception as exc:
            raise ConfigError(f"plugin {name!r} failed to start: {exc}") from exc
        manager.register(plugin, name=name)
    manager.check_pending()
    return manager
