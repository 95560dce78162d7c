"""Kafka records -> bulk actions: new requests, status changes, duplicate and incident links. Pure module.

Every action is idempotent, so a batch replayed after a crash (offsets are committed only after
the ack) changes nothing the second time:
- a request is written with `create`; when the id exists (a replay, a Telegram edit, or a stub
  left by an early status change) the writer falls back to `merge_action`, a scripted update
  that keeps the status history, duplicate links and incident already on the document;
- a status change is a scripted upsert that appends to `status_history` unless its key is
  there, and moves `status` only if the change is newer (`seq`, epoch ms). A change for a
  request not indexed yet creates a `pending` stub that searches hide until the request lands;
- a duplicate link adds to a set; an incident link keeps the highest report count seen;
- an applied correction (requests.corrections.applied, from streams.corrections) appends to
  `corrections` unless its key is there, and replaces department/type/urgency/due_at only if it
  is the newest (`correction_seq`); the department it left goes to `previous_departments` (the
  console's feed tells that department's page to drop the card). A request replayed later
  (merge) keeps the latest correction, not the classifier's answer.
A satisfaction answer (requests.satisfaction, from streams.satisfaction_intake) sets
`satisfaction: {score, at, channel, answer_id}` on the request it rates, unless it has one: a
check is answered once, and a replay changes nothing.
Status changes and corrections set `updated_at` (the sink's clock): the console's live feed
polls it to update cards already on screen.

Records on requests.duplicates are `schemas.links.Link` (the stream's routing publishes them):
duplicate (request_id duplicates duplicate_of), incident (request_id joined incident_id,
first reported as first_request_id, `reports` after it), redelivery (nothing to index).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from schemas.events import StatusChange
from schemas.links import Link
from schemas.request import CitizenRequest, describe_validation_error
from schemas.satisfaction import SatisfactionAnswer
from sinks.documents import epoch_ms, history_entry
from streams.corrections import AppliedCorrection

# Painless, kept to what both Elasticsearch and the embedded engine run (no streams/lambdas,
# no String.compareTo): loops, maps, lists and numeric comparisons.
STATUS_SCRIPT = """
if (ctx._source.status_history == null) { ctx._source.status_history = []; }
boolean seen = false;
for (def h : ctx._source.status_history) { if (h.key == params.e.key) { seen = true; } }
if (!seen) { ctx._source.status_history.add(params.e); if (params.now != null) { ctx._source.updated_at = params.now; } }
if (ctx._source.status_seq == null || params.e.seq >= ctx._source.status_seq) {
  ctx._source.status = params.e.status; ctx._source.status_changed_at = params.e.at; ctx._source.status_seq = params.e.seq;
}
if (ctx._source.request_id == null) { ctx._source.request_id = params.id; ctx._source.pending = true; }
"""

MERGE_SCRIPT = """
def old = ctx._source;
def hist = old.status_history; def st = old.status; def at = old.status_changed_at; def seq = old.status_seq;
def dups = old.duplicates; def inc = old.incident_id; def reports = old.incident_reports; def social = old.social_citizen;
def corr = old.corrections; def cseq = old.correction_seq; def left = old.previous_departments;
def doc = params.doc;
ctx._source.putAll(doc);
if (corr != null && corr.size() > 0) {
  def last = null;
  for (def c : corr) { if (last == null || c.seq >= last.seq) { last = c; } }
  ctx._source.corrections = corr; ctx._source.correction_seq = cseq; ctx._source.previous_departments = left;
  ctx._source.department = last.department; ctx._source.type = last.type; ctx._source.urgency = last.urgency;
  ctx._source.needs_review = false;
  if (last.due_at != null) { ctx._source.due_at = last.due_at; }
  for (def c : corr) { if (!ctx._source.reasons.contains(c.reason)) { ctx._source.reasons.add(c.reason); } }
}
if (hist != null) {
  for (def e : doc.status_history) {
    boolean seen = false;
    for (def h : hist) { if (h.key == e.key) { seen = true; } }
    if (!seen) { hist.add(e); }
  }
  ctx._source.status_history = hist;
  if (seq != null && seq > doc.status_seq) { ctx._source.status = st; ctx._source.status_changed_at = at; ctx._source.status_seq = seq; }
}
if (dups != null) {
  for (def d : doc.duplicates) { if (!dups.contains(d)) { dups.add(d); } }
  ctx._source.duplicates = dups;
}
if (doc.incident_id == null && inc != null) { ctx._source.incident_id = inc; }
if (reports != null && (doc.incident_reports == null || reports > doc.incident_reports)) { ctx._source.incident_reports = reports; }
if (social == true) { ctx._source.social_citizen = true; }
"""

DUPLICATE_SCRIPT = """
if (ctx._source.duplicates == null) { ctx._source.duplicates = []; }
if (!ctx._source.duplicates.contains(params.dup)) { ctx._source.duplicates.add(params.dup); }
if (ctx._source.request_id == null) { ctx._source.request_id = params.id; ctx._source.pending = true; }
"""

DUPLICATE_OF_SCRIPT = """
ctx._source.duplicate_of = params.of;
if (ctx._source.request_id == null) { ctx._source.request_id = params.id; ctx._source.pending = true; }
"""

SATISFACTION_SCRIPT = """
if (ctx._source.satisfaction == null) {
  ctx._source.satisfaction = params.s;
  if (params.now != null) { ctx._source.updated_at = params.now; }
}
if (ctx._source.request_id == null) { ctx._source.request_id = params.id; ctx._source.pending = true; }
"""

INCIDENT_SCRIPT = """
ctx._source.incident_id = params.incident;
if (ctx._source.incident_reports == null || params.reports > ctx._source.incident_reports) { ctx._source.incident_reports = params.reports; }
if (ctx._source.request_id == null) { ctx._source.request_id = params.id; ctx._source.pending = true; }
"""

CORRECTION_SCRIPT = """
if (ctx._source.corrections == null) { ctx._source.corrections = []; }
boolean seen = false;
for (def c : ctx._source.corrections) { if (c.key == params.c.key) { seen = true; } }
if (!seen) {
  ctx._source.corrections.add(params.c);
  if (ctx._source.correction_seq == null || params.c.seq >= ctx._source.correction_seq) {
    ctx._source.department = params.c.department; ctx._source.type = params.c.type; ctx._source.urgency = params.c.urgency;
    ctx._source.needs_review = false; ctx._source.correction_seq = params.c.seq;
    if (params.c.due_at != null) { ctx._source.due_at = params.c.due_at; }
  }
  if (ctx._source.reasons == null) { ctx._source.reasons = []; }
  if (!ctx._source.reasons.contains(params.c.reason)) { ctx._source.reasons.add(params.c.reason); }
  def left = params.c.previous.department;
  if (ctx._source.previous_departments == null) { ctx._source.previous_departments = []; }
  if (left != null && left != params.c.department && !ctx._source.previous_departments.contains(left)) {
    ctx._source.previous_departments.add(left);
  }
  ctx._source.updated_at = params.now;
}
if (ctx._source.request_id == null) { ctx._source.request_id = params.id; ctx._source.pending = true; }
"""

# Two writers (the live sink and a reindex catch-up) may touch one document at once.
RETRY_ON_CONFLICT = 3


class Unusable(ValueError):
    """A record that can never become an action: dead-letter it with the reason."""


def scripted(alias: str, request_id: str, source: str, params: dict[str, Any]) -> dict[str, Any]:
    return {"_op_type": "update", "_index": alias, "_id": request_id, "retry_on_conflict": RETRY_ON_CONFLICT,
            "script": {"source": source, "lang": "painless", "params": {"id": request_id, **params}},
            "upsert": {}, "scripted_upsert": True}


def create_action(alias: str, doc: dict[str, Any]) -> dict[str, Any]:
    return {"_op_type": "create", "_index": alias, "_id": doc["request_id"], "_source": doc}


def merge_action(alias: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The fallback when `create` meets an existing document (409)."""
    return scripted(alias, doc["request_id"], MERGE_SCRIPT, {"doc": doc})


