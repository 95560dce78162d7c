"""A status change folded into its request's document in the sink gives the document the engine
would have made by running the status script after the create; changes for other requests stay
scripted updates."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from schemas.events import StatusChange
from sinks.es_sink import Plan, Record, plan_batch
from sinks.updates import create_action
from tests.sinks.corpus import make_request

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
TOPICS = {"classified": "c", "status": "s", "duplicates": "d"}


def _records(*pairs: tuple[str, bytes]) -> list[Record]:
    return [Record(topic, value, f"{topic}[0]@{i}") for i, (topic, value) in enumerate(pairs)]


def _change(req, status: str, minutes: int) -> bytes:  # type: ignore[no-untyped-def]
    return StatusChange(request_id=req.request_id, status=status, actor="roads",
                        at=req.received_at + timedelta(minutes=minutes)).to_json()


def _plan(records: list[Record]) -> Plan:
    return plan_batch(records, "idx", NOW, **TOPICS)


def test_change_for_a_request_in_the_batch_is_folded_and_others_stay_updates() -> None:
    req = make_request("Su borusu patladı", external_id=f"f-{uuid.uuid4().hex}")
    other = make_request("Çöp alınmadı", external_id=f"f-{uuid.uuid4().hex}")
    plan = _plan(_records(("s", _change(req, "routed", 1)), ("c", req.to_json()), ("s", _change(other, "routed", 1))))
    [doc] = plan.docs
    assert doc["status"] == "routed" and [h["status"] for h in doc["status_history"]][-1] == "routed"
    assert doc["updated_at"] == NOW.isoformat()
    assert [u["_id"] for u in plan.updates] == [other.request_id]


def test_an_older_change_joins_the_history_without_moving_the_status() -> None:
    req = make_request("Su borusu patladı", external_id=f"f-{uuid.uuid4().hex}")
    plan = _plan(_records(("c", req.to_json()), ("s", _change(req, "in_progress", 5)), ("s", _change(req, "routed", 1)),
                          ("s", _change(req, "routed", 1))))
    [doc] = plan.docs
    assert doc["status"] == "in_progress"
    statuses = [h["status"] for h in doc["status_history"]]
    assert statuses.count("routed") == 1 and "in_progress" in statuses and plan.updates == []


@pytest.mark.slow
def test_folded_document_equals_the_engines_create_then_script(noida, es) -> None:
    req = make_request("Kaldırım çökmüş", external_id=f"f-{uuid.uuid4().hex}")
    records = _records(("c", req.to_json()), ("s", _change(req, "routed", 1)), ("s", _change(req, "in_progress", 3)))
    index = f"fold-{uuid.uuid4().hex[:8]}"
    # The engine's way: create, then the scripted updates, with folding undone by planning the
    # changes in a batch of their own.
    unfolded = _plan(records[:1]).docs + []
    scripted = _plan(records[1:]).updates
    es.bulk(operations=_bulk_body([create_action(index, unfolded[0])] + scripted, index), refresh=True)
    engine = es.get(index=index, id=req.request_id)["_source"]
    folded = _plan(records).docs[0]
    assert folded == engine


def _bulk_body(actions: list[dict], index: str) -> list[dict]:  # type: ignore[type-arg]
    body: list[dict] = []  # type: ignore[type-arg]
    for a in actions:
        if a["_op_type"] == "create":
            body += [{"create": {"_index": index, "_id": a["_id"]}}, a["_source"]]
        else:
            body += [{"update": {"_index": index, "_id": a["_id"], "retry_on_conflict": 3}},
                     {"script": a["script"], "upsert": a["upsert"], "scripted_upsert": True}]
    return body
