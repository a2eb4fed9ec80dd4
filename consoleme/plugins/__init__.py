"""Plugin system (pluggy). Plugin authors import :data:`hookimpl` from here."""

import pluggy

from consoleme.plugins.hookspecs import PROJECT

hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = ["hookimpl"]