def status_action(alias: str, change: StatusChange, now: datetime | None = None) -> dict[str, Any]:
    """`now`: when the sink applies it (`updated_at`, the console feed's cursor for changes)."""
    entry = history_entry(change.status.value, change.at, change.actor, change.note)
    return scripted(alias, change.request_id, STATUS_SCRIPT, {"e": entry, "now": now.isoformat() if now else None})


def correction_entry(fix: AppliedCorrection) -> dict[str, Any]:
    """One `corrections` item: what was corrected, by whom, from what (`previous`), and `seq`
    (epoch ms) to order corrections, because the update script cannot compare ISO strings."""
    return {"key": fix.key, "seq": epoch_ms(fix.at), "at": fix.at.isoformat(), "actor": fix.actor,
            "department": fix.department, "type": fix.type, "urgency": fix.urgency, "previous": dict(fix.previous),
            "due_at": fix.due_at.isoformat() if fix.due_at else None, "reason": fix.reason, "rerouted": fix.rerouted}


def correction_action(alias: str, fix: AppliedCorrection, now: datetime) -> dict[str, Any]:
    return scripted(alias, fix.request_id, CORRECTION_SCRIPT, {"c": correction_entry(fix), "now": now.isoformat()})


def parse_correction(value: bytes) -> AppliedCorrection:
    try:
        return AppliedCorrection.model_validate_json(value)
    except ValidationError as exc:
        raise Unusable(describe_validation_error(exc)) from exc


