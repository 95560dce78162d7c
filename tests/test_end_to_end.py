"""The walking skeleton, end to end: a signed SMS over HTTP becomes searchable and lands on its
department topic; a forged one is refused and produces nothing."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from schemas import topics
from schemas.request import CitizenRequest, make_request_id
from tests.conftest import TEST_API_KEY
from tests.signing import twilio_form
from tests.support import header, read_topic, unique

pytestmark = pytest.mark.slow


def sms_params(sid: str, body: str, sender: str = "+905321234567") -> dict[str, str]:
    return {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "1" * 32, "From": sender, "To": "+908501530153",
            "Body": body, "NumMedia": "0", "NumSegments": "1", "SmsStatus": "received", "FromCity": "", "FromZip": ""}


def wait_search(client: httpx.Client, params: dict[str, str], want_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get("/requests", params=params).json()
        for doc in body["results"]:
            if doc["request_id"] == want_id:
                return doc
        time.sleep(0.2)
    raise AssertionError(f"{want_id} not found by {params} within {timeout} s")


def test_signed_sms_becomes_searchable_and_lands_on_its_department_topic(live) -> None:
    sid = unique("SM")
    phone = "+90532" + sid[-7:].translate(str.maketrans("abcdef", "123456"))
    params = sms_params(sid, "Dikmen'de ana su borusu patladı, cadde su altında kaldı", sender=phone)
    body, headers = twilio_form(live.secrets["twilio_auth_token"], live.base_url + "/webhooks/twilio/sms", params)
    with httpx.Client(base_url=live.base_url, timeout=10,
                      headers={"Authorization": f"Bearer {TEST_API_KEY}"}) as client:
        resp = client.post("/webhooks/twilio/sms", content=body, headers=headers)
        assert resp.status_code == 200
        assert "<Message>" in resp.text and "Talep numaran" in resp.text  # Turkish ack for a +90 number
        request_id = make_request_id("sms", sid)
        national = f"0{phone[3:6]} {phone[6:9]} {phone[9:11]} {phone[11:]}"
        doc = wait_search(client, {"citizen": national}, request_id)
        assert doc["department"] == "water-sewer"
        assert doc["text"] == params["Body"]
        wait_search(client, {"q": "borusu patladı"}, request_id)
        # Redelivery of the same webhook maps to the same request, not a second one.
        assert client.post("/webhooks/twilio/sms", content=body, headers=headers).status_code == 200
    feed = read_topic(live.bootstrap, topics.dept_topic("water-sewer"), timeout=15, until=1,
                      match=lambda m: m.key() == request_id.encode())
    assert feed, "request did not reach requests.dept.water-sewer"
    assert header(feed[0], "schema-version") == "1" and header(feed[0], "trace-id")
    if header(feed[0], "kind") == "incident_update":
        # Another test's report of a burst main in Dikmen came first: the department gets an
        # incident update naming this report instead of a second work order.
        assert json.loads(feed[0].value())["request_id"] == request_id
    else:
        routed = CitizenRequest.from_json(feed[0].value())
        assert routed.request_id == request_id and routed.citizen.phone == phone


def test_forged_signature_is_refused_and_produces_nothing(live) -> None:
    sid = unique("SM")
    params = sms_params(sid, "sahte mesaj")
    body, headers = twilio_form("not-the-real-token", live.base_url + "/webhooks/twilio/sms", params)
    with httpx.Client(base_url=live.base_url, timeout=10) as client:
        forged = client.post("/webhooks/twilio/sms", content=body, headers=headers)
        missing = client.post("/webhooks/twilio/sms", content=body,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert forged.status_code == 403 and "signature" in forged.json()["error"].lower()
    assert missing.status_code == 403
    produced = read_topic(live.bootstrap, topics.RAW, timeout=3, match=lambda m: sid.encode() in (m.value() or b""))
    dead = read_topic(live.bootstrap, topics.DLQ, timeout=1, match=lambda m: sid.encode() in (m.value() or b""))
    assert produced == [] and dead == []


def test_malformed_sms_is_dead_lettered_with_reason_and_bytes(live) -> None:
    import base64
    import json

    sid = unique("SM")
    params = sms_params(sid, "bozuk numara")
    params["From"] = "not-a-phone"
    body, headers = twilio_form(live.secrets["twilio_auth_token"], live.base_url + "/webhooks/twilio/sms", params)
    with httpx.Client(base_url=live.base_url, timeout=10) as client:
        resp = client.post("/webhooks/twilio/sms", content=body, headers=headers)
    assert resp.status_code == 422 and "From" in resp.json()["error"]
    dead = read_topic(live.bootstrap, topics.DLQ, timeout=10, until=1,
                      match=lambda m: sid.encode() in base64.b64decode(json.loads(m.value())["raw_b64"]))
    assert len(dead) == 1
    letter = json.loads(dead[0].value())
    assert "From" in letter["reason"] and base64.b64decode(letter["raw_b64"]).decode() == body
