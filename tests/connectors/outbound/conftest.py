"""Fixtures of the outbound tests: the fake providers (started once, reset per test) and
settings pointing every sender at them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest

from civicdesk.settings import Settings
from tests.connectors.outbound.fakes import FakeProviders, FakeSmtp

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

OUTBOUND_SECRETS = {
    "twilio_account_sid": "AC" + "0" * 32,
    "twilio_auth_token": "test-twilio-token",
    "twilio_sms_from": "+902120000153",
    "twilio_whatsapp_from": "+902120000170",
    "whatsapp_template_content_sid": "HX" + "1" * 32,
    "whatsapp_template_name": "request_update",
    "whatsapp_phone_number_id": "106540352242922",
    "whatsapp_access_token": "test-whatsapp-token",
    "meta_page_access_token": "test-page-token",
    "telegram_bot_token": "123456:TEST-telegram-bot-token",
    "smtp_from": "beyazmasa@belediye.example",
    "twitter_consumer_key": "test-consumer-key",
    "twitter_consumer_secret": "test-consumer-secret",
    "twitter_access_token": "1-test-access-token",
    "twitter_access_token_secret": "test-access-secret",
}


@pytest.fixture(scope="session")
def providers_server() -> Iterator[FakeProviders]:
    server = FakeProviders()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[FakeSmtp]:
    server = FakeSmtp()
    yield server
    server.stop()


@pytest.fixture
def providers(providers_server: FakeProviders) -> FakeProviders:
    providers_server.reset()
    return providers_server


@pytest.fixture
def smtp(smtp_server: FakeSmtp) -> FakeSmtp:
    smtp_server.reset()
    return smtp_server


def outbound_settings(providers: FakeProviders, smtp: FakeSmtp, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        **OUTBOUND_SECRETS, "data_dir": data_dir,
        "twilio_api_base_url": providers.base_url,
        "telegram_base_url": f"{providers.base_url}/bot",
        "meta_graph_base_url": providers.base_url,
        "twitter_api_url": providers.base_url,
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False,
        # Retries in tests: 3 attempts; the recorded sleeps are asserted, nobody waits.
        "outbound_max_attempts": 3, "outbound_backoff_seconds": 1.0, "outbound_backoff_max_seconds": 30.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(providers: FakeProviders, smtp: FakeSmtp, tmp_path: Path) -> Settings:
    return outbound_settings(providers, smtp, tmp_path)
