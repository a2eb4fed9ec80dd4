"""``cme list``, ``console`` and ``open``."""

from __future__ import annotations

import argparse

from consoleme.client.context import Context
from consoleme.client.errors import EXIT_OK
from consoleme.client.output_formats import roles_json, roles_table
from consoleme.client.role_search import filter_roles


def list_roles(ctx: Context, args: argparse.Namespace) -> int:
    """Your roles matching the fuzzy filter, as a table or JSON."""
    roles = filter_roles(ctx.call(lambda api: api.get_roles()), args.filter)
    ctx.stdout.write(roles_json(roles) + "\n" if args.json else roles_table(roles))
    return EXIT_OK


def console(ctx: Context, args: argparse.Namespace) -> int:
    """Open (or print) the AWS console sign-in URL for a role."""
    role = ctx.choose_role(args.role, console_only=True)
    url = ctx.call(lambda api: api.console_login(role, args.region, args.redirect))
    _show_url(ctx, url, args.print, "the AWS console")
    return EXIT_OK


def open_resource(ctx: Context, args: argparse.Namespace) -> int:
    """Open (or print) a resource's page in the ConsoleMe web UI."""
    url = ctx.call(lambda api: api.resource_url(args.arn))
    _show_url(ctx, url, args.print, "ConsoleMe")
    return EXIT_OK


def _show_url(ctx: Context, url: str, print_only: bool, what: str) -> None:
    if print_only or not ctx.open_url(url):
        ctx.stdout.write(url + "\n")
    else:
        ctx.say(f"Opened {what} in your browser.")
