"""Real request events, calling the hook as the worker does, and what the test servers received."""

from __future__ import annotations

import asyncio
import inspect
import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pluggy
from aiosmtpd.smtp import SMTP, Envelope, Session

from consoleme.domain.change_request import Change, ChangeRequest, Comment
from consoleme.domain.change_types import InlinePolicyChange

ROLE = "arn:aws:iam::111122223333:role/app-reader"
BASE_URL = "https://consoleme.example.com"
HOOK_PATH = "/services/T000/B000/hooksecrettoken"


def stored_request() -> ChangeRequest:
    """A pending request of bob's with one time-bound inline policy grant and carol's comment."""
    spec = InlinePolicyChange(
        principal_arn=ROLE,
        policy_name="reports-read",
        policy_document={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ConsoleMe1",
                    "Effect": "Allow",
                    "Action": ["s3:GetObject"],
                    "Resource": ["arn:aws:s3:::reports/*"],
                }
            ],
        },
    )
    return ChangeRequest(
        id="0193a1b2c3d4e5f6a7b8",
        requester="bob@example.com",
        requester_groups=["analysts"],
        justification="Quarterly reports need read access to the reports bucket.",
        created_at="2026-11-26T10:00:00.000Z",
        updated_at="2026-11-26T10:05:00.000Z",
        changes=[Change(id="c1", spec=spec, expires_at="2026-12-26T10:00:00.000Z")],
        comments=[
            Comment(
                id="m1",
                author="carol@example.com",
                text="Why all objects?",
                at="2026-11-26T10:05:00.000Z",
            )
        ],
        approver_groups=["security-team"],
    )


def commented_event(request: ChangeRequest, actor: str = "alice@example.com") -> dict[str, Any]:
    """``actor`` commented on ``request``: the hook's event dict, as the core builds it."""
    return {
        "type": "commented",
        "request": request.model_dump(mode="json"),
        "actor": actor,
        "change_id": None,
        "comment": "Scoped to reports/* only, fine by me.",
        "url": f"{BASE_URL}/requests/{request.id}",
        "recipients": ["bob@example.com", "group:security-team", "carol@example.com"],
    }


async def call_hook(manager: pluggy.PluginManager, event: dict[str, Any]) -> None:
    """Call ``on_change_request_event`` and await what async implementations return."""
    results = manager.hook.on_change_request_event(event=event)
    await asyncio.gather(*(result for result in results if inspect.isawaitable(result)))


def free_port() -> int:
    """A loopback TCP port nothing listens on (for a server to take, or to be refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Recorder:
    """aiosmtpd handler keeping every envelope it accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def message(self, index: int = 0) -> EmailMessage:
        """The ``index``-th accepted message, parsed."""
        content = self.envelopes[index].content
        assert isinstance(content, bytes)
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Webhook:
    """What the webhook server received, and the status it answers with."""

    url: str
    status: int = 200
    posts: list[dict[str, Any]] = field(default_factory=list)
