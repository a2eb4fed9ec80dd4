"""The ``consoleme`` command. The only place settings are loaded; they are passed down from here."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from consoleme.config import Settings, load_settings
from consoleme.errors import ConfigError, ConsoleMeError

CONFIG_ENV = "CONSOLEME_CONFIG"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consoleme",
        description="ConsoleMe: AWS credentials, permission requests and inventory.",
    )
    parser.add_argument(
        "-c",
        "--config",
        type=Path,
        default=os.environ.get(CONFIG_ENV),
        help=f"YAML settings file (default: ${CONFIG_ENV}, else built-in defaults). "
        "CONSOLEME__SECTION__KEY variables override it.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="Run the web server (API and UI).")
    serve.add_argument("--host", help="Override server.host.")
    serve.add_argument("--port", type=int, help="Override server.port.")
    sub.add_parser("worker", help="Run a Celery worker (inventory, applying changes, expiry).")
    sub.add_parser("beat", help="Run the Celery beat scheduler.")
    check = sub.add_parser("config-check", help="Validate settings files; exit 1 on any error.")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    spec = sub.add_parser("openapi", help="Write the OpenAPI 3.1 document.")
    spec.add_argument("output", nargs="?", type=Path, help="File to write (default: stdout).")
    store = sub.add_parser("store", help="Store maintenance.")
    store_sub = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    store_sub.add_parser("init", help="Create the store's tables or file.")
    demo = sub.add_parser("demo", help="Run the whole product locally on embedded defaults.")
    demo.add_argument("--port", type=int, default=8081, help="Web port (default 8081).")
    demo.add_argument("--data-dir", type=Path, default=Path(".consoleme-demo"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code. Errors print one line, never a traceback."""
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except ConsoleMeError as exc:
        print(f"consoleme: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "config-check":
        return _config_check(args.files)
    if args.command == "demo":
        from consoleme.demo import run_demo

        return run_demo(port=args.port, data_dir=args.data_dir)
    settings = load_settings(args.config)
    if args.command == "serve":
        from consoleme.server import run_server

        overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
        if overrides:
            server = settings.server.model_copy(update=overrides)
            settings = settings.model_copy(update={"server": server})
        return run_server(settings)
    if args.command in ("worker", "beat"):
        from consoleme.tasks.process import run_celery

        return run_celery(settings, args.command)
    if args.command == "openapi":
        return _write_openapi(settings, args.output)
    if args.command == "store":
        return asyncio.run(_store_init(settings))
    raise ConfigError(f"unknown command {args.command}")  # pragma: no cover - argparse guards


def _config_check(files: list[Path]) -> int:
    failed = 0
    for path in files:
        try:
            settings = load_settings(path, environ={})
        except ConfigError as exc:
            failed += 1
            print(f"FAIL {exc.message}", file=sys.stderr)
            continue
        print(f"ok   {path}")
        for warning in _warnings(settings):
            print(f"     warning: {warning}")
    return 1 if failed else 0


def _warnings(settings: Settings) -> list[str]:
    found = []
    if not settings.auth.session.signing_keys and not settings.auth.dev_mode:
        found.append("auth.session.signing_keys is empty: sessions end when the process restarts")
    if not (settings.auth.dev_mode or settings.auth.oidc.enabled or settings.auth.header.enabled):
        found.append("no sign-in method is enabled (auth.dev_mode, auth.oidc, auth.header)")
    return found


def _write_openapi(settings: Settings, output: Path | None) -> int:
    import orjson

    from consoleme.api.openapi import build_spec
    from consoleme.app import api_routes
    from consoleme.plugins.manager import build_plugin_manager

    # The document describes every route, including those only some settings turn on.
    oidc = settings.auth.oidc.model_copy(update={"enabled": True})
    auth = settings.auth.model_copy(update={"dev_mode": True, "oidc": oidc})
    settings = settings.model_copy(update={"auth": auth})
    plugins = build_plugin_manager(settings)
    text = orjson.dumps(
        build_spec(api_routes(settings, plugins)), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    )
    if output is None:
        sys.stdout.write(text.decode() + "\n")
    else:
        output.write_bytes(text + b"\n")
    return 0


async def _store_init(settings: Settings) -> int:
    from consoleme.store.factory import store_from_settings

    settings.server.data_dir.mkdir(parents=True, exist_ok=True)
    store = store_from_settings(settings.store, settings.server.data_dir)
    await store.open()
    await store.close()
    print(f"store ready ({settings.store.backend})")
    return 0
