"""Meta webhook notification (already parsed JSON) -> CitizenRequests. Pure: no I/O.

Shapes from Meta's "WhatsApp Cloud API webhooks" reference (object whatsapp_business_account,
entry[].changes[].value.{contacts,messages,statuses}) and the Messenger Platform / Instagram
messaging webhook reference (object page | instagram, entry[].messaging[] with sender,
recipient, timestamp, message{mid,text,attachments,is_echo}, delivery, read).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator

import orjson

from civicdesk.errors import Ignored, Malformed
from schemas.request import Attachment, Channel, Citizen, CitizenRequest, Location, RawPayload

# WhatsApp media carry an id, not a URL; this Graph API path is where the URL is looked up.
GRAPH_MEDIA = "https://graph.facebook.com/v19.0/{id}"
_WA_MEDIA = ("image", "audio", "video", "document", "sticker", "voice")


def normalise_meta(payload: Any, now: datetime) -> list[CitizenRequest]:
    """Every citizen message in one notification; Ignored when it holds none (statuses, echoes, reads)."""
    if not isinstance(payload, dict):
        raise Malformed("notification must be a JSON object", status=422)
    obj = payload.get("object")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise Malformed("entry: missing or not a list", status=422)
    if obj == "whatsapp_business_account":
        found = list(_whatsapp(entries, now))
    elif obj in ("page", "instagram"):
        found = list(_messaging(entries, Channel.facebook if obj == "page" else Channel.instagram, now))
    else:
        raise Malformed(f"object: {obj!r} is not whatsapp_business_account, page or instagram", status=422)
    if not found:
        raise Ignored(f"{obj} notification without citizen messages (statuses, echoes or receipts)")
    return found


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Malformed(f"{where}: expected an object", status=422)
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Malformed(f"{where}: expected a list", status=422)
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value) == "":
        raise Malformed(f"{where}: missing", status=422)
    return str(value)


def _raw(part: dict[str, Any]) -> RawPayload:
    # One request per message, so each keeps the part of the batch that is its own, verbatim.
    return RawPayload(content_type="application/json", body=orjson.dumps(part).decode("utf-8"))


def _epoch(value: Any, now: datetime, millis: bool = False) -> datetime:
    try:
        seconds = int(value) / (1000 if millis else 1)
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return now


def _whatsapp(entries: list[Any], now: datetime) -> Iterator[CitizenRequest]:
    for i, entry in enumerate(entries):
        for j, change in enumerate(_list(_dict(entry, f"entry[{i}]").get("changes"), f"entry[{i}].changes")):
            value = _dict(_dict(change, f"entry[{i}].changes[{j}]").get("value"), f"entry[{i}].changes[{j}].value")
            names = {str(c.get("wa_id")): (c.get("profile") or {}).get("name")
                     for c in _list(value.get("contacts"), "contacts") if isinstance(c, dict)}
            for k, msg in enumerate(_list(value.get("messages"), "messages")):
                where = f"entry[{i}].changes[{j}].value.messages[{k}]"
                yield _whatsapp_message(_dict(msg, where), names, value, where, now)


def _whatsapp_message(msg: dict[str, Any], names: dict[str, Any], value: dict[str, Any], where: str,
                      now: datetime) -> CitizenRequest:
    wa_id = _str(msg.get("from"), f"{where}.from")
    if not wa_id.isdigit():
        raise Malformed(f"{where}.from: {wa_id!r} is not a WhatsApp id (digits)", status=422)
    kind = msg.get("type")
    text = ""
    location = None
    attachments: tuple[Attachment, ...] = ()
    if kind == "text":
        text = str(_dict(msg.get("text"), f"{where}.text").get("body") or "")
    elif kind == "location":
        loc = _dict(msg.get("location"), f"{where}.location")
        address = ", ".join(str(loc[k]) for k in ("name", "address") if loc.get(k)) or None
        try:
            location = Location(lat=float(loc["latitude"]), lon=float(loc["longitude"]), address=address)
        except (KeyError, TypeError, ValueError) as exc:
            raise Malformed(f"{where}.location: not a coordinate pair", status=422) from exc
    elif kind in _WA_MEDIA:
        media = _dict(msg.get(kind), f"{where}.{kind}")
        text = str(media.get("caption") or "")
        attachments = (Attachment(url=GRAPH_MEDIA.format(id=_str(media.get("id"), f"{where}.{kind}.id")),
                                  content_type=media.get("mime_type")),)
    elif kind == "button":
        text = str(_dict(msg.get("button"), f"{where}.button").get("text") or "")
    elif kind == "interactive":
        inter = _dict(msg.get("interactive"), f"{where}.interactive")
        reply = inter.get("button_reply") or inter.get("list_reply") or {}
        text = str(reply.get("title") or "")
    if not text.strip() and location is None and not attachments:
        raise Malformed(f"{where}: message of type {kind!r} carries no text, location or media", status=422)
    part = {"messaging_product": value.get("messaging_product"), "metadata": value.get("metadata"),
            "contacts": [c for c in _list(value.get("contacts"), "contacts")
                         if isinstance(c, dict) and str(c.get("wa_id")) == wa_id], "messages": [msg]}
    context = msg.get("context") if isinstance(msg.get("context"), dict) else {}
    return CitizenRequest(
        channel=Channel.whatsapp, external_id=_str(msg.get("id"), f"{where}.id"),
        received_at=_epoch(msg.get("timestamp"), now),
        citizen=Citizen.from_identities(phone="+" + wa_id, handle=wa_id, display_name=names.get(wa_id) or None,
                                        channel="whatsapp"),
        text=text, location=location, attachments=attachments, conversation_id=context.get("id"),
        raw=_raw(part),
    )


def _messaging(entries: list[Any], channel: Channel, now: datetime) -> Iterator[CitizenRequest]:
    for i, entry in enumerate(entries):
        for k, event in enumerate(_list(_dict(entry, f"entry[{i}]").get("messaging"), f"entry[{i}].messaging")):
            where = f"entry[{i}].messaging[{k}]"
            event = _dict(event, where)
            message = event.get("message")
            if not isinstance(message, dict) or message.get("is_echo") or message.get("is_deleted"):
                continue  # delivery, read, reaction, postback, our own echo: not a citizen message
            yield _messaging_message(event, _dict(message, f"{where}.message"), channel, where, now)


def _messaging_message(event: dict[str, Any], message: dict[str, Any], channel: Channel, where: str,
                       now: datetime) -> CitizenRequest:
    sender = _str(_dict(event.get("sender"), f"{where}.sender").get("id"), f"{where}.sender.id")
    text = str(message.get("text") or "")
    location = None
    attachments = []
    for n, att in enumerate(_list(message.get("attachments"), f"{where}.message.attachments")):
        att = _dict(att, f"{where}.message.attachments[{n}]")
        payload = att.get("payload") if isinstance(att.get("payload"), dict) else {}
        coords = payload.get("coordinates")
        if att.get("type") == "location" and isinstance(coords, dict):
            try:
                location = Location(lat=float(coords["lat"]), lon=float(coords["long"]), address=att.get("title"))
            except (KeyError, TypeError, ValueError) as exc:
                raise Malformed(f"{where}.message.attachments[{n}]: not a coordinate pair", status=422) from exc
        elif payload.get("url"):
            kind = att.get("type")
            attachments.append(Attachment(url=str(payload["url"]), content_type=f"{kind}/*" if kind else None))
    if not text.strip() and location is None and not attachments:
        raise Malformed(f"{where}.message: no text, location or attachment", status=422)
    return CitizenRequest(
        channel=channel, external_id=_str(message.get("mid"), f"{where}.message.mid"),
        received_at=_epoch(event.get("timestamp"), now, millis=True),
        citizen=Citizen.from_identities(handle=sender, channel=channel.value),
        text=text, location=location, attachments=tuple(attachments),
        conversation_id=(message.get("reply_to") or {}).get("mid") if isinstance(message.get("reply_to"), dict) else None,
        raw=_raw(event),
    )
