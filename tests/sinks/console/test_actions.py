"""The console's pure core: what each button publishes, and the overview's target share."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from schemas.outbound import OutboundMessage
from schemas.request import Status
from sinks.access import Role
from sinks.auth import Caller
from sinks.console import actions as A
from sinks.console.overview import within_target
from sinks.documents import to_document
from tests.sinks.corpus import make_request

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
WATER = Caller(Role.parse("department:water-sewer"), "c697a5dd")


def doc(**extra: object) -> dict:
    req = make_request("Dikmen'de su borusu patladı", neighbourhood="Dikmen", district="Çankaya",
                       point=(39.8876, 32.8597), type="complaint", urgency="urgent", confidence=0.91)
    return {**to_document(req, NOW), **extra}


def test_status_change_names_the_role_and_key_fingerprint_never_the_key() -> None:
    change = A.status_change(doc(status="routed"), A.StatusBody(status="in_progress", note="  ekip yolda "), WATER, NOW)
    assert (change.status, change.note, change.actor) == (Status.in_progress, "ekip yolda", "department:water-sewer#c697a5dd")


@pytest.mark.parametrize("current,new", [("received", "resolved"), ("closed", "in_progress"), ("routed", "routed")])
def test_a_transition_the_lifecycle_refuses_is_refused_before_publishing(current: str, new: str) -> None:
    with pytest.raises(A.ActionRefused):
        A.status_change(doc(status=current), A.StatusBody(status=new), WATER, NOW)


def test_correction_keeps_the_previous_answer_and_becomes_a_training_line() -> None:
    d = doc(department="water-sewer")
    fix = A.correction(d, A.CorrectionBody(department="sanitation"), WATER, NOW, frozenset({"water-sewer", "sanitation"}))
    assert fix.previous == {"department": "water-sewer", "type": "complaint", "urgency": "urgent", "confidence": 0.91}
    line = A.training_example(d, fix)
    # Same keys the corpus has, corrected label in, unchanged labels kept.
    assert (line["department"], line["type"], line["urgency"], line["text"]) == \
        ("sanitation", "complaint", "urgent", "Dikmen'de su borusu patladı")
    assert line["group"] == d["request_id"][:10]


def test_correction_needs_something_known_to_correct() -> None:
    with pytest.raises(A.ActionRefused):
        A.correction(doc(), A.CorrectionBody(), WATER, NOW, frozenset({"water-sewer"}))
    with pytest.raises(A.ActionRefused):
        A.correction(doc(), A.CorrectionBody(department="parks"), WATER, NOW, frozenset({"water-sewer"}))


def test_reply_is_built_from_the_indexed_document() -> None:
    req = A.request_from_document(doc(status="in_progress", status_history=[{"status": "routed"}], due_at="x"))
    assert req.location is not None and (req.location.lat, req.location.lon) == (39.8876, 32.8597)
    msg = OutboundMessage.for_request(req, "reply", "Ekibimiz yolda.", created_at=NOW, key="a1")
    assert (msg.channel.value, msg.to, msg.text) == ("sms", "+905321234567", "Ekibimiz yolda.")
    again = OutboundMessage.for_request(req, "reply", "Ekibimiz yolda.", created_at=NOW, key="a1")
    assert again.message_id == msg.message_id  # a retried click is the same message


def test_answered_within_target_counts_late_answers_and_open_requests_past_their_target() -> None:
    due = NOW - timedelta(hours=1)
    rows = [
        {"status": "resolved", "status_changed_at": (due - timedelta(minutes=5)).isoformat(), "due_at": due.isoformat()},
        {"status": "resolved", "status_changed_at": (due + timedelta(minutes=5)).isoformat(), "due_at": due.isoformat()},
        {"status": "routed", "status_changed_at": (due - timedelta(hours=3)).isoformat(), "due_at": due.isoformat()},
        {"status": "routed", "due_at": (NOW + timedelta(hours=2)).isoformat()},  # still inside its target
        {"status": "resolved"},  # no target
    ]
    assert within_target(rows, NOW) == {"on_time": 1, "late": 2, "share": 0.3333}
    assert within_target([], NOW)["share"] is None


@pytest.mark.parametrize("name", ["actions.py", "overview.py"])
def test_console_core_imports_no_kafka_http_or_elasticsearch(name: str) -> None:
    import ast
    from pathlib import Path

    tree = ast.parse((Path(A.__file__).parent / name).read_text())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not imported & {"elasticsearch", "confluent_kafka", "aiokafka", "faust", "httpx", "fastapi"}
