"""Where a classified, deduplicated request goes: a list of `Route`s the worker produces.

    redelivery                   requests.duplicates         (a Link, for the accounting only)
    first report / new request   requests.dept.<department>  (the request)
                                 + requests.urgent           if urgency is urgent/emergency (24/7 desk)
                                 + requests.social           if it came from Twitter/X, Facebook, Instagram
    same-citizen duplicate       requests.duplicates         (a schemas.links.Link; not routed again)
    incident follow-up           requests.duplicates         (a Link)
                                 + requests.dept.<department> (an IncidentUpdate with the report count)

Every message is keyed by request id (an incident update by the id of the report that
raised it: updates of one incident may then arrive out of order across partitions, so
`report_count` is monotonic and consumers keep the highest) and carries headers: schema
version, department, urgency, trace id, and the message kind.
Pure: returns what to produce; the worker produces it (batched, no per-message await).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Collection, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from civicdesk.errors import DeadLetter
from schemas.links import Link
from schemas.request import SCHEMA_VERSION, SOCIAL_CHANNELS, CitizenRequest, Urgency
from schemas.topics import DUPLICATES, SOCIAL, URGENT, dept_topic
from streams.pipeline import Decision, Outcome

Headers = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class Route:
    topic: str
    key: bytes
    headers: Headers
    value: bytes
    kind: str  # "request" | "duplicate_link" | "incident_update"


class IncidentUpdate(BaseModel):
    """On requests.dept.<department>: another citizen reported an incident already routed."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = 1
    kind: Literal["incident_update"] = "incident_update"
    incident_id: str
    first_request_id: str
    request_id: str
    report_count: int
    department: str
    neighbourhood: str | None
    urgency: str | None
    channel: str
    at: AwareDatetime


def apply_decision(request: CitizenRequest, decision: Decision) -> CitizenRequest:
    """The request with its dedup enrichment (duplicate_of, incident_id), ready to route/index.
    model_copy, not enrich(): both values come from our own decision, already valid ids."""
    return request.model_copy(update={"duplicate_of": decision.duplicate_of, "incident_id": decision.incident_id})


def headers_for(request: CitizenRequest, trace_id: str | None, kind: str) -> Headers:
    return (
        ("schema_version", str(SCHEMA_VERSION).encode()),
        ("department", (request.department or "").encode()),
        ("urgency", (request.urgency.value if request.urgency else Urgency.normal.value).encode()),
        # The connector's trace id when the raw message carried one, else the request id:
        # it is already unique and deterministic, so a replay keeps the same trace.
        ("trace_id", (trace_id or request.request_id).encode()),
        ("kind", kind.encode()),
    )


def route(request: CitizenRequest, departments: Collection[str], decision: Decision | None = None, *,
          trace_id: str | None = None, now: datetime | None = None) -> list[Route]:
    """The messages to produce for one request. Raises DeadLetter for an unroutable one
    (no department, or one the taxonomy does not know: a typo must not create a topic)."""
    dept = request.department
    if not dept:
        raise DeadLetter(f"request {request.request_id} has no department")
    if dept not in departments:
        raise DeadLetter(f"request {request.request_id}: unknown department {dept!r}")
    key = request.request_id.encode()
    at = now or request.received_at
    outcome = decision.outcome if decision else Outcome.new
    if outcome is Outcome.redelivery:
        # Not routed again; the link only feeds the accounting (received = indexed +
        # dropped redeliveries + dead-lettered).
        link = Link(kind="redelivery", request_id=request.request_id, department=dept, at=at)
        return [Route(DUPLICATES, key, headers_for(request, trace_id, "duplicate_link"), link.to_json(),
                      "duplicate_link")]
    if outcome in (Outcome.duplicate, Outcome.incident):
        assert decision is not None
        link = Link(kind="duplicate" if outcome is Outcome.duplicate else "incident",
                    request_id=request.request_id, duplicate_of=decision.duplicate_of,
                    incident_id=decision.incident_id, first_request_id=decision.first_request_id,
                    reports=decision.report_count if outcome is Outcome.incident else None,
                    department=dept, at=at)
        routes = [Route(DUPLICATES, key, headers_for(request, trace_id, "duplicate_link"), link.to_json(),
                        "duplicate_link")]
        if outcome is Outcome.incident and decision.incident_id and decision.first_request_id:
            update = IncidentUpdate(
                incident_id=decision.incident_id, first_request_id=decision.first_request_id,
                request_id=request.request_id, report_count=decision.report_count, department=dept,
                neighbourhood=request.location.neighbourhood if request.location else None,
                urgency=request.urgency.value if request.urgency else None, channel=request.channel.value, at=at)
            routes.append(Route(dept_topic(dept), key,
                                headers_for(request, trace_id, update.kind), update.model_dump_json().encode(),
                                update.kind))
        return routes
    body = request.to_json()
    headers = headers_for(request, trace_id, "request")
    routes = [Route(dept_topic(dept), key, headers, body, "request")]
    if request.urgency in (Urgency.urgent, Urgency.emergency):
        routes.append(Route(URGENT, key, headers, body, "request"))
    if request.channel in SOCIAL_CHANNELS:
        routes.append(Route(SOCIAL, key, headers, body, "request"))
    return routes
