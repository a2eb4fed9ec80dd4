"""What we ask STS for when brokering a role: session name, source identity, tags, duration and
the IP-restricting session policy. Pure functions; :mod:`consoleme.aws.sts_broker` sends them.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# RoleSessionName and SourceIdentity: 2-64 characters of [A-Za-z0-9_+=,.@-].
_NOT_SESSION_CHAR = re.compile(r"[^A-Za-z0-9_+=,.@-]")
# Session tag values: letters, digits, spaces and _.:/=+-@ (at most 256).
_NOT_TAG_CHAR = re.compile(r"[^\w .:/=+\-@]")
MIN_DURATION = 900


@dataclass(frozen=True, slots=True)
class AssumeRoleSpec:
    """One AssumeRole call for a user."""

    role_arn: str
    session_name: str
    duration_seconds: int | None
    source_identity: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    policy: dict[str, Any] | None = None

    @property
    def policy_json(self) -> str | None:
        """The session policy as STS takes it (compact JSON), or None."""
        return None if self.policy is None else json.dumps(self.policy, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class AssumedSession:
    """Temporary credentials STS returned for an :class:`AssumeRoleSpec`."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: datetime  # timezone-aware
    assumed_role_arn: str  # arn:aws:sts::<account>:assumed-role/<role>/<session name>

    @property
    def expiration_epoch(self) -> int:
        """Expiration as integer Unix seconds (what weep parses)."""
        return int(self.expiration.timestamp())


def session_name(user: str) -> str:
    """``user`` as an STS RoleSessionName / SourceIdentity: disallowed characters become ``-``,
    at most 64 characters, at least 2."""
    cleaned = _NOT_SESSION_CHAR.sub("-", user.strip())[:64]
    return cleaned.ljust(2, "-")


def session_duration(wanted: int, role_maximum: int | None) -> int:
    """``wanted`` seconds, capped by the role's maximum session duration, at least 900."""
    ceiling = role_maximum if role_maximum and role_maximum >= MIN_DURATION else 3600
    return max(MIN_DURATION, min(wanted, ceiling))


def session_tags(templates: Mapping[str, str], user: str) -> tuple[tuple[str, str], ...]:
    """Configured session tags with ``{user}`` filled in, values cleaned to STS's alphabet."""
    tags = []
    for key, template in sorted(templates.items()):
        value = template.replace("{user}", user)
        tags.append((key, _NOT_TAG_CHAR.sub("-", value)[:256]))
    return tuple(tags)


def caller_network(ip: str) -> str:
    """The single-address network of ``ip`` (``/32`` or ``/128``); ValueError if not an IP."""
    address = ipaddress.ip_address(ip.strip())
    return f"{address}/{address.max_prefixlen}"


def ip_restriction_policy(caller_ip: str, always_allowed: Iterable[str] = ()) -> dict[str, Any]:
    """A session policy keeping the role's permissions but denying every call that does not
    come from ``caller_ip`` or ``always_allowed`` networks.

    Session policies intersect with the role's own policies, so the Allow statement is needed
    to keep them. Calls AWS services make on the caller's behalf (``aws:ViaAWSService``, e.g.
    CloudFormation or KMS through S3) come from AWS addresses and stay allowed.
    """
    networks = [caller_network(caller_ip)]
    networks += [str(ipaddress.ip_network(n, strict=False)) for n in always_allowed]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "KeepRolePermissions", "Effect": "Allow", "Action": "*", "Resource": "*"},
            {
                "Sid": "DenyOutsideCallerNetwork",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {
                    "NotIpAddress": {"aws:SourceIp": sorted(set(networks))},
                    "Bool": {"aws:ViaAWSService": "false"},
                },
            },
        ],
    }
