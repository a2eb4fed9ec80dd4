"""``cme credential-process``, ``export``, ``file`` and ``generate-config``.

``credential-process`` answers from the disk cache while the credentials are fresh and never
asks a person (the SDK that runs it captures stderr); ``export`` and ``file`` always fetch new
credentials (and refresh the cache).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Sequence

from consoleme.client.context import Context, local_time
from consoleme.client.errors import EXIT_OK, UsageError
from consoleme.client.models import RoleInfo
from consoleme.client.output_formats import credential_process_json
from consoleme.client.refresh_policy import is_fresh


def credential_process(ctx: Context, args: argparse.Namespace) -> int:
    """AWS "Version 1" JSON for botocore's ProcessProvider."""
    if not args.no_cache:
        cached = ctx.cache().get(args.role)
        if cached is not None and is_fresh(cached, ctx.clock()):
            ctx.stdout.write(credential_process_json(cached) + "\n")
            return EXIT_OK
    fetched = ctx.fetch_credentials(args.role, may_login=False)
    ctx.stdout.write(credential_process_json(fetched) + "\n")
    return EXIT_OK


def export(ctx: Context, args: argparse.Namespace) -> int:
    """Shell lines setting the AWS variables, for ``eval "$(cme export ROLE)"``."""
    from consoleme.client.output_formats import export_lines, shell_from_path

    role = ctx.choose_role(args.role)
    credentials = ctx.fetch_credentials(role)
    shell = args.shell or shell_from_path(ctx.environ.get("SHELL", ""))
    ctx.stdout.write(export_lines(credentials, shell))
    if ctx.stdout.isatty():
        ctx.say(f'# to set these in your shell: eval "$(cme export {role})"')
    return EXIT_OK


def write_file(ctx: Context, args: argparse.Namespace) -> int:
    """Put credentials into one profile of the shared credentials file; others are kept."""
    from consoleme.client.aws_files import set_section
    from consoleme.client.private_files import write_private

    profile = args.profile.strip()
    if not profile or any(c in profile for c in "[]\n\r"):
        raise UsageError(f"not a profile name: {args.profile!r}")
    role = ctx.choose_role(args.role)
    credentials = ctx.fetch_credentials(role)
    path = ctx.paths.aws_credentials_file
    values = [
        ("aws_access_key_id", credentials.access_key_id),
        ("aws_secret_access_key", credentials.secret_access_key),
        ("aws_session_token", credentials.session_token),
    ]
    write_private(path, set_section(_read(path), profile, values).encode())
    ctx.say(
        f"Wrote profile {profile} to {path}: {credentials.role_arn}, "
        f"valid until {local_time(credentials.expiration)}."
    )
    return EXIT_OK


def generate_config(ctx: Context, args: argparse.Namespace) -> int:
    """One ``credential_process`` profile per role, in a block of ``~/.aws/config``."""
    from consoleme.client.aws_files import BEGIN, END, replace_block, sections_outside_block
    from consoleme.client.private_files import write_private

    roles = ctx.call(lambda api: api.get_roles())
    command = args.cme_command or default_command()
    path = ctx.paths.aws_config_file
    text = _read(path)
    taken = sections_outside_block(text)
    lines = [f"{BEGIN}: rewritten by every run, edit outside it"]
    skipped = []
    for role, name in profile_names(roles, args.prefix):
        if f"profile {name}" in taken:
            skipped.append(name)
            continue
        lines.append(f"[profile {name}]")
        lines.append(f"credential_process = {command} credential-process {role.arn}")
    lines.append(END)
    if args.print:
        ctx.stdout.write("\n".join(lines) + "\n")
        return EXIT_OK
    write_private(path, replace_block(text, lines).encode())
    written = len(roles) - len(skipped)
    ctx.say(f"Wrote {written} profiles to {path}.")
    if skipped:
        ctx.say(f"Skipped (you defined them yourself): {', '.join(skipped)}")
    return EXIT_OK


_UNSAFE = re.compile(r"[^A-Za-z0-9_.@+=-]+")


def profile_names(roles: Sequence[RoleInfo], prefix: str) -> list[tuple[RoleInfo, str]]:
    """``<prefix><account>-<role>`` per role; the account id is added where names collide."""
    names = [_UNSAFE.sub("-", f"{prefix}{r.account_label}-{r.role_name}") for r in roles]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    return [
        (role, name if seen[name] == 1 else f"{name}-{role.account_id}")
        for role, name in zip(roles, names, strict=True)
    ]


def default_command() -> str:
    """``cme`` when it is on PATH, else the path this process was started with."""
    if shutil.which("cme"):
        return "cme"
    started = os.path.abspath(sys.argv[0])
    if os.path.basename(started) == "cme" and os.access(started, os.X_OK):
        return started
    return f"{sys.executable} -m consoleme.client"


def _read(path: os.PathLike[str]) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except FileNotFoundError:
        return ""
