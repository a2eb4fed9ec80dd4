"""The ``cme`` command: argument parsing, dispatch, and turning errors into exit codes.

Each subcommand lives in a ``commands_*`` module that is imported only when that subcommand
runs, so ``cme credential-process`` loads little more than the standard library.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from consoleme import __version__
from consoleme.client.errors import EXIT_INTERRUPTED, AmbiguousRole, CliError

# subcommand -> "module:function" (module under consoleme.client)
COMMANDS = {
    "configure": "commands_session:configure",
    "login": "commands_session:login",
    "logout": "commands_session:logout",
    "whoami": "commands_session:whoami",
    "list": "commands_browse:list_roles",
    "console": "commands_browse:console",
    "open": "commands_browse:open_resource",
    "export": "commands_credentials:export",
    "file": "commands_credentials:write_file",
    "credential-process": "commands_credentials:credential_process",
    "generate-config": "commands_credentials:generate_config",
    "serve": "commands_serve:serve",
}
SHELLS = ("sh", "bash", "zsh", "fish")
V2_MODES = ("required", "optional", "off")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cme",
        description="AWS credentials and console sign-in from ConsoleMe. "
        "Exit codes: 0 ok, 1 error, 2 usage, 3 not signed in, 4 not eligible, "
        "5 ambiguous role, 6 server unreachable.",
    )
    parser.add_argument("--version", action="version", version=f"cme {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    configure = sub.add_parser("configure", help="Set the server URL and your user name.")
    configure.add_argument("--url", help="ConsoleMe server URL.")
    configure.add_argument("--user", help="Your user name (e-mail).")
    configure.add_argument("--show", action="store_true", help="Print the effective settings.")
    login = sub.add_parser("login", help="Sign in (approve the request in your browser).")
    login.add_argument("--force", action="store_true", help="Sign in even if still signed in.")
    sub.add_parser("logout", help="Forget the session and the cached credentials.")
    whoami = sub.add_parser("whoami", help="Who the server says you are.")
    whoami.add_argument("--json", action="store_true", help="Print JSON.")

    listing = sub.add_parser("list", help="Your roles: account, role, ARN.")
    listing.add_argument("filter", nargs="?", default="", help="Fuzzy filter, e.g. 'prod adm'.")
    listing.add_argument("--json", action="store_true", help="Print JSON.")
    console = sub.add_parser("console", help="Sign in to the AWS console as a role.")
    console.add_argument("role", nargs="?", help="Role search string or ARN (picker if omitted).")
    console.add_argument("--print", action="store_true", help="Print the URL, do not open it.")
    console.add_argument("--region", help="Console region.")
    console.add_argument("--redirect", help="AWS console URL to land on.")
    opener = sub.add_parser("open", help="Open a resource's page in ConsoleMe.")
    opener.add_argument("arn", help="The resource's ARN.")
    opener.add_argument("--print", action="store_true", help="Print the URL, do not open it.")

    export = sub.add_parser("export", help="Print shell lines that set AWS credentials.")
    export.add_argument("role", nargs="?", help="Role search string or ARN (picker if omitted).")
    export.add_argument("--shell", choices=SHELLS, help="Shell syntax (default: from $SHELL).")
    writer = sub.add_parser("file", help="Write credentials to ~/.aws/credentials.")
    writer.add_argument("role", nargs="?", help="Role search string or ARN (picker if omitted).")
    writer.add_argument("-p", "--profile", default="default", help="Profile name (default).")
    process = sub.add_parser("credential-process", help="AWS credential_process output.")
    process.add_argument("role", help="Role search string or ARN.")
    process.add_argument("--no-cache", action="store_true", help="Always ask the server.")
    generate = sub.add_parser(
        "generate-config", help="Write a credential_process profile per role to ~/.aws/config."
    )
    generate.add_argument(
        "--command", dest="cme_command", help="How profiles run cme (default: cme)."
    )
    generate.add_argument("--prefix", default="", help="Prefix of every profile name.")
    generate.add_argument("--print", action="store_true", help="Print the block instead.")

    serve = sub.add_parser("serve", help="Local ECS and IMDS credential endpoints.")
    serve.add_argument("role", nargs="?", help="Default role (enables the IMDS emulation).")
    serve.add_argument("--port", type=int, default=9091, help="Port on 127.0.0.1 (9091).")
    serve.add_argument(
        "--imds-tokens",
        choices=V2_MODES,
        default="required",
        help="IMDSv2 tokens: required (default), optional (v1 too), off (v1 only).",
    )
    serve.add_argument("--token-file", help="Keep the ECS authorization token in this file.")
    serve.add_argument("--shell", choices=SHELLS, help="Syntax of the printed variables.")
    serve.add_argument("--verbose", action="store_true", help="Log every request to stderr.")
    return parser


def run(
    argv: Sequence[str],
    environ: Mapping[str, str],
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Run one command; the exit code. Errors are one line on stderr, never a traceback."""
    args = _parser().parse_args(argv)
    from consoleme.client.context import Context

    context = Context(environ, stdin, stdout, stderr)
    module_name, _, function_name = COMMANDS[args.command].partition(":")
    module = importlib.import_module(f"consoleme.client.{module_name}")
    try:
        code: int = getattr(module, function_name)(context, args)
    except CliError as exc:
        stderr.write(f"cme: {exc.message}\n")
        if isinstance(exc, AmbiguousRole):
            stderr.write("".join(f"  {candidate}\n" for candidate in exc.candidates))
        return exc.exit_code
    except KeyboardInterrupt:
        stderr.write("\n")
        return EXIT_INTERRUPTED
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    try:
        return run(args, os.environ, sys.stdin, sys.stdout, sys.stderr)
    except BrokenPipeError:
        # `cme list | head`: the reader left; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