def parse_request(value: bytes) -> CitizenRequest:
    try:
        return CitizenRequest.from_json(value)
    except ValidationError as exc:
        raise Unusable(describe_validation_error(exc)) from exc


def parse_status(value: bytes) -> StatusChange:
    try:
        return StatusChange.model_validate_json(value)
    except ValidationError as exc:
        raise Unusable(describe_validation_error(exc)) from exc


def satisfaction_action(alias: str, answer: SatisfactionAnswer, now: datetime | None = None) -> dict[str, Any]:
    score = {"score": answer.score, "at": answer.at.isoformat(), "channel": answer.channel.value,
             "answer_id": answer.answer_id}
    return scripted(alias, answer.request_id, SATISFACTION_SCRIPT, {"s": score, "now": now.isoformat() if now else None})


def parse_satisfaction(value: bytes) -> SatisfactionAnswer:
    try:
        return SatisfactionAnswer.model_validate_json(value)
    except ValidationError as exc:
        raise Unusable(describe_validation_error(exc)) from exc


def parse_link(value: bytes) -> Link:
    try:
        return Link.model_validate_json(value)
    except ValidationError as exc:
        raise Unusable(describe_validation_error(exc)) from exc


def link_actions(alias: str, link: Link) -> list[dict[str, Any]]:
    """A redelivery changes nothing in the index; a link missing its target is unusable."""
    if link.kind == "redelivery":
        return []
    if link.kind == "duplicate":
        if not link.duplicate_of:
            raise Unusable("duplicate link without duplicate_of")
        # Both ends: the duplicate points at its original, the original lists its duplicates.
        return [scripted(alias, link.request_id, DUPLICATE_OF_SCRIPT, {"of": link.duplicate_of}),
                scripted(alias, link.duplicate_of, DUPLICATE_SCRIPT, {"dup": link.request_id})]
    if not link.incident_id:
        raise Unusable("incident link without incident_id")
    params = {"incident": link.incident_id, "reports": link.reports or 0}
    targets = dict.fromkeys([link.request_id, *([link.first_request_id] if link.first_request_id else [])])
    # The first report joins the incident too, so GET /incidents/{id} lists it with the others.
    return [scripted(alias, rid, INCIDENT_SCRIPT, params) for rid in targets]
