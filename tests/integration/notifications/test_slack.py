"""The ``slack_notifications`` default plugin against a real local HTTP server."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from consoleme.config.models import Settings
from consoleme.plugins.manager import build_plugin_manager
from tests.integration.notifications.support import (
    HOOK_PATH,
    Webhook,
    call_hook,
    commented_event,
    free_port,
    stored_request,
)

pytestmark = pytest.mark.integration


def slack_settings(url: str, **slack: Any) -> Settings:
    return Settings.model_validate(
        {
            "notifications": {
                "slack": {"enabled": True, "webhook_url": url, "timeout_seconds": 5, **slack}
            }
        }
    )


async def test_event_is_posted_as_incoming_webhook_json(webhook: Webhook) -> None:
    manager = build_plugin_manager(slack_settings(webhook.url))
    request = stored_request()
    event = commented_event(request, actor="alice@example.com")

    await call_hook(manager, event)

    [post] = webhook.posts
    assert post["path"] == HOOK_PATH
    assert post["content_type"] == "application/json"
    payload = post["json"]
    assert payload["text"] == (
        f"*alice@example.com commented on request {request.id}* "
        f"<{event['url']}|Open request {request.id}>"
    )
    blocks = payload["blocks"]
    assert [block["type"] for block in blocks] == ["section", "section", "actions"]
    assert blocks[0]["text"] == {"type": "mrkdwn", "text": payload["text"]}
    detail = blocks[1]["text"]["text"]
    assert "*Requester:* bob@example.com" in detail
    assert "arn:aws:iam::111122223333:role/app-reader" in detail
    assert "Scoped to reports/* only, fine by me." in detail
    assert blocks[2]["elements"][0]["url"] == event["url"]


async def test_user_text_cannot_forge_slack_links(webhook: Webhook) -> None:
    manager = build_plugin_manager(slack_settings(webhook.url))
    event = commented_event(stored_request())
    event["comment"] = "see <https://evil.example|the docs> & <!channel>"

    await call_hook(manager, event)

    detail = webhook.posts[0]["json"]["blocks"][1]["text"]["text"]
    assert "&lt;https://evil.example|the docs&gt; &amp; &lt;!channel&gt;" in detail
    assert "<https://evil" not in json.dumps(webhook.posts[0]["json"])


async def test_error_answer_is_logged_without_the_webhook_url(
    webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    webhook.status = 500
    manager = build_plugin_manager(slack_settings(webhook.url))
    event = commented_event(stored_request())

    with caplog.at_level(logging.WARNING, logger="consoleme.notifications"):
        await call_hook(manager, event)

    assert len(webhook.posts) == 1
    [record] = [r for r in caplog.records if r.name == "consoleme.notifications"]
    assert record.getMessage() == f"Slack webhook answered 500 for request {event['request']['id']}"
    assert "hooksecrettoken" not in str(vars(record))


async def test_closed_port_is_logged_without_the_webhook_url(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"http://127.0.0.1:{free_port()}{HOOK_PATH}"
    manager = build_plugin_manager(slack_settings(url))
    event = commented_event(stored_request())

    with caplog.at_level(logging.WARNING, logger="consoleme.notifications"):
        await call_hook(manager, event)

    [record] = [r for r in caplog.records if r.name == "consoleme.notifications"]
    assert record.levelno == logging.WARNING
    assert "ConnectError" in record.getMessage()
    assert "hooksecrettoken" not in str(vars(record))


async def test_apply_started_is_not_posted(webhook: Webhook) -> None:
    manager = build_plugin_manager(slack_settings(webhook.url))
    event = {**commented_event(stored_request()), "type": "apply_started", "actor": "worker"}

    await call_hook(manager, event)

    assert webhook.posts == []
