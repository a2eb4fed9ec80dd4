"""``consoleme demo``: the whole product on embedded defaults, in one command.

SQLite store and a private Redis under the data directory, development sign-in on loopback.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
from pathlib import Path

from consoleme.config.models import Settings
from consoleme.logs import configure_logging
from consoleme.server import serve

BANNER = """
  ConsoleMe demo is running at {url}

  Sign in: open the URL and pick a person (alice, bob, carol the admin, dave),
  or from a shell:
    curl -c jar -H 'Content-Type: application/json' \\
         -d '{{"user": "alice@example.com"}}' {url}/api/v2/auth/dev_login

  Data lives in {data_dir}. Stop with Ctrl-C.
"""


def session_key(data_dir: Path) -> str:
    """A signing key kept in the data directory, so demo sessions survive a restart."""
    path = data_dir / "session-signing-key"
    if not path.is_file():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def demo_settings(port: int, data_dir: Path) -> Settings:
    """Embedded defaults: loopback only, dev sign-in, SQLite, private Redis."""
    return Settings.model_validate(
        {
            "server": {"host": "127.0.0.1", "port": port, "data_dir": str(data_dir)},
            "auth": {"dev_mode": True, "session": {"signing_keys": [session_key(data_dir)]}},
            "store": {"backend": "sqlite"},
            "cache": {"start_private_redis": True},
            "logging": {"level": "WARNING", "json_format": False},
        }
    )


def run_demo(port: int, data_dir: Path) -> int:
    settings = demo_settings(port, data_dir.resolve())
    configure_logging(settings.logging)
    ready = asyncio.Event()

    async def main() -> None:
        async def announce() -> None:
            await ready.wait()
            url = f"http://127.0.0.1:{port}"
            print(BANNER.format(url=url, data_dir=settings.server.data_dir), flush=True)

        announcer = asyncio.create_task(announce())
        try:
            await serve(settings, ready)
        finally:
            announcer.cancel()

    asyncio.run(main())
    print("ConsoleMe demo stopped.", file=sys.stderr)
    return 0
