"""`Deduplicator`: the three dedup levels and the citizen linker in their order, one call
per report. Used as is by `civicdesk cluster` and by a single-table-key worker; a worker
that repartitions (incidents by `incident_key`) calls the parts itself in the same order.

    redelivery? -> drop
    link identities -> person
    same person, same problem, 48 h? -> duplicate_of first (not routed, not counted)
    else incident: opens one (routed) or joins one (count raised, incident update)

Wiring in Faust (each table co-partitioned with the stream that writes it; Faust writes a
table's changelog to the partition of the event being processed, not of the table key):
  redelivery  keyed request_id; fine on requests.raw (keyed by citizen id): a redelivered
              message has the same citizen, so it comes back to the same partition.
  citizens    keyed by identity, `recent` by person id: one person's phone and email arrive
              on different raw partitions, so with several workers use a GlobalTable for
              `citizens` (~110 bytes per identity) or repartition by person id after linking;
              otherwise cross-identity duplicates are found only within a partition.
  incidents   keyed by `incident_key(report)`: `stream.group_by(incident_key)` first.
State per request and for 1M requests: bench/bench_dedup_state.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import MutableMapping

from schemas.request import CitizenRequest, Status
from streams.dedup import IncidentMatcher, RedeliveryFilter, SameCitizenDedup
from streams.identity import DEFAULT_REGION, CitizenLinker
from streams.report import Report
from streams.similarity import signature


class Outcome(StrEnum):
    new = "new"                    # first report of its incident: route it
    redelivery = "redelivery"      # seen before: drop, count
    duplicate = "duplicate"        # same citizen, same problem: link, do not route
    incident = "incident"          # joins another citizen's incident: link, incident update


@dataclass(frozen=True)
class Decision:
    request_id: str
    outcome: Outcome
    person_id: str | None = None
    duplicate_of: str | None = None
    incident_id: str | None = None
    first_request_id: str | None = None  # of the incident
    report_count: int = 1

    def to_list(self) -> list:
        """Compact table form (a list, not a dict: 1M of them in the redelivery table)."""
        return [self.outcome.value, self.person_id, self.duplicate_of, self.incident_id,
                self.first_request_id, self.report_count]

    @classmethod
    def from_list(cls, request_id: str, data: list) -> "Decision":
        outcome, person, dup, inc, first, count = data
        return cls(request_id, Outcome(outcome), person, dup, inc, first, count)

    def to_dict(self) -> dict:
        return {**asdict(self), "outcome": self.outcome.value}

    def applied_to(self, req: "CitizenRequest") -> "CitizenRequest":
        """The request as it leaves the stage: linked to what it duplicates or joins, or marked
        routed. Copies, not re-validation: the ids are our own and already valid (~40 us saved)."""
        if self.outcome is Outcome.duplicate:
            return req.model_copy(update={"duplicate_of": self.duplicate_of, "incident_id": self.incident_id})
        if self.outcome is Outcome.incident:
            return req.model_copy(update={"incident_id": self.incident_id})
        if self.outcome is Outcome.new:
            return req.model_copy(update={"status": Status.routed})
        return req


@dataclass
class DedupTables:
    """The four pieces of state; dicts by default, Faust tables in the worker."""

    redelivery: MutableMapping
    citizens: MutableMapping
    recent: MutableMapping
    incidents: MutableMapping

    @classmethod
    def in_memory(cls) -> "DedupTables":
        return cls({}, {}, {}, {})


class Deduplicator:
    def __init__(self, tables: DedupTables | None = None, *, region: str = DEFAULT_REGION,
                 ignore_identities: tuple[str, ...] = ()) -> None:
        self.tables = tables or DedupTables.in_memory()
        self.region = region
        self.redelivery = RedeliveryFilter(self.tables.redelivery)
        self.linker = CitizenLinker(self.tables.citizens, ignore=ignore_identities)
        self.citizen = SameCitizenDedup(self.tables.recent)
        self.incidents = IncidentMatcher(self.tables.incidents)

    def decide(self, report: Report) -> Decision:
        previous = self.redelivery.previous(report)
        if previous is not None:
            self.redelivery.dropped += 1
            first = Decision.from_list(report.request_id, previous[2]) if previous[2] else None
            return Decision(report.request_id, Outcome.redelivery,
                            first.person_id if first else None,
                            first.duplicate_of if first else None,
                            first.incident_id if first else None,
                            first.first_request_id if first else None,
                            first.report_count if first else 1)
        person = self.linker.observe(report.identities, report.linked_identities(self.region), at=report.at)
        sig = signature(report.text, report.language)
        match = self.citizen.check(report, person.all_ids, sig)
        if match is not None:
            decision = Decision(report.request_id, Outcome.duplicate, person.id, match.duplicate_of,
                                match.incident_id, None, 1)
        else:
            inc = self.incidents.observe(report, sig)
            decision = Decision(report.request_id, Outcome.incident if inc.joined else Outcome.new, person.id,
                                None, inc.incident_id, inc.first_request_id, inc.report_count)
            self.citizen.remember(report, person.id, sig, inc.incident_id)
        self.redelivery.remember(report, decision.to_list())
        return decision

    def sweep(self, now: float) -> dict[str, int]:
        """Drop expired state; call from a timer (every few minutes is plenty)."""
        return {"redelivery": self.redelivery.sweep(now), "recent": self.citizen.sweep(now),
                "incidents": self.incidents.sweep(now), "citizens": self.linker.sweep(now)}
