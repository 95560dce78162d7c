"""An RFC 5322 message (bytes) -> CitizenRequest. Pure: no I/O.

Parsed with the standard library's `email` package and `policy.default`, which decodes
RFC 2047 headers, quoted-printable and base64, and any charset Python knows (iso-8859-9,
windows-1253, ...). Auto-replies (RFC 3834 Auto-Submitted, Microsoft's X-Auto-Response-
Suppress / X-Autoreply, out-of-office subjects) and bounces (RFC 3464 multipart/report;
report-type=delivery-status) are ignored.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser

from civicdesk.errors import Ignored, Malformed
from connectors.email.text import citizen_text, html_to_text
from schemas.request import Attachment, Channel, Citizen, CitizenRequest, RawPayload

CONTENT_TYPE = "message/rfc822"
_AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|otomatik (yanıt|cevap)|"
    r"ofis dışında|izindeyim|αυτόματη απάντηση|εκτός γραφείου)", re.I)
_BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster)@", re.I)


def parse_message(data: bytes) -> EmailMessage:
    if not data.strip():
        raise Malformed("empty message", status=400)
    msg = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(msg, EmailMessage):  # pragma: no cover - policy.default always gives one
        raise Malformed("not an email message", status=422)
    return msg


def normalise_email(data: bytes, now: datetime) -> CitizenRequest:
    msg = parse_message(data)
    sender = _sender(msg)
    _reject_automatic(msg, sender)
    subject = _header(msg, "Subject")
    text = _body_text(msg)
    if not text.strip():
        text = subject or ""
    attachments = _attachments(msg)
    if not text.strip() and not attachments:
        raise Malformed("empty body and no subject", status=422)
    message_id = (msg.get("Message-ID") or "").strip()
    # Without a Message-ID the bytes themselves identify the message, so a re-read is still idempotent.
    external_id = message_id or "sha256:" + hashlib.sha256(data).hexdigest()
    references = (_header(msg, "References") or "").split()
    return CitizenRequest(
        channel=Channel.email,
        external_id=external_id,
        received_at=_date(msg, now),
        citizen=Citizen.from_identities(email=sender.addr_spec.lower(), display_name=sender.display_name or None),
        text=text,
        subject=subject,
        attachments=attachments,
        conversation_id=references[0] if references else (_header(msg, "In-Reply-To") or None),
        raw=RawPayload.from_bytes(CONTENT_TYPE, data),
    )


def _header(msg: EmailMessage, name: str) -> str | None:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError) as exc:
        raise Malformed(f"{name}: unreadable header: {exc}", status=422) from exc
    return str(value).strip() if value is not None else None


def _sender(msg: EmailMessage) -> Address:
    try:
        header = msg.get("From")
        addresses = header.addresses if header is not None else ()
    except (ValueError, IndexError, TypeError, AttributeError) as exc:
        raise Malformed(f"From: unreadable: {exc}", status=422) from exc
    for addr in addresses:
        if addr.username and addr.domain:
            return addr
    raise Malformed(f"From: no sender address in {str(msg.get('From', ''))!r}", status=422)


def _reject_automatic(msg: EmailMessage, sender: Address) -> None:
    auto = (_header(msg, "Auto-Submitted") or "no").lower()
    if auto != "no":
        raise Ignored(f"automatic message (Auto-Submitted: {auto})")
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or (_header(msg, "Precedence") or "").lower() == "auto_reply":
        raise Ignored("automatic reply (X-Autoreply / Precedence)")
    if msg.get_content_type() == "multipart/report":
        raise Ignored(f"delivery report ({msg.get_param('report-type') or 'report'})")
    if _BOUNCE_SENDERS.match(sender.addr_spec):
        raise Ignored(f"bounce from {sender.addr_spec}")
    if _AUTO_SUBJECT.match(_header(msg, "Subject") or ""):
        raise Ignored("out-of-office reply")


def _body_text(msg: EmailMessage) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, KeyError, AssertionError) as exc:
        raise Malformed(f"body cannot be decoded: {type(exc).__name__}: {exc}", status=422) from exc
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return citizen_text(content)


def _attachments(msg: EmailMessage) -> tuple[Attachment, ...]:
    items = []
    message_id = (msg.get("Message-ID") or "").strip().strip("<>")
    for n, part in enumerate(msg.iter_attachments()):
        name = part.get_filename() or f"part{n + 1}"
        payload = part.get_payload(decode=True)
        # RFC 2392 mid: URL names the part inside this message; it is not downloaded anywhere.
        items.append(Attachment(url=f"mid:{message_id or 'unknown'}/{name}", content_type=part.get_content_type(),
                                size=len(payload) if isinstance(payload, bytes) else None))
    return tuple(items)


def _date(msg: EmailMessage, now: datetime) -> datetime:
    try:
        header = msg.get("Date")
        value = header.datetime if header is not None else None
    except (ValueError, TypeError, AttributeError, IndexError):
        value = None
    if value is None or value.tzinfo is None:
        return now
    return value
