"""``cme``: the ConsoleMe command line client (docs/cli.md).

Light on purpose: standard library only at import time (PyYAML is imported when the settings
file changed), no server dependency. One question per module: ``settings``, ``paths``,
``session_store``, ``api_client``, ``login``, ``role_search`` / ``picker``,
``credential_cache`` / ``refresh_policy``, ``output_formats``, ``aws_files``, the local server
(``local_server``, ``imds``, ``request_guard``, ``credential_broker``, ``session_keeper``,
``refresh_scheduler``), and the ``commands_*`` modules dispatched from ``main``.
"""
