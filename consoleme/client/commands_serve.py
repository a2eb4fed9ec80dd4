"""``cme serve``: wire the local credential server together and run it until interrupted.

At start: a valid session (signing in first on a terminal), credentials for the default role
if one is given (so a refusal shows at once), the ECS authorization token (random, or kept in
``--token-file``), then the environment lines to use on stdout.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shlex
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from urllib.parse import quote

from consoleme.client.context import Context
from consoleme.client.credential_broker import CredentialBroker
from consoleme.client.errors import EXIT_OK, CliError, SessionRejected, UsageError
from consoleme.client.imds import Imds
from consoleme.client.local_server import LocalEndpoints, LocalServer
from consoleme.client.models import Credentials, Session
from consoleme.client.private_files import write_private
from consoleme.client.refresh_scheduler import RefreshScheduler
from consoleme.client.session_keeper import SessionKeeper

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")


def serve(ctx: Context, args: argparse.Namespace) -> int:
    """Run the local credential server until Ctrl-C or SIGTERM."""
    ctx.session(may_login=True)  # fail now, or sign in now, rather than at the first request

    def report(message: str) -> None:
        ctx.say(f"cme serve: {message}")

    keeper = SessionKeeper(
        ctx.sessions(),
        renew=_renewal(ctx),
        renew_margin_seconds=ctx.settings.session_renew_minutes * 60,
        clock=ctx.clock,
        report=report,
    )
    fetch = _fetcher(ctx, keeper)
    broker = CredentialBroker(fetch, clock=ctx.clock, cache=ctx.cache(), report=report)
    if args.role:
        broker.get(args.role)
        broker.pin(args.role)
    imds = Imds(args.role, broker.get, args.imds_tokens) if args.role else None
    token = _authorization_token(args.token_file)
    try:
        server = LocalServer(LocalEndpoints(broker.get, token, imds), args.port, args.verbose)
    except OSError as exc:
        raise CliError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}") from None
    scheduler = RefreshScheduler(broker, keeper, clock=ctx.clock, report=report)
    broker.wake = scheduler.wake
    _print_environment(ctx, args, server.port, token)
    scheduler.start()
    _stop_on_sigterm(server)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.stop()
        server.server_close()
    return EXIT_OK


def _fetcher(ctx: Context, keeper: SessionKeeper) -> Callable[[str], Credentials]:
    """Credentials from the server with the keeper's current session."""

    def fetch(query: str) -> Credentials:
        token = keeper.token()
        try:
            return ctx.api(token).get_credentials(query)
        except SessionRejected:
            keeper.rejected(token)
            raise

    return fetch


def _renewal(ctx: Context) -> Callable[[], Session] | None:
    """The sign-in the keeper runs when the session must be renewed (None without a user)."""
    if not ctx.settings.user:
        return None
    return ctx.login


def _authorization_token(token_file: str | None) -> str:
    if token_file is None:
        return secrets.token_urlsafe(32)
    path = Path(token_file).expanduser()
    try:
        existing = path.read_text().strip()
    except FileNotFoundError:
        existing = ""
    if _TOKEN.match(existing):
        return existing
    if existing:
        raise UsageError(f"{path} does not hold a usable token (16-256 of A-Z a-z 0-9 _ -)")
    token = secrets.token_urlsafe(32)
    write_private(path, token.encode())
    return token


def _print_environment(ctx: Context, args: argparse.Namespace, port: int, token: str) -> None:
    base = f"http://127.0.0.1:{port}"
    role = quote(args.role, safe=":/@") if args.role else "<role>"
    pairs = [("AWS_CONTAINER_CREDENTIALS_FULL_URI", f"{base}/ecs/{role}")]
    if args.token_file:
        pairs.append(("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", str(Path(args.token_file))))
    else:
        pairs.append(("AWS_CONTAINER_AUTHORIZATION_TOKEN", token))
    if args.role:
        pairs.append(("AWS_EC2_METADATA_SERVICE_ENDPOINT", f"{base}/"))
    shell = args.shell or "sh"
    for name, value in pairs:
        value = shlex.quote(value)
        line = f"set -gx {name} {value};" if shell == "fish" else f"export {name}={value}"
        ctx.stdout.write(line + "\n")
    ctx.stdout.flush()
    imds = f"; IMDS for {args.role} ({args.imds_tokens} tokens)" if args.role else ""
    ctx.say(f"cme serve: listening on {base} (ECS: /ecs/<role>{imds}); Ctrl-C stops it.")


def _stop_on_sigterm(server: LocalServer) -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
