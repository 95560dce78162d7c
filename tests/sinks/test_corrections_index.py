"""Applied corrections written by the sink code into the engine: the corrected department is what
search and the role filter see, the history is kept, and replays or late arrivals change nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from schemas.events import StatusChange
from schemas.request import Status
from sinks.es_sink import Record, plan_batch
from streams.corrections import Correction, apply_correction
from tests.sinks.conftest import as_role
from tests.sinks.corpus import T0, make_request, new_index

pytestmark = pytest.mark.slow

DEPTS = {"water-sewer", "roads", "cleaning"}


def correct(req, department=None, urgency=None, minutes: int = 5, applied_keys=()):
    fix = Correction(request_id=req.request_id, department=department, type=None, urgency=urgency,
                     previous={"department": req.department}, actor="supervisor#9f8e7d", at=T0 + timedelta(minutes=minutes))
    out = apply_correction(req, fix, DEPTS, applied_keys=applied_keys,
                           deadline=lambda d, at: at + timedelta(hours={"roads": 72}.get(d, 24)))
    assert out is not None
    return out


def write(idx, *records: tuple[str, bytes]) -> datetime:
    now = datetime.now(timezone.utc)
    plan = plan_batch([Record(t, v, f"{t}[0]@{i}") for i, (t, v) in enumerate(records)], idx.alias, now)
    assert idx.indexer.write(plan, now) == []
    idx.es.indices.refresh(index=idx.alias)
    return now


def test_corrected_department_moves_the_request_between_roles_and_keeps_the_history(es, api_for) -> None:
    idx = new_index(es, "corr")
    req = make_request("Kızılay'da kaldırım çökmüş", department="water-sewer", urgency="normal", type="complaint",
                       needs_review=True, reasons=("keyword:kaldırım",))
    idx.write(requests=[req])
    api = api_for(idx.alias)
    assert api.get(f"/requests/{req.request_id}", headers=as_role("water-key")).status_code == 200
    assert api.get(f"/requests/{req.request_id}", headers=as_role("roads-key")).status_code == 404

    first = correct(req, department="roads")
    applied_at = write(idx, ("requests.corrections.applied", first.applied.to_json()))
    doc = idx.get(req.request_id)
    assert (doc["department"], doc["needs_review"], doc["previous_departments"]) == ("roads", False, ["water-sewer"])
    assert doc["due_at"].startswith((req.received_at + timedelta(hours=72)).isoformat()[:19])
    assert doc["reasons"][-1].startswith("corrected by supervisor#9f8e7d: department water-sewer -> roads")
    assert datetime.fromisoformat(doc["updated_at"]) == applied_at
    assert api.get(f"/requests/{req.request_id}", headers=as_role("water-key")).status_code == 404
    seen = api.get(f"/requests/{req.request_id}", headers=as_role("roads-key"))
    assert seen.status_code == 200 and seen.json()["classification"]["department"] == "roads"
    found = api.get("/requests", params={"department": "roads"}, headers=as_role("sup-key")).json()["results"]
    assert req.request_id in {d["request_id"] for d in found}

    # The same record again (a replay after a crash) adds nothing; a later correction by urgency applies.
    write(idx, ("requests.corrections.applied", first.applied.to_json()))
    assert len(idx.get(req.request_id)["corrections"]) == 1
    second = correct(first.request, urgency="urgent", minutes=9, applied_keys=[first.applied.key])
    write(idx, ("requests.corrections.applied", second.applied.to_json()))
    doc = idx.get(req.request_id)
    assert [c["department"] for c in doc["corrections"]] == ["roads", "roads"]
    assert (doc["department"], doc["urgency"]) == ("roads", "urgent")
    assert doc["corrections"][0]["previous"] == {"department": "water-sewer", "type": "complaint", "urgency": "normal"}


def test_an_older_correction_arriving_late_is_kept_in_history_but_does_not_win(es) -> None:
    idx = new_index(es, "corr")
    req = make_request("Çöp konteyneri taştı", department="water-sewer")
    idx.write(requests=[req])
    newer, older = correct(req, department="cleaning", minutes=20), correct(req, department="roads", minutes=10)
    write(idx, ("requests.corrections.applied", newer.applied.to_json()),
          ("requests.corrections.applied", older.applied.to_json()))
    doc = idx.get(req.request_id)
    assert doc["department"] == "cleaning" and len(doc["corrections"]) == 2


def test_request_replayed_after_a_correction_keeps_the_correction_not_the_classifier(es) -> None:
    idx = new_index(es, "corr")
    req = make_request("Su borusu patladı", department="water-sewer", urgency="normal")
    idx.write(requests=[req])
    out = correct(req, department="roads", urgency="emergency")
    write(idx, ("requests.corrections.applied", out.applied.to_json()))
    # A reindex or a redelivered record: create meets the document and merges.
    write(idx, ("requests.classified", req.to_json()))
    doc = idx.get(req.request_id)
    assert (doc["department"], doc["urgency"], len(doc["corrections"])) == ("roads", "emergency", 1)
    assert doc["reasons"].count(out.applied.reason) == 1


def test_status_change_sets_updated_at_for_the_live_feed_and_a_replay_does_not_move_it(es) -> None:
    idx = new_index(es, "corr")
    req = make_request("Lamba yanmıyor", department="water-sewer")
    idx.write(requests=[req])
    assert "updated_at" not in idx.get(req.request_id)
    change = StatusChange(request_id=req.request_id, status=Status.in_progress, actor="water", at=T0 + timedelta(hours=1))
    first = write(idx, ("requests.status.accepted", change.to_json()))
    assert datetime.fromisoformat(idx.get(req.request_id)["updated_at"]) == first
    write(idx, ("requests.status.accepted", change.to_json()))
    assert datetime.fromisoformat(idx.get(req.request_id)["updated_at"]) == first
