"""The ``email_notifications`` default plugin against a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from consoleme.config.models import Settings
from consoleme.plugins.manager import build_plugin_manager
from consoleme_default_plugins.email_notifications import EmailNotifications
from tests.integration.notifications.support import (
    Recorder,
    call_hook,
    commented_event,
    free_port,
    stored_request,
)

pytestmark = pytest.mark.integration

SENDER = "consoleme@example.com"
SECURITY_TEAM = "security-team@example.com"
PASSWORD = "smtp-s3cret-pw"


def only_user(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword)
        and data.login == b"mailer"
        and data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_smtp_server(loopback_certificate: tuple[Path, Path]) -> Iterator[tuple[Recorder, int]]:
    """An SMTP server that requires STARTTLS, and AUTH (mailer / PASSWORD) after it."""
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(*loopback_certificate)
    recorder, port = Recorder(), free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context,
        require_starttls=True,
        authenticator=only_user,
        auth_required=True,
    )
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


def email_settings(port: int, **email: Any) -> Settings:
    return Settings.model_validate(
        {
            "notifications": {
                "email": {
                    "enabled": True,
                    "host": "127.0.0.1",
                    "port": port,
                    "sender": SENDER,
                    "timeout_seconds": 5,
                    "group_addresses": {"security-team": SECURITY_TEAM},
                    **email,
                }
            }
        }
    )


async def test_comment_is_mailed_to_requester_approver_group_and_commenter(
    smtp_server: tuple[Recorder, int],
) -> None:
    recorder, port = smtp_server
    manager = build_plugin_manager(email_settings(port))
    request = stored_request()
    event = commented_event(request, actor="alice@example.com")

    await call_hook(manager, event)

    assert len(recorder.envelopes) == 1
    envelope = recorder.envelopes[0]
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == ["bob@example.com", SECURITY_TEAM, "carol@example.com"]
    message = recorder.message()
    # Python folds a long Subject after the colon and keeps the fold's space when parsing.
    subject = message["Subject"].strip()
    assert subject == f"[ConsoleMe] alice@example.com commented on request {request.id}"
    assert message["From"] == SENDER
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_content()
    assert event["url"] in body
    assert request.id in body
    assert "Scoped to reports/* only, fine by me." in body
    assert "arn:aws:iam::111122223333:role/app-reader" in body
    assert "s3:GetObject" not in body  # policy documents stay on the request page


async def test_users_without_at_and_groups_without_address_are_skipped(
    smtp_server: tuple[Recorder, int],
) -> None:
    recorder, port = smtp_server
    manager = build_plugin_manager(email_settings(port))
    event = commented_event(stored_request())
    event["recipients"] = ["bob@example.com", "frank", "group:unknown-team", "group:security-team"]

    await call_hook(manager, event)

    assert recorder.envelopes[0].rcpt_tos == ["bob@example.com", SECURITY_TEAM]


async def test_no_addressable_recipient_sends_nothing(smtp_server: tuple[Recorder, int]) -> None:
    recorder, port = smtp_server
    manager = build_plugin_manager(email_settings(port))
    event = commented_event(stored_request())
    event["recipients"] = ["frank", "group:unknown-team"]

    await call_hook(manager, event)

    assert recorder.envelopes == []


async def test_apply_started_is_not_mailed(smtp_server: tuple[Recorder, int]) -> None:
    recorder, port = smtp_server
    manager = build_plugin_manager(email_settings(port))
    event = {**commented_event(stored_request()), "type": "apply_started", "actor": "worker"}

    await call_hook(manager, event)

    assert recorder.envelopes == []


async def test_server_down_logs_a_warning_and_does_not_raise(
    caplog: pytest.LogCaptureFixture,
) -> None:
    manager = build_plugin_manager(email_settings(free_port()))
    event = commented_event(stored_request())

    with caplog.at_level(logging.WARNING, logger="consoleme.notifications"):
        await call_hook(manager, event)

    [record] = [r for r in caplog.records if r.name == "consoleme.notifications"]
    assert record.levelno == logging.WARNING
    assert "ConnectionRefusedError" in record.getMessage()
    assert event["request"]["id"] in record.getMessage()


async def test_starttls_required_by_settings_but_not_offered_sends_nothing(
    smtp_server: tuple[Recorder, int], caplog: pytest.LogCaptureFixture
) -> None:
    recorder, port = smtp_server
    manager = build_plugin_manager(email_settings(port, starttls=True))

    with caplog.at_level(logging.WARNING, logger="consoleme.notifications"):
        await call_hook(manager, commented_event(stored_request()))

    assert recorder.envelopes == []  # never falls back to sending in the clear
    assert "SMTPNotSupportedError" in caplog.text


async def test_starttls_and_login(
    tls_smtp_server: tuple[Recorder, int], loopback_certificate: tuple[Path, Path]
) -> None:
    recorder, port = tls_smtp_server
    settings = email_settings(port, starttls=True, username="mailer", password=PASSWORD)
    trusting = lambda: ssl.create_default_context(cafile=str(loopback_certificate[0]))  # noqa: E731
    mailer = EmailNotifications(settings.notifications.email, tls_context=trusting)

    await mailer.on_change_request_event(commented_event(stored_request()))

    assert len(recorder.envelopes) == 1
    assert recorder.envelopes[0].rcpt_tos[0] == "bob@example.com"


async def test_untrusted_certificate_is_refused(
    tls_smtp_server: tuple[Recorder, int], caplog: pytest.LogCaptureFixture
) -> None:
    recorder, port = tls_smtp_server
    settings = email_settings(port, starttls=True, username="mailer", password=PASSWORD)
    mailer = EmailNotifications(settings.notifications.email)  # the system's trust store

    with caplog.at_level(logging.WARNING, logger="consoleme.notifications"):
        await mailer.on_change_request_event(commented_event(stored_request()))

    assert recorder.envelopes == []
    assert "SSLCertVerificationError" in caplog.text


async def test_wrong_password_is_logged_without_the_password(
    tls_smtp_server: tuple[Recorder, int],
    loopback_certificate: tuple[Path, Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder, port = tls_smtp_server
    wrong = "not-the-" + PASSWORD
    settings = email_settings(port, starttls=True, username="mailer", password=wrong)
    trusting = lambda: ssl.create_default_context(cafile=str(loopback_certificate[0]))  # noqa: E731
    mailer = EmailNotifications(settings.notifications.email, tls_context=trusting)

    with caplog.at_level(logging.DEBUG):
        await mailer.on_change_request_event(commented_event(stored_request()))

    assert recorder.envelopes == []
    assert "SMTPAuthenticationError" in caplog.text
    logged = [str(vars(record)) for record in caplog.records]
    assert not [line for line in logged if wrong in line or PASSWORD in line]
