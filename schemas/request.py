"""`CitizenRequest`: the one request schema every channel is normalised into.

Version 1. The committed JSON Schema (`schemas/json/citizen_request.v1.schema.json`) is
generated from this model (`civicdesk schema --write`) and a test fails when they drift,
because departments consume the topic feeds with their own (often non-Python) tools.

Pure module: no Kafka, HTTP or Elasticsearch imports.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime, timezone
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1

# E.164: "+" then up to 15 digits, first digit non-zero (ITU-T E.164 section 6).
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# A department code from the taxonomy: lower-case ASCII words joined by hyphens.
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Channel(StrEnum):
    sms = "sms"
    whatsapp = "whatsapp"
    email = "email"
    twitter = "twitter"
    telegram = "telegram"
    facebook = "facebook"
    instagram = "instagram"
    voice = "voice"
    web = "web"


SOCIAL_CHANNELS = frozenset({Channel.twitter, Channel.facebook, Channel.instagram})


class RequestType(StrEnum):
    complaint = "complaint"
    request = "request"
    suggestion = "suggestion"
    information = "information"
    praise = "praise"


class Urgency(StrEnum):
    emergency = "emergency"
    urgent = "urgent"
    normal = "normal"


class Status(StrEnum):
    received = "received"
    routed = "routed"
    in_progress = "in_progress"
    resolved = "resolved"
    rejected = "rejected"
    closed = "closed"


def make_request_id(channel: str, external_id: str) -> str:
    """Deterministic id from channel + provider message id.

    A redelivered webhook or a re-polled message carries the same provider id, so it maps
    to the same request id and every downstream effect (document id, dedup state) is
    idempotent. sha256 over the pair, not `hash()`, which differs between processes.
    20 hex characters = 80 bits: no collision expected below ~10^12 requests.
    """
    digest = hashlib.sha256(f"{channel}\x1f{external_id}".encode("utf-8")).hexdigest()
    return digest[:20]


def request_number(request_id: str) -> str:
    """The short number read out to a citizen ("your request number is 7F3A-91C2")."""
    short = request_id[:8].upper()
    return f"{short[:4]}-{short[4:]}"


def _check_e164(value: str | None) -> str | None:
    if value is not None and not _E164.match(value):
        raise ValueError("must be an E.164 phone number such as +905321234567")
    return value


def _lower_email(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if "@" not in value or value.startswith("@") or value.endswith("@"):
        raise ValueError("must be an email address")
    return value


def _check_code(value: str | None) -> str | None:
    if value is not None and not _CODE.match(value):
        raise ValueError("must be a taxonomy code such as 'water-sewer'")
    return value


E164Phone = Annotated[str | None, AfterValidator(_check_e164)]
Email = Annotated[str | None, AfterValidator(_lower_email)]
Code = Annotated[str | None, AfterValidator(_check_code)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Citizen(_Frozen):
    """Who wrote. `id` is the primary identity the request is keyed by on Kafka."""

    id: str = Field(min_length=1, description="Primary identity: E.164 phone, lower-cased email, or channel:handle.")
    phone: E164Phone = None
    email: Email = None
    handle: str | None = Field(default=None, description="Channel handle: @username, Telegram user id, page-scoped id.")
    display_name: str | None = None

    @classmethod
    def from_identities(
        cls,
        *,
        phone: str | None = None,
        email: str | None = None,
        handle: str | None = None,
        channel: str | None = None,
        display_name: str | None = None,
    ) -> "Citizen":
        """Pick the primary id: phone first (it matches across SMS, WhatsApp and calls), then email, then handle."""
        if phone:
            cid = phone
        elif email:
            cid = email.strip().lower()
        elif handle:
            cid = f"{channel}:{handle}" if channel else handle
        else:
            raise ValueError("a citizen needs a phone, an email or a handle")
        return cls(id=cid, phone=phone, email=email, handle=handle, display_name=display_name)


class Location(_Frozen):
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    address: str | None = None
    neighbourhood: str | None = None
    district: str | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> "Location":
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class Attachment(_Frozen):
    url: str = Field(min_length=1)
    content_type: str | None = None
    size: int | None = Field(default=None, ge=0)


class RawPayload(_Frozen):
    """The provider payload exactly as received, for audit and replay.

    `body` is the text of the payload when it is valid UTF-8, else base64 (`encoding`).
    """

    content_type: str
    body: str
    encoding: Literal["utf-8", "base64"] = "utf-8"

    @classmethod
    def from_bytes(cls, content_type: str, data: bytes) -> "RawPayload":
        try:
            return cls(content_type=content_type, body=data.decode("utf-8"))
        except UnicodeDecodeError:
            return cls(content_type=content_type, body=base64.b64encode(data).decode("ascii"), encoding="base64")

    def to_bytes(self) -> bytes:
        if self.encoding == "base64":
            return base64.b64decode(self.body)
        return self.body.encode("utf-8")


class CitizenRequest(_Frozen):
    """One citizen request, version 1."""

    schema_version: Literal[1] = SCHEMA_VERSION
    request_id: str = Field(min_length=1, description="sha256(channel, external_id)[:20]; see make_request_id.")
    channel: Channel
    external_id: str = Field(min_length=1, description="The provider's message id.")
    revision: int = Field(default=0, ge=0, description="Raised when the citizen edits the message (Telegram).")
    received_at: AwareDatetime = Field(description="When the provider received it, UTC.")
    citizen: Citizen
    text: str
    subject: str | None = None
    language: str | None = None
    location: Location | None = None
    attachments: tuple[Attachment, ...] = ()
    conversation_id: str | None = Field(default=None, description="Thread / conversation on the provider side.")
    raw: RawPayload
    # Enrichment, filled by the stream.
    department: Code = None
    type: RequestType | None = None
    urgency: Urgency | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    needs_review: bool = False
    reasons: tuple[str, ...] = ()
    duplicate_of: str | None = None
    incident_id: str | None = None
    answer_to: str | None = Field(
        default=None, description="A citizen's 1-5 answer to a satisfaction check: the id of the request it rates.")
    status: Status = Status.received

    @model_validator(mode="before")
    @classmethod
    def _derive_request_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("request_id") and data.get("channel") and data.get("external_id"):
            data = {**data, "request_id": make_request_id(str(data["channel"]), str(data["external_id"]))}
        return data

    @field_validator("received_at")
    @classmethod
    def _to_utc(cls, value: datetime) -> datetime:
        return value.astimezone(timezone.utc)

    @field_validator("text")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        # Stored verbatim, except NUL, which Elasticsearch and many consumers reject.
        return value.replace("\x00", "")

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> "CitizenRequest":
        return cls.model_validate_json(data)

    def enrich(self, **changes: Any) -> "CitizenRequest":
        """A validated copy with enrichment fields set (model_copy skips validation)."""
        return type(self).model_validate({**self.model_dump(), **changes})

    @property
    def number(self) -> str:
        return request_number(self.request_id)


def describe_validation_error(exc: ValidationError) -> str:
    """'citizen.phone: must be an E.164 phone number ...; text: Field required'."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)
