"""How the demo posts a sample message through each channel's real entry point.

Each function builds the provider's wire format (signed the way the provider signs it) from
a sample line and returns (external_id, status code). Email and tweets have no webhook: they
go through `ingest_offline`, the code behind `civicdesk ingest eml|tweets`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable
from urllib.parse import urlencode

import httpx
from twilio.request_validator import RequestValidator

Sample = dict[str, Any]
Poster = Callable[[httpx.AsyncClient, Sample, dict[str, str], str], Awaitable[tuple[str, int]]]


def provider_id(prefix: str, sample: Sample, width: int = 32) -> str:
    return prefix + hashlib.sha256(f"demo:{sample['id']}".encode()).hexdigest()[:width]


async def post_twilio(client: httpx.AsyncClient, sample: Sample, secrets: dict[str, str], base_url: str) -> tuple[str, int]:
    whatsapp = sample["channel"] == "whatsapp"
    sid = provider_id("SM", sample)
    sender = sample["from"]["phone"]
    params = {
        "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32,
        "From": f"whatsapp:{sender}" if whatsapp else sender,
        "To": "whatsapp:+908501530153" if whatsapp else "+908501530153",
        "Body": sample["text"], "NumMedia": "0", "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01",
        "FromCity": "", "FromState": "", "FromZip": "", "FromCountry": "TR",
    }
    if whatsapp:
        params["ProfileName"] = sample["from"].get("profile_name", "")
        params["WaId"] = sender.lstrip("+")
        if sample.get("lat") is not None:
            params.update({"Latitude": str(sample["lat"]), "Longitude": str(sample["lon"]), "MessageType": "location"})
    path = "/webhooks/twilio/whatsapp" if whatsapp else "/webhooks/twilio/sms"
    signature = RequestValidator(secrets["twilio_auth_token"]).compute_signature(base_url.rstrip("/") + path, params)
    resp = await client.post(path, content=urlencode(params), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    return sid, resp.status_code


def _pick(sample: Sample, n: int) -> int:
    """A stable choice among n variants for one sample (which engine, which WhatsApp provider)."""
    return int(hashlib.sha256(f"variant:{sample['id']}".encode()).hexdigest()[:8], 16) % n


def _epoch(sample: Sample) -> int:
    # Spread over the last hour, deterministic per sample, so providers' timestamps look real.
    return int(time.time()) - _pick(sample, 3600)


async def _post_json(client: httpx.AsyncClient, path: str, payload: Any, headers: dict[str, str]) -> httpx.Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return await client.post(path, content=body, headers={"Content-Type": "application/json", **headers})


def _meta_signature(secrets: dict[str, str], body: bytes) -> dict[str, str]:
    digest = hmac.new(secrets["meta_app_secret"].encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": "sha256=" + digest}


async def post_meta(client: httpx.AsyncClient, sample: Sample, secrets: dict[str, str], base_url: str) -> tuple[str, int]:
    """WhatsApp Cloud API, Messenger or Instagram notification, signed with the app secret."""
    channel, sender = sample["channel"], sample["from"]
    if channel == "whatsapp":
        mid = "wamid." + provider_id("HBgM", sample, 40)
        wa_id = sender["phone"].lstrip("+")
        message: dict[str, Any] = {"from": wa_id, "id": mid, "timestamp": str(_epoch(sample)), "type": "text",
                                   "text": {"body": sample["text"]}}
        if sample.get("lat") is not None:
            message = {**message, "type": "location", "location": {
                "latitude": sample["lat"], "longitude": sample["lon"], "name": sample.get("neighbourhood") or ""}}
            message.pop("text")
        payload: dict[str, Any] = {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "908501530153", "phone_number_id": "106540352242922"},
                "contacts": [{"profile": {"name": sender.get("profile_name") or ""}, "wa_id": wa_id}],
                "messages": [message]}}]}]}
    else:
        mid = "m_" + provider_id("", sample, 40)
        psid = sender.get("psid") or sender.get("igsid")
        payload = {"object": "page" if channel == "facebook" else "instagram", "entry": [{
            "id": "105287715829530", "time": _epoch(sample) * 1000, "messaging": [{
                "sender": {"id": psid}, "recipient": {"id": "105287715829530"}, "timestamp": _epoch(sample) * 1000,
                "message": {"mid": mid, "text": sample["text"]}}]}]}
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    resp = await client.post("/webhooks/meta", content=body,
                             headers={"Content-Type": "application/json", **_meta_signature(secrets, body)})
    return mid, resp.status_code


async def post_whatsapp(client: httpx.AsyncClient, sample: Sample, secrets: dict[str, str], base_url: str) -> tuple[str, int]:
    """WhatsApp arrives through Twilio or through Meta's Cloud API, as municipalities use either."""
    if _pick(sample, 2) == 0:
        return await post_twilio(client, sample, secrets, base_url)
    return await post_meta(client, sample, secrets, base_url)


