"""The console's /events carries changes to requests already on screen: a status change, a
correction, and for a department a request reassigned away (only its id, so the card goes)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from schemas.events import StatusChange
from schemas.request import Status
from sinks.console import routes
from sinks.es_sink import Record, plan_batch
from streams.corrections import Correction, apply_correction
from tests.sinks.conftest import as_role
from tests.sinks.corpus import T0, make_request, new_index

pytestmark = pytest.mark.slow


def write(idx, topic: str, value: bytes) -> None:
    now = datetime.now(timezone.utc)
    assert idx.indexer.write(plan_batch([Record(topic, value, f"{topic}[0]@0")], idx.alias, now), now) == []
    idx.es.indices.refresh(index=idx.alias)


def poll(api, key: str, changed: datetime) -> dict:
    resp = api.get("/events", params={"once": "true", "changed": changed.isoformat()}, headers=as_role(key))
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_status_change_and_reassignment_reach_the_open_feeds_of_the_right_roles(es, api_for) -> None:
    idx = new_index(es, "feed")
    water = make_request("Dikmen'de su borusu patladı", department="water-sewer", urgency="normal")
    road = make_request("Kızılay'da kaldırım çökmüş", department="roads", phone="+905339876543")
    opened = datetime.now(timezone.utc)  # the index keeps milliseconds: the page opens before the writes
    idx.write(requests=[water, road])
    api = api_for(idx.alias)
    first = poll(api, "water-key", opened)
    assert {d["request_id"] for d in first["requests"]} == {water.request_id}
    assert first["updates"] == []

    write(idx, "requests.status.accepted", StatusChange(request_id=water.request_id, status=Status.in_progress,
                                                        actor="water", at=T0 + timedelta(hours=1)).to_json())
    seen = poll(api, "water-key", datetime.fromisoformat(first["changed"]))
    assert [(d["request_id"], d["status"]) for d in seen["updates"]] == [(water.request_id, "in_progress")]
    assert "+905321234567" not in str(seen)  # a department's feed is masked like its searches
    assert poll(api, "roads-key", opened)["updates"] == []

    fix = Correction(request_id=water.request_id, department="roads", type=None, urgency=None,
                     previous={"department": "water-sewer"}, actor="department:water-sewer#ab12", at=T0 + timedelta(hours=2))
    out = apply_correction(water, fix, {"water-sewer", "roads"})
    assert out is not None
    since = datetime.fromisoformat(seen["changed"])
    write(idx, "requests.corrections.applied", out.applied.to_json())
    assert poll(api, "water-key", since)["updates"] == [{"request_id": water.request_id, "removed": True}]
    moved = poll(api, "roads-key", since)["updates"]
    assert [(d["request_id"], d["department"], d["status"]) for d in moved] == [(water.request_id, "roads", "in_progress")]
    assert {d["request_id"] for d in poll(api, "sup-key", since)["updates"]} == {water.request_id}
    # Nothing changed after the last change: nothing more is sent.
    later = datetime.fromisoformat(poll(api, "roads-key", since)["changed"]) + timedelta(seconds=3)
    assert poll(api, "roads-key", later)["updates"] == []


def test_a_changed_cursor_without_time_zone_is_refused(es, api_for) -> None:
    api = api_for(new_index(es, "feed").alias)
    resp = api.get("/events", params={"once": "true", "changed": "2026-03-01T08:00:00"}, headers=as_role("sup-key"))
    assert resp.status_code == 422


def test_a_whole_sink_batch_of_changes_reaches_the_feed_in_one_poll(es, api_for, monkeypatch) -> None:
    # 250 status changes written in one batch share one updated_at: more than a page (100).
    idx = new_index(es, "feed")
    reqs = [make_request(f"istek {i}", phone=f"+9053212{i:05d}") for i in range(250)]
    opened = datetime.now(timezone.utc)
    idx.write(requests=reqs)
    api = api_for(idx.alias)
    now = datetime.now(timezone.utc)
    changes = [Record("requests.status.accepted", StatusChange(request_id=r.request_id, status=Status.in_progress,
                                                               actor="water", at=T0 + timedelta(hours=1)).to_json(), f"s[0]@{i}")
               for i, r in enumerate(reqs)]
    assert idx.indexer.write(plan_batch(changes, idx.alias, now), now) == []
    es.indices.refresh(index=idx.alias)
    got = poll(api, "sup-key", opened)["updates"]
    assert len(got) == 250 and {d["request_id"] for d in got} == {r.request_id for r in reqs}
    assert {d["status"] for d in got} == {"in_progress"}

    # A stream whose polls read one page each still gets through the batch, page after page.
    monkeypatch.setattr(routes, "CHANGE_PAGES", 1)
    monkeypatch.setattr(routes, "FEED_POLL_SECONDS", 0.05)
    monkeypatch.setattr(routes, "STREAM_SECONDS", 1.0)
    streamed: list[str] = []
    with api.stream("GET", "/events", params={"changed": opened.isoformat()}, headers=as_role("sup-key")) as resp:
        for line in resp.iter_lines():
            if line.startswith("data: "):
                streamed.extend(d["request_id"] for d in json.loads(line[6:])["updates"])
    assert sorted(streamed) == sorted(r.request_id for r in reqs)


def test_a_satisfaction_answer_is_not_work_and_stays_out_of_the_feed(es, api_for) -> None:
    from tests.sinks.console.test_overview_satisfaction import answer_to

    idx = new_index(es, "feed")
    water = make_request("Dikmen'de su yok", department="water-sewer", urgency="normal")
    answer, _ = answer_to(water, "5 teşekkürler", 5, 0)
    opened = datetime.now(timezone.utc)
    idx.write(requests=[water, answer])
    api = api_for(idx.alias)
    assert idx.get(answer.request_id)["answer_to"] == water.request_id  # indexed, for the timeline
    for key in ("water-key", "sup-key"):
        assert {d["request_id"] for d in poll(api, key, opened)["requests"]} == {water.request_id}
