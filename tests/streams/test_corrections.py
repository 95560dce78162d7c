"""streams.corrections: what a console correction does to a followed request, called directly."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from civicdesk.errors import DeadLetter
from schemas.request import Status
from schemas.topics import SOCIAL, URGENT, declare_topics, dept_topic
from streams.corrections import Correction, apply_correction

DEPTS = frozenset({"water-sewer", "sanitation", "public-works"})
AT = datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc)
# Two departments with different response-time targets, so the due time visibly follows.
HOURS = {"water-sewer": 24, "sanitation": 4, "public-works": 72}


def deadline(department: str, received_at: datetime) -> datetime:
    return received_at + timedelta(hours=HOURS[department])


def fix(request_id: str, *, department=None, type=None, urgency=None, actor="department:water-sewer#ab12cd",
        at=AT) -> Correction:
    return Correction(request_id=request_id, department=department, type=type, urgency=urgency,
                      previous={"department": "water-sewer"}, actor=actor, at=at)


def test_reassigning_routes_to_the_new_department_and_tells_the_old_one(make_request) -> None:
    req = make_request("çöpler alınmadı", department="water-sewer", urgency="normal", type="complaint",
                       needs_review=True, reasons=("keyword:su",), status=Status.routed)
    out = apply_correction(req, fix(req.request_id, department="sanitation"), DEPTS, deadline=deadline)
    assert out is not None
    assert (out.request.department, out.request.needs_review) == ("sanitation", False)
    assert out.request.reasons[0] == "keyword:su"
    assert out.request.reasons[-1].startswith("corrected by department:water-sewer#ab12cd: department water-sewer -> sanitation")
    by_topic = {r.topic: r for r in out.routes}
    assert set(by_topic) == {dept_topic("sanitation"), dept_topic("water-sewer")}
    moved = by_topic[dept_topic("sanitation")]
    assert moved.kind == "request" and json.loads(moved.value)["department"] == "sanitation"
    assert dict(moved.headers())["department"] == b"sanitation"
    notice = json.loads(by_topic[dept_topic("water-sewer")].value)
    assert (notice["kind"], notice["department"], notice["to_department"]) == ("reassigned", "water-sewer", "sanitation")
    assert all(r.key == req.request_id.encode() for r in out.routes)
    applied = out.applied
    assert (applied.department, applied.previous["department"], applied.rerouted) == ("sanitation", "water-sewer", True)
    assert applied.due_at == req.received_at + timedelta(hours=4)  # sanitation's target, not water's 24 h


def test_urgency_raised_to_emergency_goes_to_the_24_7_desk_once(make_request) -> None:
    req = make_request(urgency="normal")
    out = apply_correction(req, fix(req.request_id, urgency="emergency"), DEPTS, deadline=deadline)
    assert out is not None
    topics_ = [r.topic for r in out.routes]
    # Same department: no second copy of the request there, a "corrected" notice instead.
    assert sorted(topics_) == sorted([URGENT, dept_topic("water-sewer")])
    assert json.loads(next(r for r in out.routes if r.topic == URGENT).value)["urgency"] == "emergency"
    assert json.loads(next(r for r in out.routes if r.topic != URGENT).value)["kind"] == "corrected"
    assert out.applied.rerouted is False
    # Already urgent before: lowering or keeping it sends nothing to the urgent desk.
    urgent = make_request(urgency="urgent", external_id="SM2")
    calmer = apply_correction(urgent, fix(urgent.request_id, urgency="emergency"), DEPTS)
    assert calmer is not None and URGENT not in [r.topic for r in calmer.routes]


def test_a_social_request_moved_is_not_sent_to_the_social_team_again(make_request) -> None:
    tweet = make_request(channel="twitter", handle="ayse_k", phone=None, department="water-sewer")
    out = apply_correction(tweet, fix(tweet.request_id, department="public-works"), DEPTS)
    assert out is not None and SOCIAL not in [r.topic for r in out.routes]
    assert dept_topic("public-works") in [r.topic for r in out.routes]


def test_a_replayed_correction_publishes_nothing_and_a_new_one_applies(make_request) -> None:
    req = make_request()
    first = fix(req.request_id, department="sanitation")
    replay = Correction.model_validate_json(first.to_json())  # as read back from the topic
    assert replay.key == first.key
    assert apply_correction(req, replay, DEPTS, applied_keys=[first.key]) is None
    later = fix(req.request_id, department="sanitation", at=AT + timedelta(seconds=1))
    assert later.key != first.key
    assert apply_correction(req, later, DEPTS, applied_keys=[first.key]) is not None


@pytest.mark.parametrize("status", [Status.resolved, Status.rejected, Status.closed])
def test_finished_work_is_relabelled_but_not_put_back_in_a_feed(make_request, status) -> None:
    req = make_request()
    out = apply_correction(req, fix(req.request_id, department="sanitation", urgency="urgent"), DEPTS, status=status)
    assert out is not None and out.routes == ()
    assert out.applied.department == "sanitation" and out.applied.rerouted is False


def test_a_duplicate_is_relabelled_but_never_routed_and_has_no_target(make_request) -> None:
    dup = make_request(duplicate_of="f" * 20)
    out = apply_correction(dup, fix(dup.request_id, department="sanitation"), DEPTS, deadline=deadline)
    assert out is not None and out.routes == () and out.applied.due_at is None


@pytest.mark.parametrize("stored,correction,reason", [
    (None, dict(department="sanitation"), "unknown request"),
    ("req", dict(department="roads-and-bridges"), "unknown department 'roads-and-bridges'"),
    ("req", dict(), "corrects nothing"),
])
def test_unknown_request_or_invalid_correction_is_dead_lettered_with_the_reason(make_request, stored, correction,
                                                                                reason) -> None:
    req = make_request()
    with pytest.raises(DeadLetter, match=reason):
        apply_correction(req if stored else None, fix(req.request_id, **correction), DEPTS)


def test_corrections_topic_is_co_partitioned_with_the_topics_the_lifecycle_reads() -> None:
    specs = {s.name: s.partitions for s in declare_topics(DEPTS, partitions=6)}
    assert specs["requests.corrections"] == specs["requests.classified"] == specs["requests.status"] == 6
    assert specs["requests.corrections.applied"] == 6


def test_corrections_module_imports_no_kafka_faust_or_elasticsearch() -> None:
    code = ("import sys\nimport streams.corrections\n"
            "bad = [m for m in ('faust', 'confluent_kafka', 'aiokafka', 'elasticsearch', 'httpx') if m in sys.modules]\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
