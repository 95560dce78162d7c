"""Cursor pagination under concurrent indexing, the request detail view, and partial updates
(status changes, duplicate and incident links) written by the sink code."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schemas.events import StatusChange
from schemas.links import Link
from tests.sinks.conftest import as_role
from tests.sinks.corpus import T0, make_request, new_index

pytestmark = pytest.mark.slow


def walk(client, size: int, between=None, **params) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(50):  # a cursor that does not advance must fail the test, not hang it
        resp = client.get("/requests", params={**params, "size": size, **({"cursor": cursor} if cursor else {})},
                          headers=as_role("sup-key"))
        assert resp.status_code == 200, resp.text
        body = resp.json()
        seen.extend(d["request_id"] for d in body["results"])
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
        if between:
            between(len(seen))
    raise AssertionError(f"cursor did not reach the end: {len(seen)} results, {len(set(seen))} distinct")


def test_cursor_pages_cover_everything_once_while_new_requests_arrive(es, api_for):
    idx = new_index(es, "pages")
    # 12 requests, four of them at the very same second: the request_id tiebreaker keeps them apart.
    reqs = [make_request(f"istek {i}", phone=f"+9053212345{i:02d}", minutes=0 if i < 4 else i) for i in range(12)]
    idx.write(requests=reqs)
    client = api_for(idx.alias)
    extra = iter(range(100, 200))

    def arrive(_: int) -> None:
        # Newer than everything: lands before the first page, must not shift the pages being read.
        n = next(extra)
        idx.write(requests=[make_request(f"yeni {n}", phone="+905321111111", minutes=1000 + n)])

    pages = walk(client, 5, between=arrive)
    assert len(pages) == len(set(pages)) == 12
    assert set(pages) == {r.request_id for r in reqs}
    # Relevance order pages too, with its own cursor; a time cursor is refused for it.
    rel = walk(client, 4, q="istek")
    assert set(rel) == {r.request_id for r in reqs} and len(rel) == 12
    first = client.get("/requests", params={"size": 2}, headers=as_role("sup-key")).json()
    wrong = client.get("/requests", params={"size": 2, "q": "istek", "cursor": first["next_cursor"]},
                       headers=as_role("sup-key"))
    assert wrong.status_code == 422


def test_status_change_before_its_request_is_kept_and_replays_change_nothing(es, api_for):
    idx = new_index(es, "status")
    req = make_request("Çöp konteyneri yandı", department="cleaning", neighbourhood="Emek", status="routed")
    change = StatusChange(request_id=req.request_id, status="in_progress", actor="cleaning",
                          note="ekip yolda", at=req.received_at + timedelta(minutes=30))
    idx.write(statuses=[change])
    client = api_for(idx.alias)
    # A stub is not a request: hidden from search and by id until the request arrives.
    assert client.get("/requests", headers=as_role("sup-key")).json()["total"] == 0
    assert client.get(f"/requests/{req.request_id}", headers=as_role("sup-key")).status_code == 404
    idx.write(requests=[req])
    doc = client.get(f"/requests/{req.request_id}", headers=as_role("sup-key")).json()
    assert doc["status"] == "in_progress" and doc["text"] == "Çöp konteyneri yandı"
    assert [h["status"] for h in doc["status_history"]] == ["routed", "in_progress"]
    # Replays of the request and of the change (a crash before the commit) are no-ops.
    idx.write(requests=[req], statuses=[change])
    resolved = StatusChange(request_id=req.request_id, status="resolved", actor="cleaning",
                            at=req.received_at + timedelta(hours=3))
    older = StatusChange(request_id=req.request_id, status="received", actor="late-system",
                         at=req.received_at + timedelta(minutes=1))
    idx.write(statuses=[resolved, older])  # out of order: the latest wins, history keeps both
    doc = client.get(f"/requests/{req.request_id}", headers=as_role("sup-key")).json()
    assert doc["status"] == "resolved"
    assert [h["status"] for h in doc["status_history"]] == ["routed", "received", "in_progress", "resolved"]
    assert client.get("/requests", params={"status": "resolved"}, headers=as_role("sup-key")).json()["total"] == 1


def test_request_detail_has_raw_classification_links_and_history(es, api_for):
    idx = new_index(es, "detail")
    first = make_request("Dikmen'de su borusu patladı", urgency="urgent", confidence=0.91,
                         reasons=("keyword:boru", "keyword:patladı"), neighbourhood="Dikmen")
    again = make_request("Su borusu hâlâ akıyor", phone="+905321234567", minutes=5, neighbourhood="Dikmen")
    other = make_request("Bizim sokakta da su fışkırıyor", phone="+905557654321", minutes=9, neighbourhood="Dikmen")
    idx.write(requests=[first, again, other])
    idx.write(links=[Link(kind="duplicate", request_id=again.request_id, duplicate_of=first.request_id,
                          at=T0 + timedelta(minutes=5)),
                     Link(kind="incident", request_id=other.request_id, incident_id="inc-7",
                          first_request_id=first.request_id, reports=2, at=T0 + timedelta(minutes=9)),
                     Link(kind="redelivery", request_id=first.request_id, at=T0 + timedelta(minutes=9))])
    client = api_for(idx.alias)
    doc = client.get(f"/requests/{first.request_id}", headers=as_role("sup-key")).json()
    assert doc["raw"]["body"].startswith('{"from": "+905321234567"')
    assert doc["classification"]["confidence"] == 0.91
    assert doc["classification"]["reasons"] == ["keyword:boru", "keyword:patladı"]
    assert doc["duplicates"] == [again.request_id]
    assert [r["request_id"] for r in doc["related"]] == [again.request_id]
    assert doc["incident"] == {"incident_id": "inc-7", "reports": 2, "reported_count": 2}
    dup = client.get(f"/requests/{again.request_id}", headers=as_role("sup-key")).json()
    assert dup["duplicate_of"] == first.request_id
    # A replayed classified request (e.g. a Telegram edit) keeps its links.
    idx.write(requests=[first])
    assert idx.get(first.request_id)["duplicates"] == [again.request_id]
    assert idx.get(first.request_id)["incident_id"] == "inc-7"
