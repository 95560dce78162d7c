"""`OutboundMessage.for_request`: the way back to the citizen is taken from their request."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from schemas.outbound import OutboundKind, OutboundMessage
from schemas.request import Citizen, CitizenRequest, RawPayload

AT = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def request(channel: str, external_id: str, citizen: Citizen, **extra: object) -> CitizenRequest:
    return CitizenRequest(channel=channel, external_id=external_id, received_at=AT - timedelta(hours=1),
                          citizen=citizen, text="Su yok", raw=RawPayload(content_type="text/plain", body="x"),
                          **extra)


def test_email_reply_is_threaded_with_a_re_subject() -> None:
    req = request("email", "<CAF=abc@mail.example.com>", Citizen.from_identities(email="Ayse@Example.com"),
                  subject="Su kesintisi", language="tr")
    msg = OutboundMessage.for_request(req, "reply", "Ekip yolda.", created_at=AT)
    assert (msg.channel, msg.to, msg.in_reply_to, msg.subject, msg.language) == \
        ("email", "ayse@example.com", "<CAF=abc@mail.example.com>", "Re: Su kesintisi", "tr")
    assert msg.last_inbound_at == req.received_at
    again = OutboundMessage.for_request(req.enrich(subject="Re: Su kesintisi"), "reply", "x", created_at=AT)
    assert again.subject == "Re: Su kesintisi"


def test_telegram_answers_in_the_chat_the_message_came_from() -> None:
    req = request("telegram", "-1001234:77", Citizen.from_identities(handle="555", channel="telegram"))
    msg = OutboundMessage.for_request(req, "reply", "Tamam", created_at=AT)
    assert (msg.to, msg.in_reply_to) == ("-1001234", "-1001234:77")


def test_whatsapp_provider_follows_the_inbound_message_id() -> None:
    phone = Citizen.from_identities(phone="+905321234567")
    cloud = OutboundMessage.for_request(request("whatsapp", "wamid.HBgM", phone), "reply", "x", created_at=AT)
    twilio = OutboundMessage.for_request(request("whatsapp", "SM123", phone), "reply", "x", created_at=AT)
    assert (cloud.provider, twilio.provider) == ("cloud", "twilio") and cloud.to == "+905321234567"


def test_a_call_or_a_web_form_is_answered_by_sms_or_email() -> None:
    phone = Citizen.from_identities(phone="+302101234567")
    call = OutboundMessage.for_request(request("voice", "CA1", phone), "acknowledgement", "x", created_at=AT)
    assert (call.channel, call.to, call.in_reply_to) == ("sms", "+302101234567", None)
    form = request("web", "sr-9", Citizen(id="a@example.com", email="a@example.com", phone="+302101234567"))
    assert OutboundMessage.for_request(form, "reply", "x", created_at=AT).channel == "email"


def test_a_request_without_an_address_on_its_channel_cannot_be_answered() -> None:
    req = request("facebook", "m_1", Citizen(id="anon"))
    with pytest.raises(ValueError, match="no facebook address"):
        OutboundMessage.for_request(req, "reply", "x", created_at=AT)


def test_ids_make_acknowledgements_once_per_request_and_replies_distinct() -> None:
    req = request("sms", "SM1", Citizen.from_identities(phone="+905321234567"))
    ack1 = OutboundMessage.for_request(req, "acknowledgement", "Alındı", created_at=AT)
    ack2 = OutboundMessage.for_request(req, OutboundKind.acknowledgement, "Alındı!", created_at=AT + timedelta(1))
    assert ack1.message_id == ack2.message_id
    r1 = OutboundMessage.for_request(req, "reply", "Ekip yolda.", created_at=AT, key="action-1")
    r2 = OutboundMessage.for_request(req, "reply", "Ekip yolda.", created_at=AT, key="action-2")
    r1_again = OutboundMessage.for_request(req, "reply", "Ekip yolda.", created_at=AT + timedelta(1), key="action-1")
    assert r1.message_id != r2.message_id and r1.message_id == r1_again.message_id != ack1.message_id


def test_round_trip_and_validation() -> None:
    req = request("sms", "SM1", Citizen.from_identities(phone="+905321234567"))
    msg = OutboundMessage.for_request(req, "satisfaction_check", "1-5?", created_at=AT)
    assert OutboundMessage.from_json(msg.to_json()) == msg
    base = msg.model_dump()
    with pytest.raises(ValidationError, match="E.164"):
        OutboundMessage(**{**base, "to": "0532 123 45 67"})
    with pytest.raises(ValidationError, match="no outbound connector for voice"):
        OutboundMessage(**{**base, "channel": "voice"})
    with pytest.raises(ValidationError, match="provider is only for whatsapp"):
        OutboundMessage(**{**base, "provider": "cloud"})
