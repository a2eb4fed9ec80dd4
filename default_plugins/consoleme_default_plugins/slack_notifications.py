"""Permission request events posted to a Slack-compatible incoming webhook.

Implements ``on_change_request_event`` when ``notifications.slack.enabled`` is true and
``notifications.slack.webhook_url`` is set: one POST per notifying event (see
:mod:`consoleme_default_plugins.notification_text`) of ``{"text": ..., "blocks": [...]}``, the
incoming webhook format: a section with the headline and a mrkdwn link, a section with the
details, and a button opening the request. ``recipients`` are not used: the channel is the
webhook's.

The webhook URL is a secret (whoever has it can post): this module never logs it, and errors are
logged by type and status only (httpx's messages can quote the URL). httpx itself logs every
request URL at INFO on the ``httpx`` logger, so the logging setup must keep that logger at
WARNING or above. A non-2xx answer or a network error is logged as a warning, never raised.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from pydantic import ValidationError

from consoleme.config.change_requests import SlackSettings
from consoleme.config.models import Settings
from consoleme.plugins import hookimpl
from consoleme_default_plugins.notification_text import Notification, notification_for

log = logging.getLogger("consoleme.notifications")


def slack_payload(note: Notification) -> dict[str, Any]:
    """The incoming webhook body for ``note``."""
    return {
        "text": note.slack_text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": note.slack_text}},
            {"type": "section", "text": {"type": "mrkdwn", "text": note.slack_detail}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open request"},
                        "url": note.url,
                        "action_id": "open_request",
                    }
                ],
            },
        ],
    }


class SlackNotifications:
    """Posts one webhook message per notifying event (see the module docstring)."""

    def __init__(self, settings: SlackSettings, site_name: str = "ConsoleMe") -> None:
        self.settings = settings
        self.site_name = site_name

    @hookimpl
    async def on_change_request_event(self, event: dict[str, Any]) -> None:
        if not self.settings.enabled or self.settings.webhook_url is None:
            return
        try:
            note = notification_for(event, self.site_name)
        except (KeyError, ValidationError) as exc:
            log.warning(
                "Slack notification skipped: not a request event (%s)",
                type(exc).__name__,
                extra={"event": event.get("type")},
            )
            return
        if note is not None:
            await self._post(note)

    async def _post(self, note: Notification) -> None:
        url = self.settings.webhook_url.get_secret_value() if self.settings.webhook_url else ""
        where = {"request_id": note.request_id, "event": note.event_type}
        try:
            async with httpx.AsyncClient(timeout=self.settings.timeout_seconds) as client:
                response = await client.post(url, json=slack_payload(note))
        except Exception as exc:  # a notification never fails the task that stored the change
            log.warning(
                "Slack notification for request %s failed: %s",
                note.request_id,
                type(exc).__name__,
                extra={**where, "error": type(exc).__name__},
            )
            return
        if not response.is_success:
            log.warning(
                "Slack webhook answered %s for request %s",
                response.status_code,
                note.request_id,
                extra={**where, "status": response.status_code},
            )


def plugin(settings: Settings) -> SlackNotifications:
    return SlackNotifications(settings.notifications.slack, settings.site_name)
