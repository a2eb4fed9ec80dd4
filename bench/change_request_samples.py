"""Synthetic permission requests for ``bench/requests.py``: a year of a busy organization.

About 500 requesters, 50 accounts and 2,000 target ARNs, each picked with a skewed (Zipf-like)
weight as in real use: a few teams and roles get most requests. Every request is a valid
:class:`~consoleme.domain.change_request.ChangeRequest` (1-3 changes of the usual types, policy
documents, a timeline, approvals, sometimes comments and findings; about 2-3 KB of JSON) whose
status follows its age: recent requests are often still pending, old ones are settled (mostly
applied; some rejected, cancelled or failed). Seeded, so every run stores the same requests.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any

from consoleme.domain.change_request import ChangeRequest

YEAR_SECONDS = 365 * 24 * 3600
TEAMS = ["payments", "search", "identity", "data", "ml", "web", "mobile", "infra", "security"]
TEAMS += ["growth", "ads", "billing", "catalog", "checkout", "shipping", "support"]
APPS = ["api", "worker", "etl", "reader", "writer", "deployer", "scheduler", "gateway"]
ENVS = ["prod", "staging", "dev", "test"]
ACTIONS = ["s3:GetObject", "s3:PutObject", "sqs:SendMessage", "sqs:ReceiveMessage"]
ACTIONS += ["dynamodb:GetItem", "dynamodb:Query", "kms:Decrypt", "sns:Publish", "ec2:Describe*"]
# Settled statuses of requests older than a few days, in percent.
SETTLED = {"applied": 74, "rejected": 10, "cancelled": 9, "failed": 4, "pending": 2, "approved": 1}
# Statuses of requests from the last three days.
RECENT = {"pending": 45, "approved": 5, "applied": 40, "rejected": 5, "cancelled": 5}
_CHANGE_STATUS = {
    "pending": "pending",
    "approved": "approved",
    "applied": "applied",
    "rejected": "rejected",
    "cancelled": "cancelled",
    "failed": "failed",
}


@dataclass(frozen=True, slots=True)
class Target:
    arn: str
    account: str
    kind: str  # role, user, s3, sqs, sns


@dataclass(frozen=True, slots=True)
class Population:
    """Who asks for what: requesters, accounts and targets with their weights."""

    users: list[str]
    user_weights: list[float]
    accounts: list[str]
    targets: list[Target]
    target_weights: list[float]


def zipf(count: int, skew: float = 0.9) -> list[float]:
    """Cumulative weights (for ``random.choices(cum_weights=...)``) of ranks 1..count."""
    return list(accumulate(1 / (rank + 1) ** skew for rank in range(count)))


def population(users: int = 500, accounts: int = 50, targets: int = 2000) -> Population:
    rng = random.Random(7)
    people = [f"{rng.choice(TEAMS)}.dev{n:03d}@example.com" for n in range(users)]
    ids = [f"{400000000000 + n * 7919:012d}" for n in range(accounts)]
    account_weights = zipf(accounts, 0.7)
    kinds = ["role"] * 70 + ["user"] * 10 + ["s3"] * 8 + ["sqs"] * 6 + ["sns"] * 6
    found: list[Target] = []
    for n in range(targets):
        account = rng.choices(ids, cum_weights=account_weights)[0]
        kind = rng.choice(kinds)
        name = f"{rng.choice(TEAMS)}-{rng.choice(APPS)}-{rng.choice(ENVS)}-{n:04d}"
        arn = {
            "role": f"arn:aws:iam::{account}:role/{name}",
            "user": f"arn:aws:iam::{account}:user/{name}",
            "s3": f"arn:aws:s3:::{name}",
            "sqs": f"arn:aws:sqs:us-east-1:{account}:{name}",
            "sns": f"arn:aws:sns:us-east-1:{account}:{name}",
        }[kind]
        found.append(Target(arn, account, kind))
    rng.shuffle(found)
    return Population(people, zipf(users, 0.6), ids, found, zipf(targets, 0.6))


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def _document(rng: random.Random, resource: str, sid: str) -> dict[str, Any]:
    actions = sorted(rng.sample(ACTIONS, rng.randint(1, 3)))
    return {
        "Version": "2012-10-17",
        "Statement": [{"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resource}],
    }


def _spec(rng: random.Random, target: Target, sid: str, partner: str) -> dict[str, Any]:
    if target.kind in ("s3", "sqs", "sns"):
        principal = {"AWS": f"arn:aws:iam::{target.account}:role/{partner}"}
        document = _document(rng, target.arn, sid)
        document["Statement"][0]["Principal"] = principal
        return {
            "type": "resource_policy",
            "resource_arn": target.arn,
            "resource_type": target.kind,
            "policy_document": document,
            "account_id": target.account,
        }
    roll = rng.random()
    if roll < 0.62:
        resource = f"arn:aws:s3:::{partner}/*"
        return {
            "type": "inline_policy",
            "principal_arn": target.arn,
            "policy_name": f"consoleme-{sid.lower()}",
            "policy_document": _document(rng, resource, sid),
        }
    if roll < 0.82:
        policy = rng.choice(["ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "AmazonSQSFullAccess"])
        return {
            "type": "managed_policy",
            "principal_arn": target.arn,
            "policy_arn": f"arn:aws:iam::aws:policy/{policy}",
        }
    if roll < 0.92 or target.kind == "user":
        return {
            "type": "tag",
            "principal_arn": target.arn,
            "key": rng.choice(["owner", "cost-center", "consoleme-authorized"]),
            "value": rng.choice(TEAMS),
        }
    trust = _document(rng, "*", sid)
    trust["Statement"][0] |= {"Action": "sts:AssumeRole", "Principal": {"AWS": target.arn}}
    return {"type": "assume_role_policy", "principal_arn": target.arn, "policy_document": trust}


def _status(rng: random.Random, age: float) -> str:
    table = RECENT if age < 3 * 24 * 3600 else SETTLED
    return rng.choices(list(table), list(table.values()))[0]


def _timeline(
    rng: random.Random, requester: str, status: str, created: float, approver: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], float]:
    at = created
    events = [{"at": _iso(at), "actor": requester, "type": "submitted", "to_status": "pending"}]
    approvals: list[dict[str, Any]] = []
    if status == "pending":
        return events, approvals, at
    at += rng.uniform(300, 3 * 24 * 3600)
    if status in ("rejected", "cancelled"):
        actor = approver if status == "rejected" else requester
        why = rng.choice(["too broad", "not needed any more", "use the shared role instead"])
        events.append(
            {"at": _iso(at), "actor": actor, "type": status, "from_status": "pending",
             "to_status": status, "why": why}
        )  # fmt: skip
        return events, approvals, at
    approvals.append({"user": approver, "at": _iso(at)})
    events.append(
        {"at": _iso(at), "actor": approver, "type": "approved", "from_status": "pending",
         "to_status": "approved"}
    )  # fmt: skip
    if status in ("applied", "failed"):
        at += rng.uniform(2, 60)
        events.append(
            {"at": _iso(at), "actor": "consoleme", "type": "status_changed",
             "from_status": "approved", "to_status": status}
        )  # fmt: skip
    return events, approvals, at


def request(rng: random.Random, people: Population, now: float) -> ChangeRequest:
    """One realistic request created within the year before ``now``."""
    created = now - YEAR_SECONDS * rng.random() ** 1.15  # a little busier lately
    requester = rng.choices(people.users, cum_weights=people.user_weights)[0]
    first = rng.choices(people.targets, cum_weights=people.target_weights)[0]
    targets = [first]
    targets += rng.choices(
        people.targets, people.target_weights, k=rng.choice([0] * 15 + [1, 1, 2])
    )
    status = _status(rng, now - created)
    approver = rng.choice(people.users[:40])
    timeline, approvals, settled = _timeline(rng, requester, status, created, approver)
    changes = []
    for n, target in enumerate(targets, start=1):
        partner = f"{rng.choice(TEAMS)}-{rng.choice(APPS)}-{rng.choice(ENVS)}"
        change: dict[str, Any] = {
            "id": f"c{n}",
            "spec": _spec(rng, target, f"ConsoleMe{rng.getrandbits(32):08x}", partner),
            "status": _CHANGE_STATUS[status],
        }
        if status == "applied":
            change |= {"applied_at": _iso(settled), "attempts": 1}
            if rng.random() < 0.2:
                change["expires_at"] = _iso(settled + rng.choice([1, 7, 30, 90]) * 86400)
        if status == "failed":
            change |= {"attempts": 3, "error": "AccessDenied: spoke role may not PutRolePolicy"}
        if rng.random() < 0.3:
            change["findings"] = [
                {"rule": "wildcard-resource", "severity": "medium", "title": "Resource is *",
                 "detail": "The statement applies to every resource."}
            ]  # fmt: skip
        changes.append(change)
    comments = []
    if rng.random() < 0.15:
        text = rng.choice(["Needed for the migration.", "Can you narrow the resource?", "+1"])
        comments.append({"id": "m1", "author": approver, "text": text, "at": _iso(created + 600)})
    data = {
        "id": f"{int(created * 1000):012x}{rng.getrandbits(32):08x}",
        "requester": requester,
        "requester_groups": sorted({requester.split(".")[0], "engineering"}),
        "justification": rng.choice(
            [
                "Our service needs to read the shared bucket for the nightly export.",
                "On-call: temporary access to debug the queue backlog.",
                "New pipeline writes results here; approved by the data owners in review.",
                "Cross-account access for the deployment tool.",
            ]
        ),
        "created_at": _iso(created),
        "updated_at": _iso(settled),
        "status": status,
        "changes": changes,
        "comments": comments,
        "approvals": approvals,
        "approver_groups": ["consoleme-admins", f"{first.arn.split(':')[-1][:20]}-owners"],
        "timeline": timeline,
    }
    return ChangeRequest.model_validate(data)


def requests(count: int, now: float, seed: int = 42) -> Iterator[ChangeRequest]:
    """``count`` requests, the same ones for the same seed and ``now``."""
    rng = random.Random(seed)
    people = population()
    for _ in range(count):
        yield request(rng, people, now)


def fixed_now() -> float:
    """The 'now' of the synthetic year (fixed, so runs are comparable)."""
    return datetime(2026, 6, 1, tzinfo=UTC).timestamp()
