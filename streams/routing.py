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

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class Route:
    """One message to produce. Headers are built at send time so the worker passes the
    trace id it received (`route.headers(trace)`); without one, the request id is the trace:
    unique and deterministic, so a replay keeps the same trace."""

    topic: str
    key: bytes
    value: bytes
    kind: str  # "request" | "link" | "incident_update"
    request_id: str
    department: str
    urgency: str

    def headers(self, trace_id: str | None = None) -> Headers:
        # Same names as civicdesk.kafka.standard_headers (hyphenated), not imported from there
        # because that module is the confluent-kafka adapter.
        return [
            ("schema-version", str(SCHEMA_VERSION).encode()),
            ("trace-id", (trace_id or self.request_id).encode()),
            ("department", self.department.encode()),
            ("urgency", self.urgency.encode()),
            ("kind", self.kind.encode()),
        ]


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


def _department(request: CitizenRequest, departments: Collection[str]) -> str:
    dept = request.department
    if not dept:
        raise DeadLetter(f"request {request.request_id} has no department")
    if dept not in departments:
        raise DeadLetter(f"request {request.request_id}: unknown department {dept!r}")
    return dept


def route_request(request: CitizenRequest, departments: Collection[str], *, duplicate: bool = False,
                  incident_update: bool = False, reports: int = 1, first_request_id: str | None = None,
                  incident_id: str | None = None, now: datetime | None = None) -> list[Route]:
    """The department-facing messages of one request, without the requests.duplicates link
    (for a worker that publishes links itself; `route` adds them).

    duplicate: nothing (the same citizen's problem is already routed).
    incident_update: an IncidentUpdate on the department topic (incident id from
    `incident_id` or the request's own `incident_id`).
    otherwise: the request on its department topic, plus urgent and social copies.
    Raises DeadLetter for an unroutable request (no department, or one the taxonomy does not
    know: a typo must not create a topic).
    """
    dept = _department(request, departments)
    if duplicate:
        return []
    urgency = request.urgency.value if request.urgency else Urgency.normal.value
    key = request.request_id.encode()
    if incident_update:
        inc = incident_id or request.incident_id
        if not inc or not first_request_id:
            raise DeadLetter(f"incident update for {request.request_id} without incident or first request id")
        update = IncidentUpdate(
            incident_id=inc, first_request_id=first_request_id, request_id=request.request_id,
            report_count=reports, department=dept,
            neighbourhood=request.location.neighbourhood if request.location else None,
            urgency=request.urgency.value if request.urgency else None, channel=request.channel.value,
            at=now or request.received_at)
        return [Route(dept_topic(dept), key, update.model_dump_json().encode(), "incident_update",
                      request.request_id, dept, urgency)]
    body = request.to_json()
    routes = [Route(dept_topic(dept), key, body, "request", request.request_id, dept, urgency)]
    if request.urgency in (Urgency.urgent, Urgency.emergency):
        routes.append(Route(URGENT, key, body, "request", request.request_id, dept, urgency))
    if request.channel in SOCIAL_CHANNELS:
        routes.append(Route(SOCIAL, key, body, "request", request.request_id, dept, urgency))
    return routes


def route(request: CitizenRequest, departments: Collection[str], decision: Decision | None = None, *,
          now: datetime | None = None) -> list[Route]:
    """Every message for one request given its dedup decision, links included."""
    dept = _department(request, departments)
    outcome = decision.outcome if decision else Outcome.new
    at = now or request.received_at
    urgency = request.urgency.value if request.urgency else Urgency.normal.value

    def link(record: Link) -> Route:
        return Route(DUPLICATES, request.request_id.encode(), record.to_json(), "link", request.request_id, dept, urgency)

    if decision is None or outcome is Outcome.new:
        return route_request(request, departments, now=now)
    if outcome is Outcome.redelivery:
        # Not routed again; the link only feeds the accounting (received = indexed +
        # dropped redeliveries + dead-lettered).
        return [link(Link(kind="redelivery", request_id=request.request_id, department=dept, at=at))]
    if outcome is Outcome.duplicate:
        return [link(Link(kind="duplicate", request_id=request.request_id, duplicate_of=decision.duplicate_of,
                          incident_id=decision.incident_id, department=dept, at=at))]
    return [link(Link(kind="incident", request_id=request.request_id, incident_id=decision.incident_id,
                      first_request_id=decision.first_request_id, reports=decision.report_count,
                      department=dept, at=at)),
            *route_request(request, departments, incident_update=True, reports=decision.report_count,
                           first_request_id=decision.first_request_id, incident_id=decision.incident_id, now=now)]
