"""``cme configure``, ``login``, ``logout`` and ``whoami``."""

from __future__ import annotations

import argparse
import json

from consoleme.client.context import Context, local_time
from consoleme.client.errors import EXIT_OK, UsageError
from consoleme.client.settings import FIELDS, save_settings


def configure(ctx: Context, args: argparse.Namespace) -> int:
    """Save ``--url`` / ``--user`` (or ask for them on a terminal); ``--show`` prints settings."""
    if args.show:
        return _show(ctx)
    updates = {k: v for k, v in (("url", args.url), ("user", args.user)) if v}
    if not updates:
        if not ctx.interactive():
            raise UsageError("give --url and/or --user (or run `cme configure` in a terminal)")
        current = ctx.settings
        for key, question, default in (
            ("url", "ConsoleMe URL", current.url),
            ("user", "Your user name (e-mail)", current.user),
        ):
            ctx.stderr.write(f"{question}" + (f" [{default}]" if default else "") + ": ")
            ctx.stderr.flush()
            answer = ctx.stdin.readline().strip() or (default or "")
            if not answer:
                raise UsageError(f"no {key} given")
            updates[key] = answer
    saved = save_settings(ctx.paths, updates)
    ctx.say(f"Saved {ctx.paths.settings_file}: url {saved.url}, user {saved.user}")
    return EXIT_OK


def _show(ctx: Context) -> int:
    settings = ctx.settings
    ctx.stdout.write(f"# settings file: {ctx.paths.settings_file}\n")
    for spec in FIELDS:
        value = getattr(settings, spec.key)
        source = "environment" if ctx.environ.get(spec.env) else "file or default"
        ctx.stdout.write(f"{spec.key}: {'' if value is None else value}  # {spec.env}, {source}\n")
    return EXIT_OK


def login(ctx: Context, args: argparse.Namespace) -> int:
    """Sign in through the browser unless still signed in, as the configured user, for long
    enough (``--force`` signs in anyway)."""
    saved = ctx.sessions().load()
    margin = ctx.settings.session_renew_minutes * 60
    wanted = (ctx.settings.user or "").lower()
    if (
        not args.force
        and saved is not None
        and saved.seconds_left(ctx.clock()) > margin
        and (not wanted or saved.user.lower() == wanted)
    ):
        ctx.say(
            f"Already signed in to {ctx.url} as {saved.user} until "
            f"{local_time(saved.expires_at)} (`cme login --force` signs in again)."
        )
        return EXIT_OK
    session = ctx.login()
    ctx.say(f"Signed in to {ctx.url} as {session.user} until {local_time(session.expires_at)}.")
    return EXIT_OK


def logout(ctx: Context, args: argparse.Namespace) -> int:
    """Forget the session and every cached credential of this server."""
    had_session = ctx.sessions().clear()
    ctx.cache().clear()
    if had_session:
        ctx.say(f"Signed out of {ctx.url}; cached credentials removed.")
    else:
        ctx.say(f"Not signed in to {ctx.url}; cached credentials removed.")
    return EXIT_OK


def whoami(ctx: Context, args: argparse.Namespace) -> int:
    """The user and groups the server sees for the saved session."""
    profile = ctx.call(lambda api: api.user_profile(), may_login=False)
    if args.json:
        ctx.stdout.write(json.dumps(profile, indent=2) + "\n")
        return EXIT_OK
    groups = ", ".join(str(g) for g in profile.get("groups") or []) or "none"
    expires = profile.get("session_expires_at")
    ctx.stdout.write(f"{profile.get('user')}\ngroups: {groups}\nserver: {ctx.url}\n")
    if isinstance(expires, int):
        ctx.stdout.write(f"session expires: {local_time(expires)}\n")
    return EXIT_OK
