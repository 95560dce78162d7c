"""Messages other than the request itself: dead letters and status changes. Pure module."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from schemas.request import Status


class DeadLetter(BaseModel):
    """A record on `requests.dlq`: why something could not be processed, and its bytes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    stage: str = Field(description="Where it failed: connector:<name>, stream:validate, sink:index, ...")
    reason: str
    source: str | None = Field(default=None, description="Route or topic[partition]@offset it came from.")
    content_type: str | None = None
    raw_b64: str = Field(description="The bytes as received, base64.")
    request_id: str | None = None
    at: AwareDatetime

    @classmethod
    def of(cls, stage: str, reason: str, raw: bytes, *, source: str | None = None,
           content_type: str | None = None, request_id: str | None = None,
           at: datetime | None = None) -> "DeadLetter":
        return cls(stage=stage, reason=reason, source=source, content_type=content_type,
                   raw_b64=base64.b64encode(raw).decode("ascii"), request_id=request_id,
                   at=at or datetime.now(timezone.utc))

    def raw(self) -> bytes:
        return base64.b64decode(self.raw_b64)

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")


class StatusChange(BaseModel):
    """A record on `requests.status`, published by a department or the API on its behalf."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    request_id: str = Field(min_length=1)
    status: Status
    note: str | None = None
    actor: str | None = None
    at: AwareDatetime

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")
