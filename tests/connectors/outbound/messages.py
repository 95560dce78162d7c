"""Outbound messages for the tests, one per channel, with the fields a publisher would set."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from schemas.outbound import OutboundKind, OutboundMessage, make_message_id

from tests.connectors.outbound.conftest import NOW

ADDRESSES = {
    "sms": "+905321234567",
    "whatsapp": "+905321234567",
    "telegram": "987654321",
    "facebook": "6543210987654321",
    "instagram": "17841400000000000",
    "email": "ayse.yilmaz@example.com",
    "twitter": "@ayse_y",
}
IN_REPLY_TO = {
    "whatsapp": "wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhgUM0VCMDhBRjk0QzU1",
    "telegram": "987654321:4711",
    "email": "<CAF=abc123@mail.example.com>",
    "twitter": "1899999999999999999",
}


def outbound(channel: str, *, text: str = "Ekibimiz yarın sabah sokağınızdaki su arızasına bakacak.",
             kind: str = "reply", request_id: str = "a1b2c3d4e5f6a7b8c9d0", since_citizen: timedelta | None = timedelta(hours=2),
             now: datetime = NOW, key: str = "", **overrides: Any) -> OutboundMessage:
    """A message as the console would publish it; `since_citizen` = time since the citizen last wrote."""
    values: dict[str, Any] = dict(
        message_id=make_message_id(request_id, kind, key or f"{channel}:{text}"), request_id=request_id,
        channel=channel, kind=OutboundKind(kind), to=ADDRESSES[channel], text=text, language="tr",
        in_reply_to=IN_REPLY_TO.get(channel), subject="Re: Su kesintisi" if channel == "email" else None,
        last_inbound_at=(now - since_citizen) if since_citizen is not None else None, created_at=now,
    )
    values.update(overrides)
    return OutboundMessage(**values)
