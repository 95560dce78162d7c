"""Twilio messaging webhook form -> CitizenRequest. Pure: no I/O.

Field names from Twilio's "Messaging webhooks" reference: MessageSid, From, To, Body,
NumMedia, MediaUrl{N}, MediaContentType{N}, NumSegments, ProfileName, WaId, Latitude,
Longitude, Address, Label, ButtonText, ButtonPayload, MessageStatus / SmsStatus.
"""

from __future__ import annotations

from datetime import datetime

from civicdesk.errors import Ignored, Malformed
from connectors.form import Form
from schemas.request import Attachment, Channel, Citizen, CitizenRequest, Location, RawPayload

# Status callbacks post these without a Body; an inbound message has SmsStatus=received.
_OUTBOUND_STATUSES = frozenset(
    {"accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read", "canceled"}
)
# Twilio delivers at most 10 media items per message.
_MAX_MEDIA = 10


def citizen_phone(value: str) -> str:
    """'whatsapp:+905321234567' -> '+905321234567'; anything not E.164 is malformed."""
    phone = value.removeprefix("whatsapp:").strip()
    if not phone.startswith("+") or not phone[1:].isdigit():
        raise Malformed(f"From: {value!r} is not an E.164 phone number", status=422)
    return phone


def normalise_twilio(form: Form, channel: Channel, raw: RawPayload, now: datetime) -> CitizenRequest:
    sid = form.first("MessageSid") or form.first("SmsMessageSid") or form.first("SmsSid")
    status = (form.first("MessageStatus") or form.first("SmsStatus") or "").lower()
    if "Body" not in form and status in _OUTBOUND_STATUSES:
        raise Ignored(f"status callback ({status}) for {sid}")
    if not sid:
        raise Malformed("MessageSid: missing", status=422)
    sender = form.first("From")
    if not sender:
        raise Malformed("From: missing", status=422)
    phone = citizen_phone(sender)

    attachments = _media(form)
    text = form.first("Body", "") or ""
    button = form.first("ButtonText")
    if not text and button:
        text = button  # a quick-reply button press carries its label, not a Body
    location = _location(form)
    if not text.strip() and not attachments and location is None:
        raise Malformed("Body: empty message with no media and no location", status=422)

    return CitizenRequest(
        channel=channel,
        external_id=sid,
        received_at=now,
        citizen=Citizen.from_identities(phone=phone, display_name=form.first("ProfileName") or None,
                                        handle=form.first("WaId") or None, channel=channel.value),
        text=text,
        location=location,
        attachments=attachments,
        raw=raw,
    )


def _media(form: Form) -> tuple[Attachment, ...]:
    try:
        count = int(form.first("NumMedia", "0") or 0)
    except ValueError as exc:
        raise Malformed(f"NumMedia: not a number: {form.first('NumMedia')!r}", status=422) from exc
    items = []
    for i in range(min(max(count, 0), _MAX_MEDIA)):
        url = form.first(f"MediaUrl{i}")
        if url:
            items.append(Attachment(url=url, content_type=form.first(f"MediaContentType{i}") or None))
    return tuple(items)


def _location(form: Form) -> Location | None:
    lat, lon = form.first("Latitude"), form.first("Longitude")
    address = form.first("Address") or form.first("Label") or None
    if not lat and not lon:
        return Location(address=address) if address else None
    try:
        return Location(lat=float(lat or ""), lon=float(lon or ""), address=address)
    except ValueError as exc:
        raise Malformed(f"Latitude/Longitude: not a coordinate pair: {lat!r}, {lon!r}", status=422) from exc
