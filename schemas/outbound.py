"""`OutboundMessage`: a reply, acknowledgement or satisfaction check on `requests.outbound`,
and `OutboundResult`, what became of it, on `requests.outbound.results`.

Version 1. The committed JSON Schemas (`schemas/json/outbound_message.v1.schema.json`,
`outbound_result.v1.schema.json`) are generated from these models
(`python -m schemas.json_schema --write`) and a test fails when they drift.

Publishers (the console, the stream's satisfaction check) build one with
`OutboundMessage.for_request(request, kind, text, created_at=...)`, which picks the channel,
the address and the threading ids from the request, and publish `to_json()` keyed by
`request_id` (one partition per request keeps an acknowledgement ahead of a reply).

Pure module: no Kafka, HTTP or Elasticsearch imports.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.request import Channel, CitizenRequest, request_number

OUTBOUND_SCHEMA_VERSION = 1

# E.164, as in schemas.request: SMS and WhatsApp addresses are phone numbers.
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")

# Channels a reply can go out on. Voice calls and web forms have no way back of their own:
# `for_request` answers them by SMS (the caller's number) or email (the form's address).
OUTBOUND_CHANNELS = frozenset({Channel.sms, Channel.whatsapp, Channel.telegram, Channel.facebook,
                               Channel.instagram, Channel.email, Channel.twitter})

WhatsAppProvider = Literal["twilio", "cloud"]


class OutboundKind(StrEnum):
    reply = "reply"
    acknowledgement = "acknowledgement"
    satisfaction_check = "satisfaction_check"
    template = "template"


# One acknowledgement and one satisfaction check per request: a second publish of either is
# the same message (same id), so the worker sends it once. Replies and templates are told
# apart by a key (the console's action id, else the text).
_ONCE_PER_REQUEST = frozenset({OutboundKind.acknowledgement, OutboundKind.satisfaction_check})


def make_message_id(request_id: str, kind: str, key: str = "") -> str:
    """Deterministic id for idempotency: sha256 over (request, kind, key), 24 hex = 96 bits."""
    digest = hashlib.sha256(f"{request_id}\x1f{kind}\x1f{key}".encode("utf-8")).hexdigest()
    return digest[:24]


class OutboundMessage(BaseModel):
    """One message to send to a citizen on their own channel, version 1."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = OUTBOUND_SCHEMA_VERSION
    message_id: str = Field(min_length=1, description="Deterministic id (make_message_id): sent at most once.")
    request_id: str = Field(min_length=1)
    channel: Channel = Field(description="Outbound channel: sms, whatsapp, telegram, facebook, instagram, email, twitter.")
    provider: WhatsAppProvider | None = Field(
        default=None, description="WhatsApp only: twilio or cloud (the API the citizen wrote through); unset = settings.")
    kind: OutboundKind
    to: str = Field(min_length=1, description="E.164 phone, email, Telegram chat id, page-scoped id, or @handle.")
    text: str = Field(min_length=1)
    language: str | None = None
    in_reply_to: str | None = Field(
        default=None, description="Provider message id: email Message-ID, tweet id, wamid, Telegram message id.")
    subject: str | None = Field(default=None, description="Email subject.")
    last_inbound_at: AwareDatetime | None = Field(
        default=None, description="When the citizen last wrote: opens WhatsApp's 24-hour service window.")
    created_at: AwareDatetime

    @field_validator("channel")
    @classmethod
    def _has_a_way_back(cls, value: Channel) -> Channel:
        if value not in OUTBOUND_CHANNELS:
            raise ValueError(f"no outbound connector for {value.value}; send by sms or email instead")
        return value

    @field_validator("created_at", "last_inbound_at")
    @classmethod
    def _to_utc(cls, value: datetime | None) -> datetime | None:
        return value.astimezone(timezone.utc) if value is not None else None

    @model_validator(mode="after")
    def _address_fits_channel(self) -> "OutboundMessage":
        if self.channel in (Channel.sms, Channel.whatsapp) and not _E164.match(self.to):
            raise ValueError(f"to: {self.channel.value} needs an E.164 phone number such as +905321234567")
        if self.channel == Channel.email and "@" not in self.to:
            raise ValueError("to: email needs an address")
        if self.provider is not None and self.channel != Channel.whatsapp:
            raise ValueError("provider is only for whatsapp")
        return self

    @classmethod
    def for_request(cls, request: CitizenRequest, kind: OutboundKind | str, text: str, *,
                    created_at: datetime, key: str | None = None, language: str | None = None,
                    last_inbound_at: datetime | None = None) -> "OutboundMessage":
        """The message answering `request` where the citizen wrote.

        `key` tells two replies to one request apart (the console passes its action id);
        acknowledgements and satisfaction checks are once per request. `last_inbound_at`
        defaults to the request's arrival: pass a later citizen message to reopen the window.
        Raises ValueError when the request carries no address to answer on.
        """
        kind = OutboundKind(kind)
        citizen = request.citizen
        channel = request.channel
        in_reply_to: str | None = request.external_id
        if channel == Channel.voice or (channel == Channel.web and not citizen.email):
            channel, in_reply_to = Channel.sms, None  # a caller or a form without email: SMS
        elif channel == Channel.web:
            channel, in_reply_to = Channel.email, None
        to = {
            Channel.sms: citizen.phone,
            Channel.whatsapp: citizen.phone,
            Channel.email: citizen.email,
            # The inbound connector's external id is "<chat id>:<message id>" (message ids are
            # per chat); a group message is answered in the group, a private one privately.
            Channel.telegram: request.external_id.rpartition(":")[0] or citizen.handle,
            Channel.facebook: citizen.handle,  # page-scoped id (PSID)
            Channel.instagram: citizen.handle,  # Instagram-scoped id (IGSID)
            Channel.twitter: citizen.handle,
        }.get(channel)
        if not to:
            raise ValueError(f"request {request.request_id} has no {channel.value} address to answer on")
        if channel == Channel.sms or (in_reply_to or "").startswith("sha256:"):
            in_reply_to = None  # SMS has no threading; an email without Message-ID cannot be threaded
        subject = None
        if channel == Channel.email:
            base = request.subject or f"Request {request_number(request.request_id)}"
            subject = base if base.lower().startswith("re:") else f"Re: {base}"
        provider: WhatsAppProvider | None = None
        if channel == Channel.whatsapp:
            # Cloud API message ids are "wamid.…"; Twilio's are SM…/MM… SIDs.
            provider = "cloud" if request.external_id.startswith("wamid.") else "twilio"
        if key is None:
            key = "" if kind in _ONCE_PER_REQUEST else text
        return cls(
            message_id=make_message_id(request.request_id, kind.value, key), request_id=request.request_id,
            channel=channel, provider=provider, kind=kind, to=to, text=text,
            language=language or request.language, in_reply_to=in_reply_to, subject=subject,
            last_inbound_at=last_inbound_at or request.received_at, created_at=created_at,
        )

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> "OutboundMessage":
        return cls.model_validate_json(data)


class OutboundResult(BaseModel):
    """A record on `requests.outbound.results`: one per message, once it is sent or given up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = OUTBOUND_SCHEMA_VERSION
    message_id: str
    request_id: str
    channel: Channel
    kind: OutboundKind
    ok: bool
    error: str | None = Field(default=None, description="Why it was not sent (provider status and message).")
    permanent: bool = Field(default=False, description="True when retrying cannot help (4xx, invalid address).")
    attempts: int = Field(ge=0)
    provider_message_id: str | None = Field(default=None, description="Twilio SID, wamid, tweet id, Message-ID, ...")
    at: AwareDatetime

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> "OutboundResult":
        return cls.model_validate_json(data)
