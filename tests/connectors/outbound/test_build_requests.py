"""The pure `build_*` functions: provider request from message, window rules and limits."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from connectors.outbound.dispatch import route_for
from connectors.outbound.failures import Rejected, Transient, http_failure, parse_retry_after
from connectors.outbound.graph_sender import build_graph_request, graph_failure
from connectors.outbound.rebase import rebase
from connectors.outbound.smtp_sender import build_email, smtp_failure
from connectors.outbound.telegram_sender import build_telegram_message
from connectors.outbound.twilio_sender import build_twilio_message
from connectors.outbound.window import in_service_window
from connectors.outbound.x_sender import build_tweet, tweet_weight
from civicdesk.settings import Settings
from tests.connectors.outbound.conftest import NOW, OUTBOUND_SECRETS
from tests.connectors.outbound.messages import outbound


@pytest.fixture
def settings() -> Settings:
    return Settings(**OUTBOUND_SECRETS, smtp_host="127.0.0.1")  # type: ignore[arg-type]


@pytest.mark.parametrize("since,free_text", [
    (timedelta(hours=23, minutes=59, seconds=59), True),
    (timedelta(hours=24), False),
    (timedelta(days=5), False),
    (None, False),  # never heard from the citizen on WhatsApp: only a template may open the conversation
])
def test_whatsapp_window_decides_text_or_template_on_both_apis(since: timedelta | None, free_text: bool,
                                                               settings: Settings) -> None:
    message = outbound("whatsapp", since_citizen=since)
    twilio = build_twilio_message(message, settings, NOW)
    cloud = build_graph_request(message, settings, NOW).body
    assert ("body" in twilio) is free_text and ("content_sid" in twilio) is not free_text
    assert cloud["type"] == ("text" if free_text else "template")


def test_window_is_measured_from_the_citizens_last_message() -> None:
    last = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    assert in_service_window(last, last + timedelta(hours=23))
    assert not in_service_window(last, last + timedelta(hours=25))


def test_outside_the_window_without_a_template_is_a_permanent_failure(settings: Settings) -> None:
    bare = settings.model_copy(update={"whatsapp_template_content_sid": None, "whatsapp_template_name": None})
    message = outbound("whatsapp", since_citizen=timedelta(days=2))
    with pytest.raises(Rejected, match="whatsapp_template_content_sid"):
        build_twilio_message(message, bare, NOW)
    with pytest.raises(Rejected, match="whatsapp_template_name"):
        build_graph_request(message, bare, NOW)


@pytest.mark.parametrize("since,expected", [
    (timedelta(hours=3), {"messaging_type": "RESPONSE"}),
    (timedelta(days=3), {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}),
])
def test_messenger_tags_a_late_human_reply(since: timedelta, expected: dict[str, str], settings: Settings) -> None:
    body = build_graph_request(outbound("facebook", since_citizen=since), settings, NOW).body
    assert {k: body[k] for k in expected} == expected and ("tag" in body) == ("tag" in expected)


def test_messenger_refuses_a_reply_after_seven_days(settings: Settings) -> None:
    with pytest.raises(Rejected, match="7 days"):
        build_graph_request(outbound("instagram", since_citizen=timedelta(days=8)), settings, NOW)


def test_text_limits_per_channel(settings: Settings) -> None:
    with pytest.raises(Rejected, match="1600"):
        build_twilio_message(outbound("sms", text="a" * 1601), settings, NOW)
    assert build_twilio_message(outbound("sms", text="a" * 1600), settings, NOW)["body"] == "a" * 1600
    with pytest.raises(Rejected, match="4096"):
        build_telegram_message(outbound("telegram", text="a" * 4097))
    with pytest.raises(Rejected, match="2000"):
        build_graph_request(outbound("facebook", text="a" * 2001), settings, NOW)


def test_tweet_weight_counts_turkish_and_greek_as_one_and_cjk_as_two() -> None:
    assert tweet_weight("ğüşıöç ΑΒΓ") == 10
    assert tweet_weight("水道") == 4
    assert build_tweet(outbound("twitter", text="ş" * 280))["text"] == "ş" * 280
    with pytest.raises(Rejected, match="141|282"):
        build_tweet(outbound("twitter", text="水" * 141))


def test_tweet_without_a_tweet_to_answer_is_a_plain_tweet() -> None:
    assert build_tweet(outbound("twitter", in_reply_to=None)) == {"text": outbound("twitter").text}


def test_telegram_reply_target_is_the_message_id_of_the_chat_scoped_external_id() -> None:
    params = build_telegram_message(outbound("telegram", in_reply_to="-100123:77"))
    assert params["reply_parameters"]["message_id"] == 77
    assert "reply_parameters" not in build_telegram_message(outbound("telegram", in_reply_to=None))


def test_email_headers_thread_and_identify_the_reply(settings: Settings) -> None:
    mail = build_email(outbound("email", in_reply_to="CAF=abc@mail.example.com"), settings)
    assert mail["In-Reply-To"] == "<CAF=abc@mail.example.com>" == mail["References"]
    again = build_email(outbound("email", in_reply_to="CAF=abc@mail.example.com"), settings)
    assert mail["Message-ID"] == again["Message-ID"] and mail["Message-ID"].endswith("@belediye.example>")
    other = build_email(outbound("email", key="another reply"), settings)
    assert other["Message-ID"] != mail["Message-ID"]


def test_whatsapp_goes_back_through_the_api_the_citizen_wrote_through(settings: Settings) -> None:
    assert route_for(outbound("whatsapp"), settings) == "twilio"
    assert route_for(outbound("whatsapp", provider="cloud"), settings) == "graph"
    cloud = settings.model_copy(update={"whatsapp_provider": "cloud"})
    assert route_for(outbound("whatsapp"), cloud) == "graph"
    assert route_for(outbound("whatsapp", provider="twilio"), cloud) == "twilio"
    assert [route_for(outbound(c), settings) for c in ("sms", "telegram", "instagram", "email", "twitter")] == \
        ["twilio", "telegram", "graph", "smtp", "x"]


@pytest.mark.parametrize("status,transient", [(429, True), (408, True), (500, True), (503, True),
                                              (400, False), (401, False), (403, False), (404, False)])
def test_http_status_policy(status: int, transient: bool) -> None:
    assert isinstance(http_failure("p", status, "x"), Transient if transient else Rejected)


def test_graph_error_object_overrides_the_status() -> None:
    assert isinstance(graph_failure(400, {"error": {"code": 131056, "message": "pair rate limit"}}, None), Transient)
    assert isinstance(graph_failure(400, {"error": {"code": 100, "is_transient": True}}, None), Transient)
    assert isinstance(graph_failure(400, {"error": {"code": 131047, "message": "Re-engagement"}}, None), Rejected)
    assert isinstance(graph_failure(503, "<html>", None), Transient)


def test_smtp_reply_codes() -> None:
    assert isinstance(smtp_failure(421, "busy"), Transient) and isinstance(smtp_failure(552, "too big"), Rejected)


def test_retry_after_as_seconds_or_http_date() -> None:
    assert parse_retry_after("120", NOW) == 120.0
    assert parse_retry_after("Mon, 02 Mar 2026 09:00:30 GMT", NOW) == 30.0
    assert parse_retry_after("Mon, 02 Mar 2026 08:00:00 GMT", NOW) == 0.0
    assert parse_retry_after("soon", NOW) is None and parse_retry_after(None, NOW) is None


def test_rebase_keeps_path_and_query() -> None:
    assert rebase("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1", "http://127.0.0.1:9/tw") == \
        "http://127.0.0.1:9/tw/2010-04-01/Accounts/AC1/Messages.json?x=1"
