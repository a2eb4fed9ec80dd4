"""Where a resource is shown: ConsoleMe's own UI path for it, and the AWS console deep link.

The UI paths are the ones the original ConsoleMe served and stock weep's ``open`` command
expects from ``/api/v2/get_resource_url`` (../shared/WEEP_CONTRACT.md section 2.5):
``/policies/edit/<account>/{iamrole,iamuser,managed_policy,s3}/<name>`` and
``/policies/edit/<account>/{sqs,sns}/<region>/<name>``. Anything else opens in the AWS console
through ``/role/<account>?redirect=<console link>`` (sign in to the account, then go there).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from consoleme.domain.arn import Arn
from consoleme.domain.inventory import ResourceType

CONSOLE = "https://console.aws.amazon.com"
_PATH_SAFE = re.compile(r"[A-Za-z0-9._~+=,@-]+")

_UI_KIND: dict[ResourceType, str] = {
    "iam_role": "iamrole",
    "iam_user": "iamuser",
    "managed_policy": "managed_policy",
    "s3_bucket": "s3",
    "sqs_queue": "sqs",
    "sns_topic": "sns",
}


def ui_path(kind: ResourceType, account_id: str, region: str, name: str) -> str:
    """ConsoleMe's UI path of a cached resource (relative to the web UI)."""
    segment = _UI_KIND[kind]
    # AWS names are nearly always path-safe already; quoting them is the slow path.
    escaped = name if _PATH_SAFE.fullmatch(name) else quote(name, safe="")
    if kind in ("sqs_queue", "sns_topic"):
        return f"/policies/edit/{account_id}/{segment}/{region}/{escaped}"
    return f"/policies/edit/{account_id}/{segment}/{escaped}"


def console_url(arn: Arn, kind: ResourceType | None, region: str = "", url: str = "") -> str:
    """The AWS console page of a resource (``url`` is an SQS queue URL, when known)."""
    name = quote(arn.resource_name, safe="")
    region = region or arn.region or "us-east-1"
    if kind == "iam_role":
        return f"{CONSOLE}/iam/home#/roles/details/{name}"
    if kind == "iam_user":
        return f"{CONSOLE}/iam/home#/users/details/{name}"
    if kind == "managed_policy":
        return f"{CONSOLE}/iam/home#/policies/details/{quote(arn_text(arn), safe='')}"
    if kind == "s3_bucket":
        return f"https://s3.console.aws.amazon.com/s3/buckets/{name}"
    if kind == "sqs_queue" and url:
        home = f"https://{region}.console.aws.amazon.com/sqs/v3/home?region={region}"
        return f"{home}#/queues/{quote(url, safe='')}"
    if kind == "sns_topic":
        home = f"https://{region}.console.aws.amazon.com/sns/v3/home?region={region}"
        return f"{home}#/topic/{arn_text(arn)}"
    # The console resolves most ARNs itself.
    return f"{CONSOLE}/go/view?arn={quote(arn_text(arn), safe='')}"


def console_login_path(account_id: str, destination: str) -> str:
    """The UI path that signs the user in to ``account_id`` and then opens ``destination``."""
    return f"/role/{account_id}?redirect={quote(destination, safe='')}"


def arn_text(arn: Arn) -> str:
    """The ARN as a string again."""
    return f"arn:{arn.partition}:{arn.service}:{arn.region}:{arn.account_id}:{arn.resource}"
