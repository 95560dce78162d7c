"""Twilio WhatsApp and SMS details: media, location, profile name, buttons, voice notes, status callbacks."""

from __future__ import annotations

import pytest

from tests.connectors.channels import BY_NAME, _form
from tests.connectors.payloads import twilio_sms, twilio_whatsapp
from tests.support import unique

pytestmark = pytest.mark.slow
WA, SMS = BY_NAME["twilio-whatsapp"], BY_NAME["twilio-sms"]


def test_whatsapp_media_and_profile_name(harness) -> None:
    sid = "MM" + unique()
    params = twilio_whatsapp(sid, "Kaldırım çökmüş", NumMedia="2", MessageType="image",
                             MediaUrl0=f"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/{sid}/Media/ME1",
                             MediaContentType0="image/jpeg",
                             MediaUrl1=f"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/{sid}/Media/ME2",
                             MediaContentType1="image/png")
    req = WA.submit(harness, _form(params)).published[0]
    assert req.citizen.phone == "+905321234567" and req.citizen.display_name == "Ayşe"
    assert [a.content_type for a in req.attachments] == ["image/jpeg", "image/png"]


def test_whatsapp_location_share(harness) -> None:
    params = twilio_whatsapp("SM" + unique(), "", MessageType="location", Latitude="41.0082", Longitude="28.9784",
                             Address="Sultanahmet, Fatih", Label="Sultanahmet Meydanı")
    out = WA.submit(harness, _form(params))
    assert out.status == 200
    loc = out.published[0].location
    assert (loc.lat, loc.lon, loc.address) == (41.0082, 28.9784, "Sultanahmet, Fatih")


def test_voice_note_with_empty_body_is_accepted_as_audio(harness) -> None:
    sid = "MM" + unique()
    params = twilio_whatsapp(sid, "", NumMedia="1", MessageType="audio", MediaContentType0="audio/ogg",
                             MediaUrl0=f"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/{sid}/Media/ME3")
    req = WA.submit(harness, _form(params)).published[0]
    assert req.text == "" and req.attachments[0].content_type == "audio/ogg"


def test_quick_reply_button_text_becomes_the_message(harness) -> None:
    params = twilio_whatsapp("SM" + unique(), "", MessageType="button", ButtonText="Evet, hâlâ sorun var",
                             ButtonPayload="still_open")
    assert WA.submit(harness, _form(params)).published[0].text == "Evet, hâlâ sorun var"


@pytest.mark.parametrize("status", ["sent", "delivered", "read", "failed"])
def test_status_callbacks_are_ignored(harness, status: str) -> None:
    sid = "SM" + unique()
    params = {"MessageSid": sid, "MessageStatus": status, "SmsSid": sid, "SmsStatus": status,
              "AccountSid": "AC" + "1" * 32, "From": "whatsapp:+908501530153", "To": "whatsapp:+905321234567",
              "ApiVersion": "2010-04-01", "ChannelPrefix": "whatsapp"}
    out = WA.submit(harness, _form(params))
    assert out.status == 200 and out.published == [] and out.dead == []
    assert b"<Message>" not in out.body


def test_multi_segment_sms_is_one_request_and_acknowledged_in_greek_for_plus30(harness) -> None:
    long_text = "Η λακκούβα στην οδό Ερμού είναι επικίνδυνη. " * 6
    params = {**twilio_sms("SM" + unique(), long_text, sender="+306912345678"), "NumSegments": "4"}
    out = SMS.submit(harness, _form(params))
    assert len(out.published) == 1 and out.published[0].text == long_text
    assert "Αριθμός αιτήματος" in out.body.decode()