async def post_telegram(client: httpx.AsyncClient, sample: Sample, secrets: dict[str, str], base_url: str) -> tuple[str, int]:
    sender = sample["from"]
    user_id = int(sender["user_id"])
    message_id = int(provider_id("", sample, 7), 16)
    update = {"update_id": int(provider_id("", sample, 8), 16), "message": {
        "message_id": message_id, "date": _epoch(sample),
        "chat": {"id": user_id, "type": "private", "first_name": sender.get("first_name") or ""},
        "from": {"id": user_id, "is_bot": False, "first_name": sender.get("first_name") or "",
                 "username": sender.get("username"), "language_code": sample.get("lang")},
        "text": sample["text"]}}
    if sample.get("lat") is not None:
        update["message"]["location"] = {"latitude": sample["lat"], "longitude": sample["lon"]}
    resp = await _post_json(client, "/webhooks/telegram", update,
                            {"X-Telegram-Bot-Api-Secret-Token": secrets["telegram_secret_token"]})
    return f"{user_id}:{message_id}", resp.status_code


_AGENT = {"tr": "Alo 153, buyurun.", "el": "Γραμμή εξυπηρέτησης, παρακαλώ.", "en": "Citizen line, how can I help?"}


def _aws_transcript(job: str, sample: Sample) -> dict[str, Any]:
    """An Amazon Transcribe job output: the agent (spk_0) greets, the citizen (spk_1) speaks."""
    items: list[dict[str, Any]] = []
    clock = 0.0
    for speaker, sentence in (("spk_0", _AGENT.get(sample.get("lang") or "", _AGENT["en"])), ("spk_1", sample["text"])):
        for token in sentence.split():
            word, punct = (token[:-1], token[-1]) if len(token) > 1 and token[-1] in ".,?!" else (token, "")
            items.append({"start_time": f"{clock:.2f}", "end_time": f"{clock + 0.4:.2f}", "speaker_label": speaker,
                          "type": "pronunciation", "alternatives": [{"confidence": "0.97", "content": word}]})
            clock += 0.45
            if punct:
                items.append({"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": punct}]})
    lang = {"tr": "tr-TR", "el": "el-GR"}.get(sample.get("lang") or "", "en-US")
    return {"jobName": job, "accountId": "123456789012", "status": "COMPLETED",
            "results": {"language_code": lang, "transcripts": [{"transcript": sample["text"]}], "items": items,
                        "speaker_labels": {"speakers": 2, "segments": []}}}


async def post_voice(client: httpx.AsyncClient, sample: Sample, secrets: dict[str, str], base_url: str) -> tuple[str, int]:
    """A call transcript from one of the three engines the call centres use."""
    call_id = provider_id("call-", sample, 16)
    started = datetime.fromtimestamp(_epoch(sample), timezone(timedelta(hours=3))).isoformat()
    fmt = ("aws-transcribe", "whisper", "google")[_pick(sample, 3)]
    external = call_id
    if fmt == "aws-transcribe":
        external = provider_id("job-", sample, 16)
        transcript: dict[str, Any] = _aws_transcript(external, sample)
    elif fmt == "whisper":
        transcript = {"text": " " + sample["text"], "language": sample.get("lang"),
                      "segments": [{"id": 0, "start": 0.0, "end": 6.0, "text": " " + sample["text"]}]}
    else:
        lang = {"tr": "tr-tr", "el": "el-gr"}.get(sample.get("lang") or "", "en-us")
        transcript = {"results": [{"alternatives": [{"transcript": sample["text"], "confidence": 0.9}],
                                   "languageCode": lang, "resultEndTime": "6.000s"}]}
    envelope = {"call_id": call_id, "caller": sample["from"]["phone"], "started_at": started, "format": fmt,
                "transcript": transcript}
    resp = await _post_json(client, "/ingest/voice", envelope, {"Authorization": f"Bearer {secrets['voice_token']}"})
    return external, resp.status_code


