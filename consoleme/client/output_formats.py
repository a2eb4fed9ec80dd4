"""Credentials and roles written the way each consumer reads them.

- ``credential_process``: AWS "Version 1" JSON; ``Expiration`` in UTC with ``Z`` (weep wrote
  local time).
- ``export``: shell lines, including ``AWS_CREDENTIAL_EXPIRATION`` (weep left it out).
- ECS and IMDS bodies: the keys botocore's container and instance-metadata providers require,
  ``Expiration`` as ``YYYY-MM-DDTHH:MM:SSZ`` (IMDS parsing is strict about it).
- role lists: an aligned table or JSON.
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Iterable, Sequence

from consoleme.client.models import Credentials, RoleInfo

SHELLS = ("sh", "bash", "zsh", "fish")


def iso_z(epoch: float) -> str:
    """``epoch`` as UTC ``YYYY-MM-DDTHH:MM:SSZ``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def credential_process_json(credentials: Credentials) -> str:
    """One line of JSON for botocore's ProcessProvider."""
    return _compact(
        {
            "Version": 1,
            "AccessKeyId": credentials.access_key_id,
            "SecretAccessKey": credentials.secret_access_key,
            "SessionToken": credentials.session_token,
            "Expiration": iso_z(credentials.expiration),
        }
    )


def environment(credentials: Credentials) -> list[tuple[str, str]]:
    """The variables ``export`` sets, in order."""
    return [
        ("AWS_ACCESS_KEY_ID", credentials.access_key_id),
        ("AWS_SECRET_ACCESS_KEY", credentials.secret_access_key),
        ("AWS_SESSION_TOKEN", credentials.session_token),
        ("AWS_CREDENTIAL_EXPIRATION", iso_z(credentials.expiration)),
    ]


def export_lines(credentials: Credentials, shell: str) -> str:
    """Lines to ``eval`` in ``shell`` (sh, bash, zsh or fish)."""
    pairs = environment(credentials)
    if shell == "fish":
        return "".join(f"set -gx {name} {shlex.quote(value)};\n" for name, value in pairs)
    return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in pairs)


def shell_from_path(shell_path: str) -> str:
    """``fish`` for a fish login shell, else ``sh`` (bash and zsh read the same lines)."""
    name = shell_path.rsplit("/", 1)[-1]
    return name if name in SHELLS else "sh"


def ecs_body(credentials: Credentials) -> bytes:
    """The container credential provider's JSON (``RoleArn`` is extra; botocore ignores it)."""
    return _compact(
        {
            "AccessKeyId": credentials.access_key_id,
            "SecretAccessKey": credentials.secret_access_key,
            "Token": credentials.session_token,
            "Expiration": iso_z(credentials.expiration),
            "RoleArn": credentials.role_arn,
        }
    ).encode()


def imds_body(credentials: Credentials) -> bytes:
    """``meta-data/iam/security-credentials/<role>`` as EC2 answers it."""
    return _compact(
        {
            "Code": "Success",
            "LastUpdated": iso_z(credentials.fetched_at),
            "Type": "AWS-HMAC",
            "AccessKeyId": credentials.access_key_id,
            "SecretAccessKey": credentials.secret_access_key,
            "Token": credentials.session_token,
            "Expiration": iso_z(credentials.expiration),
        }
    ).encode()


def roles_table(roles: Sequence[RoleInfo]) -> str:
    """Account name, role name and ARN in aligned columns, with a header."""
    rows = [("ACCOUNT", "ROLE", "ARN")] + [(r.account_label, r.role_name, r.arn) for r in roles]
    first = max(len(r[0]) for r in rows)
    second = max(len(r[1]) for r in rows)
    return "".join(f"{a:<{first}}  {b:<{second}}  {c}\n" for a, b, c in rows)


def roles_json(roles: Iterable[RoleInfo]) -> str:
    """The roles as a JSON array of objects."""
    return json.dumps(
        [
            {
                "account_id": r.account_id,
                "account_name": r.account_label,
                "role_name": r.role_name,
                "arn": r.arn,
            }
            for r in roles
        ],
        indent=2,
    )
