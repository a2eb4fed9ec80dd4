"""E-mail about permission request events over SMTP (``notifications.email``).

Implements ``on_change_request_event`` when ``notifications.email.enabled`` is true. Recipients
come from the event: users are e-mail addresses (values without ``@`` are skipped) and
``group:<name>`` becomes ``notifications.email.group_addresses[name]`` (groups without an address
are skipped). Each event is **one message with every recipient in To**, so the people on a
request see who else was told and can reply to all; a ``References`` header names the request, so
mail clients thread the messages of one request together.

Sending uses stdlib :mod:`smtplib` in a worker thread (``asyncio.to_thread``) with the configured
timeout; STARTTLS (certificate verified) and login when configured. A failure is logged as a
warning (never the password) and never raised: a notification must not undo a stored change.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from collections.abc import Callable, Iterable, Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from pydantic import ValidationError

from consoleme.config.change_requests import EmailSettings
from consoleme.config.models import Settings
from consoleme.plugins import hookimpl
from consoleme_default_plugins.notification_text import Notification, notification_for

log = logging.getLogger("consoleme.notifications")

TlsContextFactory = Callable[[], ssl.SSLContext]


def resolve_addresses(recipients: Iterable[str], group_addresses: Mapping[str, str]) -> list[str]:
    """E-mail addresses of the event's recipients, de-duplicated, in order."""
    found: list[str] = []
    for recipient in recipients:
        if recipient.startswith("group:"):
            address = group_addresses.get(recipient.removeprefix("group:"))
        else:
            address = recipient
        if address and "@" in address and address not in found:
            found.append(address)
    return found


def build_message(note: Notification, sender: str, to: list[str]) -> EmailMessage:
    """The message for ``note`` from ``sender`` to ``to`` (plain text, UTF-8)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = note.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = sender.rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["References"] = f"<request-{note.request_id}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
    message.set_content(note.body)
    return message


class EmailNotifications:
    """Sends one e-mail per notifying event (see the module docstring)."""

    def __init__(
        self,
        settings: EmailSettings,
        site_name: str = "ConsoleMe",
        tls_context: TlsContextFactory = ssl.create_default_context,
    ) -> None:
        self.settings = settings
        self.site_name = site_name
        # Tests pass a context trusting their own certificate; production verifies as usual.
        self.tls_context = tls_context

    @hookimpl
    async def on_change_request_event(self, event: dict[str, Any]) -> None:
        if not self.settings.enabled:
            return
        try:
            note = notification_for(event, self.site_name)
        except (KeyError, ValidationError) as exc:
            log.warning(
                "e-mail notification skipped: not a request event (%s)",
                type(exc).__name__,
                extra={"event": event.get("type")},
            )
            return
        if note is None:
            return
        to = resolve_addresses(event.get("recipients") or [], self.settings.group_addresses)
        if to:
            await self._deliver(note, to)

    async def _deliver(self, note: Notification, to: list[str]) -> None:
        """Send ``note`` to ``to`` in a worker thread; log (never raise) what went wrong."""
        where = {"request_id": note.request_id, "event": note.event_type}
        try:
            message = build_message(note, self.settings.sender, to)
            refused = await asyncio.to_thread(self._send, message, to)
        except Exception as exc:  # a notification never fails the task that stored the change
            error = self._redact(f"{type(exc).__name__}: {exc}")
            log.warning(
                "e-mail notification for request %s failed: %s",
                note.request_id,
                error,
                extra={**where, "error": error},
            )
            return
        if refused:
            log.warning(
                "e-mail notification for request %s refused for %s",
                note.request_id,
                ", ".join(sorted(refused)),
                extra={**where, "refused": sorted(refused)},
            )

    def _send(self, message: EmailMessage, to: list[str]) -> dict[str, Any]:
        """Blocking: connect, STARTTLS and log in when configured, send. Refused recipients."""
        settings = self.settings
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
            if settings.starttls:
                smtp.starttls(context=self.tls_context())
            if settings.username:
                password = settings.password.get_secret_value() if settings.password else ""
                smtp.login(settings.username, password)
            refused: dict[str, Any] = smtp.send_message(message, settings.sender, to)
            return refused

    def _redact(self, text: str) -> str:
        """``text`` without the password, should a server ever echo it back."""
        password = self.settings.password.get_secret_value() if self.settings.password else ""
        return text.replace(password, "***") if password else text


def plugin(settings: Settings) -> EmailNotifications:
    return EmailNotifications(settings.notifications.email, settings.site_name)
