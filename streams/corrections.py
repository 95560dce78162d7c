"""A person's correction of the classifier's answer, applied to a followed request. Pure module.

    requests.corrections (key: request id, co-partitioned with requests.classified/status)
      └─ apply_correction(stored request, Correction) ->
           corrected request      department/type/urgency replaced, needs_review false,
                                  "corrected by <actor>: ..." added to its reasons
           routes                 department moved: the request on requests.dept.<new>
                                                    + a `reassigned` notice on requests.dept.<old>
                                  same department:  a `corrected` notice on requests.dept.<dept>
                                  newly urgent/emergency: the request on requests.urgent
                                  (nothing for a same-citizen duplicate, never routed, nor for a
                                  request whose work is over: resolved, rejected or closed)
           AppliedCorrection      on requests.corrections.applied: the index sink's partial
                                  update (department/type/urgency/due_at + `corrections` history)

The re-routed request is the lifecycle table's slim copy: its `raw.body` is empty (the index
keeps the provider payload; a department reads it there, by request id).
A replay (a correction whose key was applied already) returns None: nothing is published
twice. A correction for a request the stream never saw, or one that names a department the
taxonomy does not know or corrects nothing, raises civicdesk.errors.DeadLetter with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Collection, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from civicdesk.errors import DeadLetter
from schemas.request import CitizenRequest, RequestType, Status, Urgency
from schemas.topics import URGENT, dept_topic
from streams.routing import Route, route_request

URGENT_LEVELS = frozenset({Urgency.urgent, Urgency.emergency})
# The work is over: moving the request would put a finished job in a department's feed. The
# labels are still corrected in the index (and the training line is already written).
WORK_OVER = frozenset({Status.resolved, Status.rejected, Status.closed})
# Keys of applied corrections kept per request in the lifecycle table (replay guard). A request
# corrected more than 20 times is a dispute, not a classification; older keys fall out and the
# index's own key check (sinks.updates) still keeps a late replay from being applied twice.
MAX_KEYS = 20

Deadline = Callable[[str, datetime], "datetime | None"]


class Correction(BaseModel):
    """A record on `requests.corrections`: a person fixed the classifier's answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = 1
    request_id: str
    department: str | None
    type: RequestType | None
    urgency: Urgency | None
    previous: dict[str, Any]
    actor: str
    at: AwareDatetime

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")

    @property
    def key(self) -> str:
        """Idempotency key: epoch ms (orders corrections) and a digest of the whole record, so a
        replay has the same key and two officers' corrections in the same millisecond do not."""
        digest = hashlib.sha256(self.to_json()).hexdigest()[:12]
        return f"{int(self.at.timestamp() * 1000)}-{digest}"


class CorrectionNotice(BaseModel):
    """On requests.dept.<department>: a request of this department was reassigned away, or
    its type/urgency corrected. Keyed by request id; kind header `reassigned` / `corrected`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = 1
    kind: Literal["reassigned", "corrected"]
    request_id: str
    department: str
    to_department: str
    type: str | None
    urgency: str | None
    actor: str
    at: AwareDatetime


class AppliedCorrection(BaseModel):
    """On requests.corrections.applied: what the index sink writes (sinks.updates.correction_action)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = 1
    request_id: str
    key: str
    department: str
    type: str | None
    urgency: str | None
    previous: dict[str, str | None]
    due_at: AwareDatetime | None
    reason: str
    rerouted: bool
    actor: str
    at: AwareDatetime

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")


@dataclass(frozen=True)
class CorrectionOutcome:
    request: CitizenRequest
    routes: tuple[Route, ...]
    applied: AppliedCorrection


def _value(v: Any) -> str | None:
    return v.value if hasattr(v, "value") else v


def _describe(before: CitizenRequest, after: CitizenRequest) -> str:
    changes = [f"{name} {_value(getattr(before, name)) or '-'} -> {_value(getattr(after, name))}"
               for name in ("department", "type", "urgency") if getattr(before, name) != getattr(after, name)]
    return ", ".join(changes) or "confirmed"


