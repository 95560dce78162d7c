"""Transient provider failures are retried with backoff (honouring Retry-After); permanent ones
are recorded once, with the provider's reason. Real SDKs against the failing fakes; the sleep
is recorded instead of waited."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.outbound.delivery import RetryPolicy, deliver
from connectors.outbound.dispatch import Dispatcher
from civicdesk.embedded import free_port
from civicdesk.settings import Settings
from schemas.outbound import OutboundResult
from tests.connectors.outbound.conftest import NOW, outbound_settings
from tests.connectors.outbound.fakes import FakeProviders, FakeSmtp
from tests.connectors.outbound.messages import outbound


def run(settings: Settings, message) -> tuple[OutboundResult, list[float]]:  # type: ignore[no-untyped-def]
    slept: list[float] = []
    dispatcher = Dispatcher(settings, lambda: NOW)
    policy = RetryPolicy(settings.outbound_max_attempts, settings.outbound_backoff_seconds,
                         settings.outbound_backoff_max_seconds)
    try:
        return deliver(dispatcher.send, message, policy, now=lambda: NOW, sleep=slept.append), slept
    finally:
        dispatcher.close()


def test_twilio_429_waits_the_retry_after_then_sends(settings: Settings, providers: FakeProviders) -> None:
    providers.fail(429, headers={"Retry-After": "7"})
    result, slept = run(settings, outbound("sms"))
    assert result.ok and result.attempts == 2 and slept == [7.0]
    assert len(providers.requests_to("twilio")) == 2
    assert result.provider_message_id == providers.answered[0]["sid"]


def test_graph_5xx_backs_off_exponentially_then_sends(settings: Settings, providers: FakeProviders) -> None:
    providers.fail(500, times=2)
    result, slept = run(settings, outbound("facebook"))
    assert result.ok and result.attempts == 3 and slept == [1.0, 2.0]


def test_graph_throttling_code_on_http_400_is_retried(settings: Settings, providers: FakeProviders) -> None:
    # Cloud API answers throughput limits with HTTP 400 and code 130429, not with 429.
    providers.fail(400, body={"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException",
                                        "code": 130429, "fbtrace_id": "x"}})
    cloud = settings.model_copy(update={"whatsapp_provider": "cloud"})
    result, slept = run(cloud, outbound("whatsapp"))
    assert result.ok and result.attempts == 2


def test_telegram_retry_after_parameter_is_honoured(settings: Settings, providers: FakeProviders) -> None:
    providers.fail(429)  # the fake's body carries parameters.retry_after = 2
    result, slept = run(settings, outbound("telegram"))
    assert result.ok and slept == [2.0]


def test_x_server_error_is_retried(settings: Settings, providers: FakeProviders) -> None:
    providers.fail(503)
    result, _ = run(settings, outbound("twitter"))
    assert result.ok and result.attempts == 2 and len(providers.requests_to("x")) == 2


def test_smtp_4xx_is_retried_and_5xx_is_permanent(settings: Settings, smtp: FakeSmtp) -> None:
    smtp.reply_next("451 4.3.0 Mailbox temporarily unavailable")
    result, slept = run(settings, outbound("email"))
    assert result.ok and result.attempts == 2 and slept == [1.0] and len(smtp.mails) == 1
    smtp.reply_next("550 5.1.1 No such user")
    result, slept = run(settings, outbound("email", key="second"))
    assert not result.ok and result.permanent and result.attempts == 1 and "550" in result.error


@pytest.mark.parametrize("channel,status,reason", [
    ("sms", 400, "21211"),            # Twilio: invalid 'To' number
    ("telegram", 403, "telegram"),    # the citizen blocked the bot
    ("instagram", 400, "(#100)"),
    ("twitter", 403, "403"),          # e.g. the tweet was deleted or is protected
])
def test_4xx_is_permanent_and_recorded_with_the_providers_reason(channel: str, status: int, reason: str,
                                                                 settings: Settings, providers: FakeProviders) -> None:
    providers.fail(status)
    result, slept = run(settings, outbound(channel))
    assert not result.ok and result.permanent and result.attempts == 1 and slept == []
    assert reason in result.error and str(status) in result.error
    assert len(providers.received) == 1


def test_gives_up_after_max_attempts_without_calling_it_permanent(settings: Settings,
                                                                  providers: FakeProviders) -> None:
    providers.fail(502, times=10)
    result, slept = run(settings, outbound("sms"))
    assert not result.ok and not result.permanent and result.attempts == 3 == len(providers.received)
    assert slept == [1.0, 2.0] and result.error.startswith("gave up after 3 attempts: twilio HTTP 502")


def test_connection_refused_is_transient(providers: FakeProviders, smtp: FakeSmtp, tmp_path: Path) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    settings = outbound_settings(providers, smtp, tmp_path, twilio_api_base_url=nobody, meta_graph_base_url=nobody,
                                 smtp_port=free_port(), outbound_max_attempts=2)
    for channel in ("sms", "facebook", "email"):
        result, slept = run(settings, outbound(channel))
        assert not result.ok and not result.permanent and result.attempts == 2 and slept == [1.0], channel
        assert "unreachable" in result.error


def test_a_channel_without_secrets_fails_visibly_while_others_send(providers: FakeProviders, smtp: FakeSmtp,
                                                                  tmp_path: Path) -> None:
    settings = outbound_settings(providers, smtp, tmp_path, smtp_host=None, meta_page_access_token=None)
    result, _ = run(settings, outbound("email"))
    assert not result.ok and result.permanent and "smtp_host is not set" in result.error
    result, _ = run(settings, outbound("facebook"))
    assert not result.ok and result.permanent and "meta_page_access_token" in result.error
    result, _ = run(settings, outbound("sms"))
    assert result.ok
