"""What the console's buttons publish. Pure module: no Kafka, HTTP or Elasticsearch imports.

- status:     a `StatusChange` on `requests.status` (the stream validates the transition; we
              check it here first so the officer sees a refusal at once, not a dead letter).
- correction: a `Correction` on `requests.corrections` and a labelled line for `civicdesk train`.
- reply:      an `OutboundMessage` on `requests.outbound` (built from the indexed request).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.events import StatusChange
from schemas.request import CitizenRequest, RequestType, Status, Urgency
from sinks.auth import Caller
from streams.corrections import Correction  # the stream owns the topic's record (re-exported)
from streams.lifecycle import can_change

# The longest note an officer can attach; the index keeps it in status_history (not indexed),
# 2,000 characters is a long paragraph and keeps one history entry under ~8 KB.
MAX_NOTE = 2000
# A tweet is 280 characters, an SMS concatenates up to ~10 segments (1,530 GSM characters);
# the outbound connector enforces each channel's limit, this only stops runaway pastes.
MAX_REPLY = 4000


class ActionRefused(ValueError):
    """The action cannot apply to the request as it stands (the API answers 409)."""


class StatusBody(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    status: Status
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class CorrectionBody(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    department: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    type: RequestType | None = None
    urgency: Urgency | None = None


class ReplyBody(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_REPLY)
    # The page sends a fresh id per click, so a retried POST is the same outbound message
    # (OutboundMessage ids are derived from it) and the citizen gets one reply, not two.
    action_id: str | None = Field(default=None, min_length=1, max_length=64)


def actor(caller: Caller) -> str:
    """Who acted, as history and audit show it: the role and the key's fingerprint, never the key."""
    return f"{caller.role}#{caller.key_id}"


def status_change(doc: dict[str, Any], body: StatusBody, caller: Caller, now: datetime) -> StatusChange:
    current = Status(doc.get("status") or Status.received.value)
    if body.status == current:
        raise ActionRefused(f"request is already {current.value}")
    if not can_change(current, body.status):
        raise ActionRefused(f"cannot go from {current.value} to {body.status.value}")
    note = body.note.strip() if body.note and body.note.strip() else None
    return StatusChange(request_id=doc["request_id"], status=body.status, note=note, actor=actor(caller), at=now)


def correction(doc: dict[str, Any], body: CorrectionBody, caller: Caller, now: datetime,
               departments: frozenset[str]) -> Correction:
    if body.department is None and body.type is None and body.urgency is None:
        raise ActionRefused("nothing to correct: give department, type or urgency")
    if body.department is not None and body.department not in departments:
        raise ActionRefused(f"unknown department {body.department!r}")
    previous = {k: doc.get(k) for k in ("department", "type", "urgency", "confidence")}
    return Correction(request_id=doc["request_id"], department=body.department, type=body.type,
                      urgency=body.urgency, previous=previous, actor=actor(caller), at=now)


def training_example(doc: dict[str, Any], fix: Correction) -> dict[str, Any]:
    """A line in the corpus format of `classifiers/data/corpus.jsonl`: the corrected labels, the
    rest as the classifier had them. `group` is the request, so cross-validation folds never
    split two corrections of one message."""
    return {
        "id": f"correction-{fix.request_id}-{int(fix.at.timestamp())}",
        "text": doc.get("text", ""), "lang": doc.get("language"),
        "department": fix.department or doc.get("department"),
        "type": (fix.type.value if fix.type else doc.get("type")),
        "urgency": (fix.urgency.value if fix.urgency else doc.get("urgency")),
        "channel": doc.get("channel"), "group": fix.request_id[:10], "source": "console-correction",
    }


def request_from_document(doc: dict[str, Any]) -> CitizenRequest:
    """The CitizenRequest an index document was made from (sinks.documents.to_document, reversed)."""
    fields = {k: v for k, v in doc.items() if k in CitizenRequest.model_fields}
    loc = dict(fields.get("location") or {})
    point = loc.pop("point", None)
    if point:
        loc["lat"], loc["lon"] = point["lat"], point["lon"]
    if fields.get("location") is not None:
        fields["location"] = loc
    return CitizenRequest.model_validate(fields)
