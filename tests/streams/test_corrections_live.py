"""A console correction through the real pipeline (HTTP -> requests.corrections -> lifecycle agent ->
department topics + requests.corrections.applied -> index sink): the request moves to the new
department's feed and role, the old department is told, the history is kept, and a replayed
correction or one for an unknown request changes nothing (the latter is dead-lettered)."""

from __future__ import annotations

import base64
import json
import time

import httpx
import pytest
from confluent_kafka import Producer

from civicdesk.kafka import producer_config
from schemas import topics
from schemas.request import Urgency
from streams.corrections import Correction
from tests.conftest import TEST_DEPARTMENT_KEY
from tests.streams.test_pipeline_live import client, get_doc, phone_for, post_sms  # noqa: F401 - fixture
from tests.support import read_topic, unique

pytestmark = pytest.mark.slow

TARGET = "water-sewer"  # the department the live stack has a key for


def kinds(live, department: str, request_id: str, until: int | None = None, timeout: float = 10) -> list[str]:
    found = read_topic(live.bootstrap, topics.dept_topic(department), timeout=timeout, until=until,
                       match=lambda m: m.key() == request_id.encode())
    return [dict(m.headers() or [])["kind"].decode() for m in found]


def test_correction_moves_the_request_to_the_new_department_and_the_index(live, client) -> None:  # noqa: F811
    request_id = post_sms(live, client, "Evimizin önündeki çöp kutusu bir haftadır boşaltılmadı, kötü koku var", phone_for(unique()))
    before = get_doc(client, request_id)
    old = before["department"]
    assert old != TARGET, before["classification"]
    dept = httpx.Client(base_url=live.base_url, timeout=10, headers={"Authorization": f"Bearer {TEST_DEPARTMENT_KEY}"})
    assert dept.get(f"/requests/{request_id}").status_code == 404

    resp = client.post(f"/requests/{request_id}/correction", json={"department": TARGET, "urgency": "urgent"})
    assert resp.status_code == 202, resp.text
    doc = get_doc(client, request_id, ready=lambda d: d["classification"]["department"] == TARGET, timeout=30)
    assert doc["urgency"] == "urgent" and doc["classification"]["needs_review"] is False
    [entry] = doc["corrections"]
    assert (entry["previous"]["department"], entry["department"], entry["rerouted"]) == (old, TARGET, True)
    assert any(r.startswith("corrected by supervisor#") for r in doc["classification"]["reasons"])
    # The new department's role sees it, in search too; its feed topic has the request, the old
    # department's has a "reassigned" notice, the 24/7 desk the newly urgent request.
    assert dept.get(f"/requests/{request_id}").status_code == 200
    assert request_id in {d["request_id"] for d in dept.get("/requests", params={"size": 100}).json()["results"]}
    assert kinds(live, TARGET, request_id, until=1) == ["request"]
    assert kinds(live, old, request_id, until=2)[-1:] == ["reassigned"]
    urgent = read_topic(live.bootstrap, topics.URGENT, timeout=10, until=1, match=lambda m: m.key() == request_id.encode()
                        and json.loads(m.value())["department"] == TARGET)
    assert json.loads(urgent[0].value())["urgency"] == "urgent"

    # Back to where it was: the department's role no longer sees it; both corrections are kept.
    assert client.post(f"/requests/{request_id}/correction", json={"department": old}).status_code == 202
    doc = get_doc(client, request_id, ready=lambda d: len(d.get("corrections") or []) == 2, timeout=30)
    assert doc["classification"]["department"] == old and dept.get(f"/requests/{request_id}").status_code == 404

    # A replayed correction record: nothing is routed or recorded twice.
    first = read_topic(live.bootstrap, topics.CORRECTIONS, timeout=10, until=1,
                       match=lambda m: m.key() == request_id.encode())[0]
    assert Correction.model_validate_json(first.value()).department == TARGET
    producer = Producer(producer_config(live.bootstrap))
    producer.produce(topics.CORRECTIONS, key=first.key(), value=first.value())
    # A marker after it on the same partition (same key): once it is applied, the replay was seen.
    marker = Correction.model_validate_json(first.value()).model_copy(
        update={"department": None, "urgency": Urgency.normal, "at": Correction.model_validate_json(first.value()).at.replace(year=2099)})
    producer.produce(topics.CORRECTIONS, key=first.key(), value=marker.to_json())
    producer.flush(10)
    doc = get_doc(client, request_id, ready=lambda d: len(d.get("corrections") or []) >= 3, timeout=30)
    assert [c["department"] for c in doc["corrections"]] == [TARGET, old, old]
    time.sleep(1)
    assert kinds(live, TARGET, request_id, timeout=5).count("request") == 1


def test_correction_for_an_unknown_request_is_dead_lettered_with_the_reason(live) -> None:
    missing = unique("nobody")
    fix = Correction(request_id=missing, department=TARGET, type=None, urgency=None, previous={},
                     actor="supervisor#test", at="2026-03-10T09:00:00+00:00")
    producer = Producer(producer_config(live.bootstrap))
    producer.produce(topics.CORRECTIONS, key=missing.encode(), value=fix.to_json())
    producer.flush(10)
    dead = read_topic(live.bootstrap, topics.DLQ, timeout=30, until=1,
                      match=lambda m: missing.encode() in base64.b64decode(json.loads(m.value())["raw_b64"]))
    letter = json.loads(dead[0].value())
    assert letter["stage"] == "stream:correction" and "unknown request" in letter["reason"]


def test_a_dead_lettered_correction_does_not_unbalance_the_request_accounting() -> None:
    # Here, not with the pure tests: civicdesk.stats imports the Kafka and Elasticsearch clients.
    from civicdesk.stats import Accounting

    books = Accounting(raw=10, indexed=9, dead_lettered={"stream:validate": 1, "stream:correction": 2})
    assert books.dead_lettered_requests == 1 and books.reconciles