def apply_correction(stored: CitizenRequest | None, fix: Correction, departments: Collection[str], *,
                     status: Status = Status.routed, applied_keys: Collection[str] = (),
                     deadline: Deadline | None = None) -> CorrectionOutcome | None:
    """The corrected request and what to publish, None for a replay, DeadLetter when invalid.

    `stored`: the request as the stream keeps it (None: never seen). `status`: its lifecycle
    status now. `deadline(department, received_at)`: the response-time target of the new
    department (the due time follows the request to its new department).
    """
    if stored is None:
        raise DeadLetter(f"correction for unknown request {fix.request_id}")
    if stored.request_id != fix.request_id:
        raise DeadLetter(f"correction for {fix.request_id} applied to {stored.request_id}")
    if fix.department is None and fix.type is None and fix.urgency is None:
        raise DeadLetter(f"correction for {fix.request_id} corrects nothing (no department, type or urgency)")
    if fix.department is not None and fix.department not in departments:
        raise DeadLetter(f"correction for {fix.request_id}: unknown department {fix.department!r}")
    if fix.key in applied_keys:
        return None
    target = fix.department or stored.department
    if target is None:
        raise DeadLetter(f"correction for {fix.request_id} leaves it without a department")
    changes: dict[str, Any] = {"department": target, "needs_review": False}
    if fix.type is not None:
        changes["type"] = fix.type
    if fix.urgency is not None:
        changes["urgency"] = fix.urgency
    provisional = stored.model_copy(update=changes)
    reason = f"corrected by {fix.actor}: {_describe(stored, provisional)}"
    corrected = stored.enrich(**changes, reasons=(*stored.reasons, reason))

    old = stored.department
    moved = old != target
    routes: list[Route] = []
    if stored.duplicate_of is None and status not in WORK_OVER:
        routes = _routes(stored, corrected, departments, moved, fix)
    applied = AppliedCorrection(
        request_id=fix.request_id, key=fix.key, department=target, type=_value(corrected.type),
        urgency=_value(corrected.urgency),
        previous={"department": old, "type": _value(stored.type), "urgency": _value(stored.urgency)},
        due_at=deadline(target, stored.received_at) if deadline and stored.duplicate_of is None else None,
        reason=reason, rerouted=any(r.kind == "request" and r.topic == dept_topic(target) for r in routes),
        actor=fix.actor, at=fix.at)
    return CorrectionOutcome(corrected, tuple(routes), applied)


def _routes(stored: CitizenRequest, corrected: CitizenRequest, departments: Collection[str], moved: bool,
            fix: Correction) -> list[Route]:
    target = corrected.department or ""
    urgency = _value(corrected.urgency) or Urgency.normal.value
    key = corrected.request_id.encode()
    newly_urgent = corrected.urgency in URGENT_LEVELS and stored.urgency not in URGENT_LEVELS
    # route_request gives the department copy, the urgent copy and the social copy; the social
    # team already has a social request (its channel did not change), so that copy is dropped.
    wanted = {dept_topic(target)} if moved else set()
    if newly_urgent:
        wanted.add(URGENT)
    routes = [r for r in route_request(corrected, departments) if r.topic in wanted]

    def notice(kind: Literal["reassigned", "corrected"], department: str) -> Route:
        body = CorrectionNotice(kind=kind, request_id=corrected.request_id, department=department,
                                to_department=target, type=_value(corrected.type), urgency=_value(corrected.urgency),
                                actor=fix.actor, at=fix.at)
        return Route(dept_topic(department), key, body.model_dump_json().encode(), kind, corrected.request_id,
                     department, urgency)

    if moved and stored.department in departments:
        routes.append(notice("reassigned", stored.department or ""))
    elif not moved and (stored.type != corrected.type or stored.urgency != corrected.urgency):
        routes.append(notice("corrected", target))
    return routes
