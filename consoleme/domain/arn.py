"""Amazon Resource Names: split one into its parts, and name the inventory type it denotes.

``arn:<partition>:<service>:<region>:<account>:<resource>``; the resource part may itself hold
``:`` or ``/`` (``role/path/name``, ``queue-name``, ``bucket``).
"""

from __future__ import annotations

from dataclasses import dataclass

from consoleme.domain.inventory import ResourceType

_IAM_KINDS: dict[str, ResourceType] = {
    "role": "iam_role",
    "user": "iam_user",
    "policy": "managed_policy",
}


@dataclass(frozen=True, slots=True)
class Arn:
    """The parts of an ARN; ``region`` and ``account_id`` may be empty (S3, IAM)."""

    partition: str
    service: str
    region: str
    account_id: str
    resource: str

    @property
    def resource_name(self) -> str:
        """The last path segment of the resource: ``role/a/b`` -> ``b``."""
        return self.resource.rsplit("/", 1)[-1]


def parse_arn(text: str) -> Arn | None:
    """The parts of ``text``, or None when it is not an ARN."""
    parts = text.strip().split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1].startswith("aws"):
        return None
    _, partition, service, region, account, resource = parts
    if not service or not resource or (account and not (len(account) == 12 and account.isdigit())):
        return None
    return Arn(partition, service, region, account, resource)


def resource_type_of(arn: Arn) -> ResourceType | None:
    """The inventory type an ARN denotes, or None for resources ConsoleMe does not cache."""
    kind = arn.resource.split("/", 1)[0]
    if arn.service == "iam" and "/" in arn.resource:
        return _IAM_KINDS.get(kind)
    if arn.service == "s3" and "/" not in arn.resource:
        return "s3_bucket"
    if arn.service == "sqs":
        return "sqs_queue"
    if arn.service == "sns" and ":" not in arn.resource:
        return "sns_topic"
    return None
