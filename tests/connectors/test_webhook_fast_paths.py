"""The webhook hot path's shortcuts answer exactly what the slow, obvious way answers: TwiML as the
SDK renders it, Twilio signatures as the SDK judges them, webhooks served by plain Starlette routes
with the app's error handling and OpenAPI document intact. Pure or in-process: no broker."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from civicdesk.errors import Retry
from civicdesk.kafka import AsyncProducer, Record, producer_config
from civicdesk.settings import Settings
from civicdesk.service import create_app
from connectors.form import Form
from connectors.http import plain_routes, routers
from connectors.twilio.routes import signature_matches, twiml_xml

TOKEN = "fast-path-token"
URL = "https://desk.example.org/webhooks/twilio/sms"


@pytest.mark.parametrize("text", [
    "Başvurunuz alındı: #A1B2C3", "a < b & c > d", 'quotes " and \' stay', "line\nbreak\ttab", "x]]>y",
    "Η αίτησή σας καταχωρήθηκε", "", None,
])
def test_twiml_is_what_the_sdk_renders(text: str | None) -> None:
    reply = MessagingResponse()
    if text:
        reply.message(text)
    assert twiml_xml(text) == str(reply)


def _params(**extra: str) -> Form:
    fields = {"MessageSid": "SM123", "From": "+905321234567", "To": "+908501530153", "Body": "Çöp alınmadı",
              "FromCity": "", **extra}
    return Form.parse(urlencode(fields).encode())


def test_signature_over_the_configured_url_is_accepted() -> None:
    v = RequestValidator(TOKEN)
    params = _params()
    assert signature_matches(v, URL, params, v.compute_signature(URL, params), None)


def test_signature_twilio_made_with_the_port_is_still_accepted() -> None:
    # Twilio sometimes signs https://host:443/...: the SDK's full check, with and without the port.
    v = RequestValidator(TOKEN)
    params = _params()
    signed_with_port = v.compute_signature("https://desk.example.org:443/webhooks/twilio/sms", params)
    assert signature_matches(v, URL, params, signed_with_port, None)


def test_signature_of_other_params_or_token_or_algorithm_is_refused() -> None:
    v = RequestValidator(TOKEN)
    params = _params()
    good = v.compute_signature(URL, params)
    assert not signature_matches(v, URL, _params(Body="başka metin"), good, None)
    assert not signature_matches(RequestValidator("other-token"), URL, params, good, None)
    assert not signature_matches(v, URL, params, "çok-yanlış-imza", None)
    assert not signature_matches(v, URL, params, good, "HMAC-MD5")


def _app(ingestor: object) -> TestClient:
    settings = Settings(twilio_auth_token=SecretStr(TOKEN), public_base_url="http://testserver",
                        kafka_bootstrap_servers="127.0.0.1:9", elasticsearch_url="http://127.0.0.1:9")
    return TestClient(create_app(settings, ingestor=ingestor, es=object()), raise_server_exceptions=False)


def _signed_post(client: TestClient, body: str = "Sokak lambası yanmıyor") -> object:
    params = {"MessageSid": "SM" + str(time.time_ns()), "From": "+905321234567", "To": "+908501530153", "Body": body}
    sig = RequestValidator(TOKEN).compute_signature("http://testserver/webhooks/twilio/sms", params)
    return client.post("/webhooks/twilio/sms", content=urlencode(params),
                       headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})


class Collecting:
    def __init__(self) -> None:
        self.published: list[object] = []

    async def publish(self, requests) -> None:  # type: ignore[no-untyped-def]
        self.published.extend(requests)

    async def dead_letter(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        raise AssertionError("nothing should be dead-lettered")


class Broken(Collecting):
    async def publish(self, requests) -> None:  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug of ours")


def test_webhook_served_by_the_plain_route_publishes_and_answers_twiml(monkeypatch) -> None:
    monkeypatch.setattr("civicdesk.pipeline_metrics.register", lambda *a, **k: None)
    ingestor = Collecting()
    with _app(ingestor) as client:
        resp = _signed_post(client)
        schema = client.get("/openapi.json").json()
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/xml")
    assert "<Message>" in resp.text and len(ingestor.published) == 1
    assert ingestor.published[0].text == "Sokak lambası yanmıyor"  # type: ignore[attr-defined]
    # The docs still list the webhooks the plain routes now serve.
    assert {"/webhooks/twilio/sms", "/webhooks/twilio/whatsapp", "/webhooks/meta"} <= set(schema["paths"])


def test_a_bug_behind_a_plain_route_still_answers_503_with_retry_after(monkeypatch) -> None:
    monkeypatch.setattr("civicdesk.pipeline_metrics.register", lambda *a, **k: None)
    with _app(Broken()) as client:
        resp = _signed_post(client)
    assert resp.status_code == 503 and resp.headers["retry-after"] == "5"


def test_only_post_endpoints_taking_the_bare_request_become_plain_routes() -> None:
    settings = Settings(kafka_bootstrap_servers="127.0.0.1:9", elasticsearch_url="http://127.0.0.1:9")
    plain = {r.path for r in plain_routes(routers(settings, Collecting(), lambda: None))}  # type: ignore[arg-type]
    assert {"/webhooks/twilio/sms", "/webhooks/twilio/whatsapp", "/webhooks/meta", "/webhooks/telegram",
            "/ingest/voice"} <= plain
    # GET handshakes and endpoints with typed parameters keep FastAPI's handling.
    assert not any(p.endswith("services.json") or "{" in p for p in plain)


def test_delivery_not_acknowledged_in_time_is_a_retry_not_a_hang() -> None:
    # Nothing listens on port 9: librdkafka keeps the message queued, the batch's timer fires.
    producer = AsyncProducer(producer_config("127.0.0.1:9", **{"message.timeout.ms": 60_000}))
    try:
        started = time.monotonic()
        with pytest.raises(Retry, match="did not acknowledge 2 records"):
            asyncio.run(producer.send_many([Record("requests.raw", b"k", b"v1", []),
                                            Record("requests.raw", b"k", b"v2", [])], timeout=0.3))
        assert time.monotonic() - started < 2
    finally:
        producer.close(timeout=0)
