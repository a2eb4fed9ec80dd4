"""The ``cme`` command itself: light imports, errors as one line and an exit code."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from consoleme.client import main as cme_main
from consoleme.client.errors import AmbiguousRole, NotEligible

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
HEAVY = (
    "tornado",
    "celery",
    "boto3",
    "botocore",
    "aioboto3",
    "aiobotocore",
    "redis",
    "httpx",
    "pydantic",
    "yaml",
    "consoleme.api",
    "consoleme.core",
    "consoleme.store",
)


@pytest.mark.parametrize("command", sorted(cme_main.COMMANDS))
def test_no_server_dependency_is_imported(command: str) -> None:
    module = cme_main.COMMANDS[command].split(":")[0]
    probe = (
        "import sys, consoleme.client.main, consoleme.client.context, "
        f"consoleme.client.{module}; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} "
        f"or m.startswith(('consoleme.api', 'consoleme.core', 'consoleme.store'))))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert shown.stdout.strip() == "[]"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "cme"
    assert script.exists()
    assert "consoleme.client.main" in script.read_text()


def _run(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cme_main.run(argv, env, io.StringIO(), out, err)
    return code, out.getvalue(), err.getvalue()


def test_errors_are_one_line_with_their_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"HOME": str(tmp_path), "CME_URL": "http://127.0.0.1:9"}
    assert _run(["whoami"], env) == (
        3,
        "",
        "cme: not signed in to http://127.0.0.1:9: run `cme login`\n",
    )

    from consoleme.client import commands_credentials

    def ambiguous(ctx: object, args: object) -> int:
        raise AmbiguousRole("more than one role matches 'x'; be more specific", ["a", "b"])

    monkeypatch.setattr(commands_credentials, "export", ambiguous)
    assert _run(["export", "x"], env) == (
        5,
        "",
        "cme: more than one role matches 'x'; be more specific\n  a\n  b\n",
    )

    def not_eligible(ctx: object, args: object) -> int:
        raise NotEligible("none of your eligible roles matches 'x'")

    monkeypatch.setattr(commands_credentials, "export", not_eligible)
    assert _run(["export", "x"], env)[0] == 4


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path)}
    with pytest.raises(SystemExit) as stopped:
        _run(["no-such-command"], env)
    assert stopped.value.code == 2
    assert _run(["export"], {**env, "CME_URL": "http://127.0.0.1:9"})[0] == 2  # no terminal
