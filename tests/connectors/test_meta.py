"""Meta webhooks: handshake, batches, statuses, WhatsApp location and image, Messenger/Instagram."""

from __future__ import annotations

import pytest

from tests.connectors.channels import BY_NAME
from tests.connectors.payloads import dumps, meta_messaging, meta_whatsapp
from tests.support import unique

pytestmark = pytest.mark.slow
META = BY_NAME["meta-whatsapp"]


def test_verification_handshake_returns_the_challenge_and_refuses_a_wrong_token(harness) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "test-meta-verify", "hub.challenge": "1158201444"}
    ok = harness.client.get("/webhooks/meta", params=params)
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = harness.client.get("/webhooks/meta", params={**params, "hub.verify_token": "guess"})
    assert wrong.status_code == 403


def test_a_batch_of_entries_and_messages_becomes_several_requests(harness) -> None:
    a, b, c = unique("w"), unique("w"), unique("w")
    first = meta_whatsapp(a, "", messages=[
        {"from": "905321234567", "id": f"wamid.{a}", "timestamp": "1772703000", "type": "text", "text": {"body": "Su yok"}},
        {"from": "905321234567", "id": f"wamid.{b}", "timestamp": "1772703001", "type": "location",
         "location": {"latitude": 39.92, "longitude": 32.85, "name": "Kızılay", "address": "Atatürk Blv."}}])
    second = meta_whatsapp(c, "", wa_id="306912345678", messages=[
        {"from": "306912345678", "id": f"wamid.{c}", "timestamp": "1772703002", "type": "image",
         "image": {"caption": "Λακκούβα στον δρόμο", "mime_type": "image/jpeg",
                   "sha256": "H/Z9fIIaTEc4PoSsXX4XfaxZw5Y0OuLuTMvOWkVU8E0=", "id": "1003383421387256"}}])
    first["entry"].extend(second["entry"])
    out = META.submit(harness, dumps(first))
    assert out.status == 200
    by_id = {r.external_id: r for r in out.published}
    assert set(by_id) == {f"wamid.{a}", f"wamid.{b}", f"wamid.{c}"}
    assert by_id[f"wamid.{b}"].location.address == "Kızılay, Atatürk Blv."
    image = by_id[f"wamid.{c}"]
    assert image.text == "Λακκούβα στον δρόμο" and image.citizen.phone == "+306912345678"
    assert image.attachments[0].content_type == "image/jpeg" and "1003383421387256" in image.attachments[0].url
    assert by_id[f"wamid.{a}"].citizen.display_name == "Mehmet Kaya"


def test_status_only_notifications_are_acknowledged_and_ignored(harness) -> None:
    note = meta_whatsapp("x", "", messages=[])
    value = note["entry"][0]["changes"][0]["value"]
    del value["messages"], value["contacts"]
    value["statuses"] = [{"id": f"wamid.{unique('s')}", "status": "delivered", "timestamp": "1772703000",
                          "recipient_id": "905321234567"}]
    out = META.submit(harness, dumps(note))
    assert out.status == 200 and out.published == [] and out.dead == []


def test_messenger_echoes_and_read_receipts_are_ignored(harness) -> None:
    page = meta_messaging("page", unique("e"), "our own reply")
    page["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    page["entry"][0]["messaging"].append({"sender": {"id": "6794052370650781"}, "recipient": {"id": "1"},
                                          "timestamp": 1772703000000, "read": {"watermark": 1772702999000}})
    out = META.submit(harness, dumps(page))
    assert out.status == 200 and out.published == []


def test_instagram_message_with_image_attachment(harness) -> None:
    uid = unique("ig")
    note = meta_messaging("instagram", uid, "")
    msg = note["entry"][0]["messaging"][0]["message"]
    del msg["text"]
    msg["attachments"] = [{"type": "image", "payload": {"url": "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1"}}]
    req = META.submit(harness, dumps(note)).published[0]
    assert req.channel.value == "instagram" and req.citizen.id == "instagram:6794052370650781"
    assert req.attachments[0].url.startswith("https://lookaside.fbsbx.com/")


def test_signature_over_other_bytes_is_refused(harness) -> None:
    body = dumps(meta_whatsapp(unique("w"), "Su yok"))
    headers = {"Content-Type": "application/json", **META.headers(harness, body + b" ", "valid")}  # type: ignore[misc]
    resp = harness.client.post("/webhooks/meta", content=body, headers=headers)
    assert resp.status_code == 403
