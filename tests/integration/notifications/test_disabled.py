"""With notifications disabled (the default), the default plugins load and send nothing."""

from __future__ import annotations

import logging

import pytest

from consoleme.config.models import Settings
from consoleme.plugins.manager import build_plugin_manager
from tests.integration.notifications.support import (
    Recorder,
    Webhook,
    call_hook,
    commented_event,
    stored_request,
)

pytestmark = pytest.mark.integration


async def test_default_settings_send_nothing(caplog: pytest.LogCaptureFixture) -> None:
    manager = build_plugin_manager(Settings())
    names = {name for name, _ in manager.list_name_plugin()}
    assert {"email_notifications", "slack_notifications"} <= names

    with caplog.at_level(logging.DEBUG, logger="consoleme.notifications"):
        await call_hook(manager, commented_event(stored_request()))

    assert [r for r in caplog.records if r.name == "consoleme.notifications"] == []


async def test_configured_but_disabled_sends_nothing(
    smtp_server: tuple[Recorder, int], webhook: Webhook
) -> None:
    recorder, port = smtp_server
    settings = Settings.model_validate(
        {
            "notifications": {
                "email": {"enabled": False, "host": "127.0.0.1", "port": port},
                "slack": {"enabled": False, "webhook_url": webhook.url},
            }
        }
    )

    await call_hook(build_plugin_manager(settings), commented_event(stored_request()))

    assert recorder.envelopes == []
    assert webhook.posts == []