async def post_open311(client: httpx.AsyncClient, sample: Sample, secrets: dict[str, str], base_url: str) -> tuple[str, int]:
    from connectors.open311.normalise import external_id_for

    sender = sample["from"]
    form = {"service_code": sample.get("service_code") or "general", "description": sample["text"],
            "first_name": sender.get("first_name") or "", "last_name": sender.get("last_name") or ""}
    if sender.get("email"):
        form["email"] = sender["email"]
    if sender.get("phone"):
        form["phone"] = sender["phone"]
    if sample.get("lat") is not None:
        form.update({"lat": str(sample["lat"]), "long": str(sample["lon"])})
    else:
        form["address_string"] = sample.get("neighbourhood") or "bilinmiyor"
    if secrets.get("open311_api_key"):
        form["api_key"] = secrets["open311_api_key"]
    body = urlencode(form).encode()
    resp = await client.post("/open311/v2/requests.json", content=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    return external_id_for(body), resp.status_code


POSTERS: dict[str, Poster] = {
    "sms": post_twilio,
    "whatsapp": post_whatsapp,
    "facebook": post_meta,
    "instagram": post_meta,
    "telegram": post_telegram,
    "voice": post_voice,
    "web": post_open311,
}


# --- email and tweets: no webhook, they enter through `civicdesk ingest eml|tweets` ---------

def sample_eml(sample: Sample) -> tuple[str, bytes]:
    """(Message-ID, RFC 5322 bytes) of a sample as a mail client would send it."""
    from email.message import EmailMessage
    from email.utils import format_datetime

    sender = sample["from"]
    msg = EmailMessage()
    msg["From"] = f"{sender.get('name') or ''} <{sender['email']}>"
    msg["To"] = "beyazmasa@belediye.gov.tr"
    msg["Subject"] = sample.get("subject") or ""
    message_id = f"<{provider_id('', sample, 24)}@mail.example.org>"
    msg["Message-ID"] = message_id
    msg["Date"] = format_datetime(datetime.fromtimestamp(_epoch(sample), timezone.utc))
    msg.set_content(sample["text"])
    return message_id, bytes(msg)


def sample_tweet_page(samples: list[Sample]) -> tuple[dict[str, Any], list[str]]:
    """One X API v2 mentions page holding every tweet sample, and each tweet's id in order."""
    tweets, users, ids = [], {}, []
    for sample in samples:
        sender = sample["from"]
        tid = str(int(provider_id("", sample, 15), 16))
        ids.append(tid)
        created = datetime.fromtimestamp(_epoch(sample), timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        tweet: dict[str, Any] = {"id": tid, "edit_history_tweet_ids": [tid], "text": sample["text"],
                                 "author_id": str(sender["user_id"]), "created_at": created,
                                 "lang": sample.get("lang"), "conversation_id": tid}
        if sample.get("lat") is not None:
            tweet["geo"] = {"coordinates": {"type": "Point", "coordinates": [sample["lon"], sample["lat"]]}}
        tweets.append(tweet)
        users[str(sender["user_id"])] = {"id": str(sender["user_id"]), "username": sender["username"],
                                         "name": sender.get("name") or sender["username"]}
    page = {"data": tweets, "includes": {"users": list(users.values())},
            "meta": {"result_count": len(tweets), "newest_id": max(ids, key=int) if ids else None}}
    return page, ids


async def ingest_offline(settings: Any, samples: list[Sample]) -> list[tuple[Sample, str, int]]:
    """Email and tweet samples through the code `civicdesk ingest eml|tweets` runs, with one
    Kafka producer. Returns (sample, external id, 200 if accepted else 422) per sample."""
    from civicdesk.kafka import AsyncProducer, producer_config
    from connectors.email.files import ingest_eml
    from connectors.ingest import KafkaIngestor
    from connectors.twitter.ingest import ingest_tweet_file

    emails = [s for s in samples if s["channel"] == "email"]
    tweets = [s for s in samples if s["channel"] == "twitter"]
    out: list[tuple[Sample, str, int]] = []
    producer = AsyncProducer(producer_config(settings.kafka_servers, **{"client.id": "civicdesk-demo-ingest"}))
    try:
        ingestor = KafkaIngestor(producer)
        if emails:
            built = [sample_eml(s) for s in emails]
            result = await ingest_eml(ingestor, [(f"demo/{s['id']}.eml", data) for s, (_, data) in zip(emails, built)],
                                      lambda: datetime.now(timezone.utc))
            accepted = {r.external_id for r in result.accepted}
            out += [(s, mid, 200 if mid in accepted else 422) for s, (mid, _) in zip(emails, built)]
        if tweets:
            page, ids = sample_tweet_page(tweets)
            result = await ingest_tweet_file(ingestor, json.dumps(page, ensure_ascii=False).encode(), "demo/mentions.json")
            accepted = {r.external_id for r in result.accepted}
            out += [(s, tid, 200 if tid in accepted else 422) for s, tid in zip(tweets, ids)]
    finally:
        producer.close()
    return out


OFFLINE_CHANNELS = frozenset({"email", "twitter"})
