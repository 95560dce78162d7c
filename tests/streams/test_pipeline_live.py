"""The stream stage through the real pipeline (webhook -> Faust -> index): same-citizen
duplicates across channels, one incident from several citizens, the status lifecycle with
its dead-lettered invalid transitions, and the satisfaction check when resolved."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timezone

import httpx
import pytest
from confluent_kafka import Producer

from civicdesk.kafka import producer_config
from schemas import topics
from schemas.events import StatusChange
from schemas.request import make_request_id
from tests.conftest import TEST_API_KEY
from tests.signing import twilio_form
from tests.support import read_topic, unique

pytestmark = pytest.mark.slow


def post_sms(live, client: httpx.Client, text: str, phone: str, whatsapp: bool = False) -> str:
    sid = unique("SM")
    path = "/webhooks/twilio/whatsapp" if whatsapp else "/webhooks/twilio/sms"
    params = {"MessageSid": sid, "From": f"whatsapp:{phone}" if whatsapp else phone, "To": "+908501530153",
              "Body": text, "NumMedia": "0"}
    body, headers = twilio_form(live.secrets["twilio_auth_token"], live.base_url + path, params)
    assert client.post(path, content=body, headers=headers).status_code == 200
    return make_request_id("whatsapp" if whatsapp else "sms", sid)


def get_doc(client: httpx.Client, request_id: str, ready=lambda d: True, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    doc: dict = {}
    while time.monotonic() < deadline:
        resp = client.get(f"/requests/{request_id}")
        if resp.status_code == 200:
            doc = resp.json()
            if ready(doc):
                return doc
        time.sleep(0.25)
    raise AssertionError(f"{request_id} not ready within {timeout} s: {doc}")


def phone_for(tag: str) -> str:
    return "+90533" + str(int(tag[-6:], 16) % 10_000_000).zfill(7)


@pytest.fixture
def client(live):
    with httpx.Client(base_url=live.base_url, timeout=10, headers={"Authorization": f"Bearer {TEST_API_KEY}"}) as c:
        yield c


def test_same_citizen_on_two_channels_is_one_request_with_a_linked_duplicate(live, client) -> None:
    phone = phone_for(unique())
    first = post_sms(live, client, "Çaldıran Sokak'ta çöpler 4 gündür alınmadı, konteyner taştı", phone)
    get_doc(client, first)
    again = post_sms(live, client, "ÇÖPLER HALA ALINMADI!!! Çaldıran sokak konteyner taşıyor", phone, whatsapp=True)
    dup = get_doc(client, again, ready=lambda d: d.get("duplicate_of"))
    assert dup["duplicate_of"] == first and dup["channel"] == "whatsapp"
    # Not routed again: the department feed has the first request only.
    feed = read_topic(live.bootstrap, topics.dept_topic("sanitation"), timeout=5,
                      match=lambda m: m.key() in (first.encode(), again.encode()))
    assert [m.key() for m in feed] == [first.encode()]


def test_reports_of_one_incident_by_different_citizens_join_one_incident(live, client) -> None:
    tag = unique()
    texts = ["Kocatepe Mahallesi'nde ana su borusu patladı, cadde göl oldu",
             "kocatepe mah su borusu patlamis sokak su icinde",
             "Kocatepe'de patlayan su borusu yüzünden yol su altında, acil müdahale"]
    ids = [post_sms(live, client, text, phone_for(tag[:-1] + str(i))) for i, text in enumerate(texts)]
    last = get_doc(client, ids[-1], ready=lambda d: d.get("incident_id"))
    first = get_doc(client, ids[0], ready=lambda d: (d.get("incident_reports") or 0) >= 3)
    assert first["incident_id"] == last["incident_id"]
    updates = read_topic(live.bootstrap, topics.dept_topic("water-sewer"), timeout=10, until=2,
                         match=lambda m: dict(m.headers()).get("kind") == b"incident_update"
                         and json.loads(m.value())["incident_id"] == first["incident_id"])
    assert max(json.loads(m.value())["report_count"] for m in updates) == 3


def test_status_lifecycle_applies_valid_changes_and_dead_letters_invalid_ones(live, client) -> None:
    request_id = post_sms(live, client, "Dikmen Caddesi'nde sokak lambası yanmıyor", phone_for(unique()))
    get_doc(client, request_id)
    now = datetime.now(timezone.utc)
    producer = Producer(producer_config(live.bootstrap))

    def publish(status: str, seconds: int) -> None:
        change = StatusChange(request_id=request_id, status=status, note=f"{status} by crew", actor="public-works",
                              at=now.replace(microsecond=0).fromtimestamp(now.timestamp() + seconds, timezone.utc))
        producer.produce(topics.STATUS, key=request_id.encode(), value=change.to_json())
        producer.flush(10)

    publish("in_progress", 1)
    publish("resolved", 2)
    publish("closed", 3)
    publish("in_progress", 4)  # anything after closed is invalid
    doc = get_doc(client, request_id, ready=lambda d: d.get("status") == "closed")
    assert [h["status"] for h in doc["status_history"]][-3:] == ["in_progress", "resolved", "closed"]
    dead = read_topic(live.bootstrap, topics.DLQ, timeout=15, until=1,
                      match=lambda m: request_id.encode() in base64.b64decode(json.loads(m.value())["raw_b64"]))
    assert dead and "closed" in json.loads(dead[0].value())["reason"]
    checks = read_topic(live.bootstrap, topics.OUTBOUND, timeout=10, until=1,
                        match=lambda m: m.key() == request_id.encode())
    assert checks and json.loads(checks[0].value())["kind"] == "satisfaction_check"
