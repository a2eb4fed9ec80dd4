"""Default ConsoleMe plugins, each registered under the ``consoleme.plugins`` entry point group.

Disable one by its entry point name in ``plugins.disabled``.
"""
