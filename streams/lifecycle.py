"""Status lifecycle of a request: which changes on `requests.status` are allowed.

    received ──> routed ──> in_progress ──> resolved ──> closed
        │          │  └──────────────────────^  │  ^
        │          │                              └──┼──> in_progress   (reopened: the citizen
        └──────────┴──> rejected ───────────────────-┘                   says it is not fixed)

    received:    routed, rejected          (spam/abuse can be rejected at the desk)
    routed:      in_progress, resolved, rejected
    in_progress: resolved, rejected
    resolved:    closed, in_progress
    rejected:    closed
    closed:      nothing (terminal)

An invalid change raises civicdesk.errors.DeadLetter with the reason (the worker sends it to
requests.dlq). A change identical to the last one applied (same status and time) is a
redelivery: the state is returned unchanged, so replays are idempotent.
Pure: the state is a frozen value; `to_dict`/`from_dict` for a Faust table keyed by request id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from civicdesk.errors import DeadLetter
from schemas.events import StatusChange
from schemas.request import Status

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.received: frozenset({Status.routed, Status.rejected}),
    Status.routed: frozenset({Status.in_progress, Status.resolved, Status.rejected}),
    Status.in_progress: frozenset({Status.resolved, Status.rejected}),
    Status.resolved: frozenset({Status.closed, Status.in_progress}),
    Status.rejected: frozenset({Status.closed}),
    Status.closed: frozenset(),
}
# A department's feed cannot hold more than this many changes for one request in practice
# (a reopened request cycles in_progress/resolved a few times); past it the oldest entries
# are dropped from the table copy (the index keeps the full history).
MAX_HISTORY = 50


@dataclass(frozen=True)
class HistoryEntry:
    status: Status
    at: datetime
    actor: str | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        return {"status": self.status.value, "at": self.at.isoformat(), "actor": self.actor, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict) -> "HistoryEntry":
        return cls(Status(data["status"]), datetime.fromisoformat(data["at"]), data.get("actor"), data.get("note"))


@dataclass(frozen=True)
class Lifecycle:
    request_id: str
    status: Status
    history: tuple[HistoryEntry, ...]

    @classmethod
    def start(cls, request_id: str, received_at: datetime) -> "Lifecycle":
        return cls(request_id, Status.received, (HistoryEntry(Status.received, received_at),))

    @property
    def terminal(self) -> bool:
        return not ALLOWED[self.status]

    def to_dict(self) -> dict:
        return {"request_id": self.request_id, "status": self.status.value,
                "history": [h.to_dict() for h in self.history]}

    @classmethod
    def from_dict(cls, data: dict) -> "Lifecycle":
        return cls(data["request_id"], Status(data["status"]),
                   tuple(HistoryEntry.from_dict(h) for h in data["history"]))


def can_change(current: Status, new: Status) -> bool:
    return new in ALLOWED[current]


def apply(state: Lifecycle | None, change: StatusChange) -> Lifecycle:
    """The lifecycle after `change`, or DeadLetter with the reason.

    `state` None means the stream never saw the request (unknown id): dead-lettered, because
    a department cannot move a request the desk has no record of.
    """
    if state is None:
        raise DeadLetter(f"status {change.status.value} for unknown request {change.request_id}")
    if state.request_id != change.request_id:
        raise DeadLetter(f"status change for {change.request_id} applied to {state.request_id}")
    last = state.history[-1]
    if change.status == last.status and change.at == last.at:
        return state  # the same change delivered again
    if state.status is Status.closed:
        raise DeadLetter(f"request {change.request_id} is closed: no change allowed (got {change.status.value})")
    if not can_change(state.status, change.status):
        allowed = ", ".join(sorted(s.value for s in ALLOWED[state.status]))
        raise DeadLetter(f"invalid transition {state.status.value} -> {change.status.value} for request "
                         f"{change.request_id} (allowed from {state.status.value}: {allowed})")
    entry = HistoryEntry(change.status, change.at, change.actor, change.note)
    return Lifecycle(state.request_id, change.status, (*state.history, entry)[-MAX_HISTORY:])
