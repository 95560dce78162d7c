"""Provider payloads for tests, shaped after the providers' documentation and SDK fixtures
(see fixtures/README.md for which shape came from where). Each builder takes a unique id so
tests never see each other's messages."""

from __future__ import annotations

import hashlib
import json
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone
from typing import Any

NOW = datetime(2026, 3, 5, 9, 30, tzinfo=timezone.utc)


def twilio_sms(uid: str, body: str, sender: str = "+905321234567") -> dict[str, str]:
    # twilio-python tests and Twilio's "Messaging webhooks" reference: every parameter posted, blanks included.
    return {"ToCountry": "TR", "ToState": "", "SmsMessageSid": uid, "NumMedia": "0", "ToCity": "", "FromZip": "",
            "SmsSid": uid, "FromState": "", "SmsStatus": "received", "FromCity": "", "Body": body, "FromCountry": "TR",
            "To": "+908501530153", "ToZip": "", "NumSegments": "1", "MessageSid": uid, "AccountSid": "AC" + "1" * 32,
            "From": sender, "ApiVersion": "2010-04-01"}


def twilio_whatsapp(uid: str, body: str, sender: str = "+905321234567", **extra: str) -> dict[str, str]:
    params = {"SmsMessageSid": uid, "NumMedia": "0", "ProfileName": "Ayşe", "MessageType": "text",
              "SmsSid": uid, "WaId": sender.lstrip("+"), "SmsStatus": "received", "Body": body,
              "To": "whatsapp:+908501530153", "NumSegments": "1", "ReferralNumMedia": "0", "MessageSid": uid,
              "AccountSid": "AC" + "1" * 32, "From": f"whatsapp:{sender}", "ApiVersion": "2010-04-01"}
    params.update(extra)
    return params


def meta_whatsapp(uid: str, text: str, wa_id: str = "905321234567", messages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    # Meta "WhatsApp Cloud API > Webhooks > messages" example notification.
    msgs = messages if messages is not None else [
        {"from": wa_id, "id": f"wamid.{uid}", "timestamp": "1772703000", "text": {"body": text}, "type": "text"}]
    return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "value": {"messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "908501530153", "phone_number_id": "106540352242922"},
                  "contacts": [{"profile": {"name": "Mehmet Kaya"}, "wa_id": wa_id}],
                  "messages": msgs},
        "field": "messages"}]}]}


def meta_messaging(obj: str, uid: str, text: str, psid: str = "6794052370650781") -> dict[str, Any]:
    # Messenger Platform "messages" webhook event reference (Instagram uses the same messaging shape).
    return {"object": obj, "entry": [{"id": "105287715829530", "time": 1772703000123, "messaging": [{
        "sender": {"id": psid}, "recipient": {"id": "105287715829530"}, "timestamp": 1772703000000,
        "message": {"mid": f"m_{uid}", "text": text}}]}]}


def telegram_update(uid: str, text: str, user_id: int = 424242, chat_id: int | None = None,
                    update_id: int = 10000, **message: Any) -> dict[str, Any]:
    # Bot API "Update"/"Message" objects, as python-telegram-bot's tests build them.
    msg_id = message_id(uid)
    msg = {"message_id": msg_id, "date": 1772703000,
           "chat": {"id": chat_id or user_id, "type": "private", "first_name": "Ayşe"},
           "from": {"id": user_id, "is_bot": False, "first_name": "Ayşe", "last_name": "Yılmaz",
                    "username": "ayseyilmaz", "language_code": "tr"},
           "text": text}
    msg.update(message)
    return {"update_id": update_id, "message": msg}


def message_id(uid: str) -> int:
    return int(hashlib.sha256(uid.encode()).hexdigest()[:7], 16)


def voice_envelope(uid: str, text: str, fmt: str = "whisper") -> dict[str, Any]:
    words = text.split(" ")
    if fmt == "whisper":
        # openai-whisper transcribe() result: text, segments, language.
        transcript: dict[str, Any] = {"text": " " + text, "language": "tr", "segments": [
            {"id": 0, "seek": 0, "start": 0.0, "end": 4.2, "text": " " + text, "tokens": [50364, 50574],
             "temperature": 0.0, "avg_logprob": -0.21, "compression_ratio": 1.1, "no_speech_prob": 0.01}]}
    elif fmt == "google":
        transcript = {"results": [{"alternatives": [{"transcript": text, "confidence": 0.92}],
                                   "resultEndTime": "4.200s", "languageCode": "tr-tr"}],
                      "totalBilledTime": "5s", "requestId": "7341098751"}
    else:
        transcript = aws_transcribe(uid, [("spk_0", "Alo 153 buyurun."), ("spk_1", text)])
    return {"call_id": f"call-{uid}", "caller": "+905321234567", "started_at": "2026-03-05T12:30:00+03:00",
            "format": fmt, "transcript": transcript}


def aws_transcribe(job: str, turns: list[tuple[str, str]], language: str = "tr-TR") -> dict[str, Any]:
    # Amazon Transcribe job output with speaker labels: results.items of pronunciation/punctuation.
    items: list[dict[str, Any]] = []
    t = 0.0
    for speaker, sentence in turns:
        for token in sentence.split():
            word, punct = (token[:-1], token[-1]) if token[-1] in ".,?!" and len(token) > 1 else (token, "")
            items.append({"start_time": f"{t:.2f}", "end_time": f"{t + 0.4:.2f}", "speaker_label": speaker,
                          "alternatives": [{"confidence": "0.98", "content": word}], "type": "pronunciation"})
            t += 0.45
            if punct:
                items.append({"alternatives": [{"confidence": "0.0", "content": punct}], "type": "punctuation"})
    return {"jobName": f"job-{job}", "accountId": "123456789012", "status": "COMPLETED",
            "results": {"language_code": language,
                        "transcripts": [{"transcript": " ".join(s for _, s in turns)}],
                        "speaker_labels": {"speakers": len({s for s, _ in turns}), "segments": []},
                        "items": items}}


def open311_form(uid: str, text: str, api_key: str | None) -> dict[str, str]:
    # GeoReport v2 "POST Service Request" arguments.
    form = {"service_code": "sanitation", "lat": "39.9208", "long": "32.8541", "address_string": "Kızılay Meydanı",
            "email": f"Citizen.{uid}@Example.org", "first_name": "Ayşe", "last_name": "Yılmaz",
            "description": text, "media_url": ""}
    if api_key:
        form["api_key"] = api_key
    return form


def email_bytes(uid: str, text: str, sender: str = "Ayşe Yılmaz <ayse@example.org>") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "beyazmasa@belediye.gov.tr"
    msg["Subject"] = "Çöp toplanmadı"
    msg["Message-ID"] = f"<{uid}@mail.example.org>"
    msg["Date"] = format_datetime(NOW)
    msg.set_content(text)
    return bytes(msg)


def tweet_page(uid_num: str, text: str, username: str = "vatandas_ank", **tweet: Any) -> dict[str, Any]:
    # tweepy cassette test_client_get_users_mentions.yaml (data, meta) + X API v2 expansions.
    t = {"id": uid_num, "edit_history_tweet_ids": [uid_num], "text": text, "author_id": "1500000000000000001",
         "created_at": "2026-03-05T09:30:00.000Z", "lang": "tr", "conversation_id": uid_num}
    t.update(tweet)
    return {"data": [t], "includes": {"users": [{"id": "1500000000000000001", "name": "Vatandaş",
                                                  "username": username}]},
            "meta": {"newest_id": uid_num, "oldest_id": uid_num, "result_count": 1}}


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
