"""The satisfaction check's two internal records. Pure module.

    SatisfactionPending  requests.satisfaction.pending, key: the citizen id the answer will
                         carry (`answer_key`), so it lands on the same partition number as
                         that citizen's next message on requests.raw (both murmur2, same count)
    SatisfactionAnswer   requests.satisfaction, key: the answered request's id; the index sink
                         sets `satisfaction: {score, at, channel, answer_id}` on that request
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from schemas.request import Channel

SATISFACTION_SCHEMA_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")


class SatisfactionPending(_Record):
    """A satisfaction check sent and not answered yet."""

    schema_version: Literal[1] = SATISFACTION_SCHEMA_VERSION
    request_id: str = Field(min_length=1, description="The resolved request the check is about.")
    citizen_id: str = Field(min_length=1, description="Key: the citizen id an answer on `channel` carries.")
    channel: Channel = Field(description="The channel the check went out on (an answer must come back on it).")
    department: str | None = Field(default=None, description="The request's department: its answer is filed there.")
    number: str = Field(description="The request number the check quoted (XXXX-XXXX).")
    sent_at: AwareDatetime

    @field_validator("sent_at")
    @classmethod
    def _to_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @classmethod
    def from_json(cls, data: bytes | str) -> SatisfactionPending:
        return cls.model_validate_json(data)


class SatisfactionAnswer(_Record):
    """The citizen's 1-5 answer to a satisfaction check."""

    schema_version: Literal[1] = SATISFACTION_SCHEMA_VERSION
    request_id: str = Field(min_length=1, description="The request answered about.")
    answer_id: str = Field(min_length=1, description="The answer's own request id (indexed as its own document).")
    score: int = Field(ge=1, le=5)
    channel: Channel
    at: AwareDatetime = Field(description="When the citizen answered (the answer's received_at).")

    @field_validator("at")
    @classmethod
    def _to_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @classmethod
    def from_json(cls, data: bytes | str) -> SatisfactionAnswer:
        return cls.model_validate_json(data)
