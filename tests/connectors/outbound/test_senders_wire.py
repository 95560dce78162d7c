"""Each channel's sender, through its official SDK, puts the right request on the wire: asserted
on what the local fake provider received (URL, auth, body fields, threading)."""

from __future__ import annotations

import base64
import email
from datetime import timedelta
from email import policy

import pytest

from connectors.outbound.dispatch import Dispatcher
from civicdesk.settings import Settings
from schemas.request import request_number
from tests.connectors.outbound.conftest import NOW, OUTBOUND_SECRETS, outbound_settings
from tests.connectors.outbound.fakes import FakeProviders, FakeSmtp
from tests.connectors.outbound.messages import ADDRESSES, IN_REPLY_TO, outbound

TEXT = "Ekibimiz yarın sabah sokağınızdaki su arızasına bakacak."


def send(settings: Settings, message):  # type: ignore[no-untyped-def]
    dispatcher = Dispatcher(settings, lambda: NOW)
    try:
        return dispatcher.send(message)
    finally:
        dispatcher.close()


def test_sms_goes_to_the_twilio_messages_api_with_basic_auth(settings: Settings, providers: FakeProviders) -> None:
    sent = send(settings, outbound("sms", text=TEXT))
    [req] = providers.received
    sid = OUTBOUND_SECRETS["twilio_account_sid"]
    assert req.path == f"/2010-04-01/Accounts/{sid}/Messages.json"
    assert req.headers["authorization"] == "Basic " + base64.b64encode(f"{sid}:test-twilio-token".encode()).decode()
    assert req.fields == {"To": "+905321234567", "From": "+902120000153", "Body": TEXT}
    assert sent.provider_message_id and sent.provider_message_id.startswith("SM")


def test_whatsapp_on_twilio_inside_the_window_is_free_text(settings: Settings, providers: FakeProviders) -> None:
    send(settings, outbound("whatsapp", text=TEXT, since_citizen=timedelta(hours=23, minutes=59)))
    [req] = providers.requests_to("twilio")
    assert req.fields == {"To": "whatsapp:+905321234567", "From": "whatsapp:+902120000170", "Body": TEXT}


def test_whatsapp_on_twilio_outside_the_window_sends_the_template(settings: Settings, providers: FakeProviders) -> None:
    message = outbound("whatsapp", text=TEXT, since_citizen=timedelta(hours=30))
    send(settings, message)
    [req] = providers.requests_to("twilio")
    assert "Body" not in req.fields
    assert req.fields["ContentSid"] == OUTBOUND_SECRETS["whatsapp_template_content_sid"]
    assert req.fields["ContentVariables"] == '{"1": "%s"}' % request_number(message.request_id)


def test_telegram_replies_to_the_citizens_message_in_their_chat(settings: Settings, providers: FakeProviders) -> None:
    sent = send(settings, outbound("telegram", text=TEXT))
    [req] = providers.received
    assert req.path == "/bot123456:TEST-telegram-bot-token/sendMessage"
    assert req.fields["chat_id"] == ADDRESSES["telegram"] and req.fields["text"] == TEXT
    assert req.fields["reply_parameters"] == {"message_id": 4711, "allow_sending_without_reply": True}
    assert sent.provider_message_id == str(providers.answered[0]["result"]["message_id"])


def test_whatsapp_cloud_inside_the_window_quotes_the_citizens_message(settings: Settings,
                                                                      providers: FakeProviders) -> None:
    cloud = settings.model_copy(update={"whatsapp_provider": "cloud"})
    sent = send(cloud, outbound("whatsapp", text=TEXT))
    [req] = providers.received
    assert req.path == f"/v21.0/{OUTBOUND_SECRETS['whatsapp_phone_number_id']}/messages"
    assert req.headers["authorization"] == "Bearer test-whatsapp-token"
    assert req.fields == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "905321234567",
                          "type": "text", "text": {"body": TEXT, "preview_url": False},
                          "context": {"message_id": IN_REPLY_TO["whatsapp"]}}
    assert sent.provider_message_id.startswith("wamid.")


def test_whatsapp_cloud_outside_the_window_sends_the_template(settings: Settings, providers: FakeProviders) -> None:
    message = outbound("whatsapp", text=TEXT, since_citizen=timedelta(days=3), provider="cloud")
    send(settings, message)  # provider on the message wins over settings.whatsapp_provider ("twilio")
    [req] = providers.requests_to("whatsapp")
    assert req.fields["type"] == "template" and "text" not in req.fields
    assert req.fields["template"] == {
        "name": "request_update", "language": {"code": "tr"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": request_number(message.request_id)}]}]}


@pytest.mark.parametrize("channel", ["facebook", "instagram"])
def test_messenger_and_instagram_use_the_page_send_api(channel: str, settings: Settings,
                                                       providers: FakeProviders) -> None:
    sent = send(settings, outbound(channel, text=TEXT))
    [req] = providers.received
    assert req.path == "/v21.0/me/messages"
    assert req.headers["authorization"] == "Bearer test-page-token"
    assert req.fields == {"recipient": {"id": ADDRESSES[channel]}, "message": {"text": TEXT},
                          "messaging_type": "RESPONSE"}
    assert sent.provider_message_id.startswith("m_")


def test_email_is_threaded_under_the_citizens_message(settings: Settings, smtp: FakeSmtp) -> None:
    message = outbound("email", text=TEXT)
    sent = send(settings, message)
    [mail] = smtp.mails
    assert mail.mail_from == "beyazmasa@belediye.example" and mail.rcpt_tos == ("ayse.yilmaz@example.com",)
    parsed = email.message_from_bytes(mail.content, policy=policy.default)
    assert parsed["In-Reply-To"] == IN_REPLY_TO["email"] == parsed["References"]
    assert parsed["Subject"] == "Re: Su kesintisi" and parsed["Content-Language"] == "tr"
    assert parsed["Message-ID"] == sent.provider_message_id
    assert message.message_id in parsed["Message-ID"]  # the same on a resend
    assert parsed.get_content().strip() == TEXT
    assert parsed["Auto-Submitted"] is None  # a person's reply, not an automatic one


def test_email_acknowledgement_is_marked_automatic(settings: Settings, smtp: FakeSmtp) -> None:
    send(settings, outbound("email", kind="acknowledgement", text="Talebiniz alındı."))
    parsed = email.message_from_bytes(smtp.mails[0].content, policy=policy.default)
    assert parsed["Auto-Submitted"] == "auto-replied"


def test_tweet_reply_goes_to_the_configured_x_host_with_oauth1(settings: Settings, providers: FakeProviders) -> None:
    sent = send(settings, outbound("twitter", text="@ayse_y Ekibimiz yolda."))
    [req] = providers.received
    assert req.path == "/2/tweets"
    assert req.fields == {"text": "@ayse_y Ekibimiz yolda.", "reply": {"in_reply_to_tweet_id": IN_REPLY_TO["twitter"]}}
    auth = req.headers["authorization"]
    assert auth.startswith("OAuth ") and 'oauth_consumer_key="test-consumer-key"' in auth
    assert 'oauth_token="1-test-access-token"' in auth
    assert sent.provider_message_id == providers.answered[0]["data"]["id"]


def test_settings_point_every_sender_at_the_fakes(providers: FakeProviders, smtp: FakeSmtp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = outbound_settings(providers, smtp, tmp_path)
    for channel in ("sms", "telegram", "facebook", "twitter"):
        send(settings, outbound(channel))
    assert [r.api for r in providers.received] == ["twilio", "telegram", "messenger", "x"]
