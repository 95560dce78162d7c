"""Satisfaction in the index and the overview, through the sink's own code on the session's
noida-db: answers set `satisfaction` on the requests they rate (first answer kept), and the
overview counts scores per department while leaving the answer messages out of the totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas import topics
from schemas.satisfaction import SatisfactionAnswer, SatisfactionPending
from sinks.access import Role
from sinks.console.overview import overview_body, shape
from sinks.es_sink import plan_batch
from streams.satisfaction_answers import as_answer
from tests.sinks.corpus import T0, make_request, new_index, records

pytestmark = pytest.mark.slow
NOW = datetime.now(UTC)


def answer_to(original, text: str, score: int, n: int):
    reply = make_request(text, external_id=f"SM-answer-{n}", phone=original.citizen.phone, minutes=600 + n)
    pending = SatisfactionPending(request_id=original.request_id, citizen_id=original.citizen.id, channel="sms",
                                  department=original.department, number=original.number,
                                  sent_at=T0 + timedelta(hours=9))
    return as_answer(reply, pending, score), SatisfactionAnswer(
        request_id=original.request_id, answer_id=reply.request_id, score=score, channel="sms", at=reply.received_at)


def test_overview_shows_scores_per_department_and_leaves_answers_out_of_the_totals(es) -> None:
    idx = new_index(es, "sat")
    water = [make_request(f"Su kesintisi {i}", external_id=f"SM-w{i}", phone=f"+90532123456{i}", minutes=i)
             for i in range(3)]
    roads = make_request("Yolda çukur var", external_id="SM-r", phone="+905321234569", department="roads")
    answers = [answer_to(water[0], "5", 5, 0), answer_to(water[1], "2 kötü", 2, 1), answer_to(roads, "4", 4, 2)]
    assert idx.write(requests=[*water, roads, *(a for a, _ in answers)]) == []
    second = SatisfactionAnswer(request_id=water[0].request_id, answer_id="other", score=1, channel="sms",
                                at=T0 + timedelta(hours=11))
    values = [s.to_json() for _, s in answers] + [second.to_json(), answers[0][1].to_json()]
    plan = plan_batch(records(topics.SATISFACTION, values), idx.alias, NOW)
    assert not plan.letters and idx.indexer.write(plan, NOW) == []
    es.indices.refresh(index=idx.alias)

    rated = idx.get(water[0].request_id)["satisfaction"]
    assert (rated["score"], rated["answer_id"]) == (5, answers[0][0].request_id)  # the first answer is kept
    assert idx.get(answers[0][0].request_id)["answer_to"] == water[0].request_id

    out = shape(es.search(index=idx.alias, **overview_body(Role.parse("supervisor"), NOW)), NOW)
    assert out["total"] == 4  # the three answer messages are not requests
    assert out["satisfaction"] == {"answers": 3, "average": round((5 + 2 + 4) / 3, 2),
                                   "scores": {"2": 1, "4": 1, "5": 1}}
    by_dept = {d["department"]: d["satisfaction"] for d in out["departments"]}
    assert by_dept["water-sewer"] == {"answers": 2, "average": 3.5, "scores": {"2": 1, "5": 1}}
    assert by_dept["roads"]["answers"] == 1 and by_dept["roads"]["average"] == 4

    water_only = shape(es.search(index=idx.alias, **overview_body(Role.parse("department:water-sewer"), NOW)), NOW)
    assert water_only["satisfaction"]["answers"] == 2 and water_only["total"] == 3
