"""The satisfaction answer through the real pipeline: a request is resolved, the citizen answers
"5" by SMS, the original request shows the score in the search API, the answer is its own
closed document (not routed), a new problem from the same citizen is an ordinary request, and
the accounting still reconciles."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from confluent_kafka import Producer

from civicdesk.kafka import producer_config
from civicdesk.stats import collect
from schemas import topics
from schemas.events import StatusChange
from tests.conftest import TEST_API_KEY
from tests.streams.test_pipeline_live import get_doc, phone_for, post_sms
from tests.support import read_topic, unique

pytestmark = pytest.mark.slow


@pytest.fixture
def client(live):
    with httpx.Client(base_url=live.base_url, timeout=10, headers={"Authorization": f"Bearer {TEST_API_KEY}"}) as c:
        yield c


def resolve(live, request_id: str) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    producer = Producer(producer_config(live.bootstrap))
    for i, status in enumerate(("in_progress", "resolved"), start=1):
        change = StatusChange(request_id=request_id, status=status, actor="water-sewer", at=now + timedelta(seconds=i))
        producer.produce(topics.STATUS, key=request_id.encode(), value=change.to_json())
    assert producer.flush(10) == 0


def test_a_citizens_sms_answer_is_attached_to_the_resolved_request(live, client) -> None:
    phone = phone_for(unique())
    # No place in the text: it opens no incident that other tests' reports could join.
    original = post_sms(live, client, "Parktaki salıncak zinciri kopmuş, çocuklar düşebilir", phone)
    first = get_doc(client, original, ready=lambda d: d.get("status") == "routed")
    resolve(live, original)
    pending = read_topic(live.bootstrap, topics.SATISFACTION_PENDING, timeout=30, until=1,
                         match=lambda m: json.loads(m.value())["request_id"] == original)
    assert pending and pending[0].key() == phone.encode()
    time.sleep(1.0)  # the pending agent stores it in its table (same worker, milliseconds)

    answer = post_sms(live, client, "5 teşekkürler", phone)
    rated = get_doc(client, original, ready=lambda d: d.get("satisfaction"))
    assert rated["satisfaction"]["score"] == 5 and rated["satisfaction"]["channel"] == "sms"
    assert rated["satisfaction"]["answer_id"] == answer and rated["status"] == "resolved"

    doc = get_doc(client, answer)
    assert (doc["answer_to"], doc["status"], doc["department"]) == (original, "closed", first["department"])
    # Keyed alike, so on the same partition number: the answer met its pending check locally.
    raw = read_topic(live.bootstrap, topics.RAW, timeout=10, until=2, match=lambda m: m.key() == phone.encode())
    assert {m.partition() for m in raw} == {pending[0].partition()}

    # A new problem from the same citizen is an ordinary request, routed to its department.
    problem = post_sms(live, client, "Sokak lambası 3 gündür yanmıyor, akşamları zifiri karanlık", phone)
    new = get_doc(client, problem, ready=lambda d: d.get("status") == "routed" or d.get("incident_id"))
    assert new.get("answer_to") is None
    # A second rating is not a second answer: one answer per check.
    again = post_sms(live, client, "1", phone)
    assert get_doc(client, again).get("answer_to") is None
    assert get_doc(client, original)["satisfaction"]["score"] == 5

    feed = read_topic(live.bootstrap, topics.dept_topic(first["department"]), timeout=5,
                      match=lambda m: m.key() in (original.encode(), answer.encode()))
    assert [m.key() for m in feed] == [original.encode()]  # the answer is not routed

    deadline = time.monotonic() + 60
    while not (acc := collect(live.settings)).reconciles and time.monotonic() < deadline:
        time.sleep(1)
    assert acc.reconciles, acc.render()
