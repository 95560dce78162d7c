"""The supervisor's overview: one aggregation request, shaped for the page's charts. Pure module.

Overdue = `due_at` before now and the request not resolved, rejected or closed (a rejected
request is answered: it needs no more work). Answered within target is measured over the
latest requests that have a target (`due_at`, set by the SLA stream when a request is routed).

Satisfaction: the citizen's 1-5 answer to the check sent when a request is resolved is set on
the request (`satisfaction.score`, streams.satisfaction_intake). The answer message is also
indexed as its own document (`answer_to`), for the accounting; the overview leaves those out,
so an answer is neither a request nor a second score.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sinks.access import Role
from sinks.query import base_filter, hidden

DONE = ["resolved", "rejected", "closed"]
ANSWERED = ["in_progress", *DONE]
# Neighbourhood buckets: the shipped gazetteer holds 218 polygons; 500 covers every one.
NEIGHBOURHOODS = 500
# Answered-within-target needs two fields of one document (status_changed_at <= due_at), which
# a plain aggregation cannot compare; the latest 2,000 targets are read and counted here
# (~60 KB of source; a week of one desk's urgent and normal requests).
TARGET_SAMPLE = 2000
SCORE = "satisfaction.score"


def _scores() -> dict[str, Any]:
    """Answer count, average and distribution of the 1-5 scores (one per answered request)."""
    return {"filter": {"exists": {"field": SCORE}},
            "aggs": {"average": {"avg": {"field": SCORE}}, "scores": {"terms": {"field": SCORE, "size": 5}}}}


def overview_body(role: Role, now: datetime, interval: str = "day") -> dict[str, Any]:
    open_filter = {"bool": {"must_not": [{"terms": {"status": DONE}}]}}
    overdue_filter = {"bool": {"filter": [{"range": {"due_at": {"lt": now.isoformat()}}}],
                               "must_not": [{"terms": {"status": DONE}}]}}
    return {
        "query": {"bool": {"filter": base_filter(role), "must_not": [*hidden(), {"exists": {"field": "answer_to"}}]}},
        "size": TARGET_SAMPLE, "track_total_hits": True,
        "sort": [{"received_at": "desc"}, {"request_id": "asc"}],
        "source_includes": ["status", "status_changed_at", "due_at"],
        "post_filter": {"exists": {"field": "due_at"}},
        "aggs": {
            "over_time": {"date_histogram": {"field": "received_at", "calendar_interval": interval, "min_doc_count": 1},
                          "aggs": {"channel": {"terms": {"field": "channel", "size": 20}}}},
            "department": {"terms": {"field": "department", "size": 100},
                           "aggs": {"open": {"filter": open_filter}, "overdue": {"filter": overdue_filter},
                                    "satisfaction": _scores()}},
            "all": {"filter": {"match_all": {}}},
            "overdue": {"filter": overdue_filter},
            "open": {"filter": open_filter},
            "neighbourhood": {"terms": {"field": "location.neighbourhood", "size": NEIGHBOURHOODS}},
            "satisfaction": _scores(),
            "channel": {"terms": {"field": "channel", "size": 20}},
        },
    }


def _iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def within_target(sources: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """Share answered by their target, over requests that are answered or already past it
    (an open request still inside its target is not counted either way yet)."""
    on_time = late = 0
    for s in sources:
        due = _iso(s.get("due_at"))
        if due is None:
            continue
        changed = _iso(s.get("status_changed_at"))
        if s.get("status") in ANSWERED and changed is not None:
            on_time, late = (on_time + 1, late) if changed <= due else (on_time, late + 1)
        elif due < now:
            late += 1
    counted = on_time + late
    return {"on_time": on_time, "late": late, "share": round(on_time / counted, 4) if counted else None}


def _counts(agg: dict[str, Any]) -> dict[str, int]:
    return {str(b["key"]): b["doc_count"] for b in agg["buckets"]}


def _satisfaction(agg: dict[str, Any]) -> dict[str, Any]:
    average = agg["average"]["value"]
    return {"answers": agg["doc_count"], "average": round(average, 2) if average is not None else None,
            "scores": _counts(agg["scores"])}


def shape(resp: dict[str, Any], now: datetime) -> dict[str, Any]:
    aggs = resp["aggregations"]
    return {
        "total": aggs["all"]["doc_count"],  # hits.total is after post_filter (targets only)
        "open": aggs["open"]["doc_count"], "overdue": aggs["overdue"]["doc_count"],
        "channels": _counts(aggs["channel"]),
        "over_time": [{"date": b.get("key_as_string", b["key"]), "channels": _counts(b["channel"])}
                      for b in aggs["over_time"]["buckets"]],
        "departments": [{"department": b["key"], "total": b["doc_count"], "open": b["open"]["doc_count"],
                         "overdue": b["overdue"]["doc_count"], "satisfaction": _satisfaction(b["satisfaction"])}
                        for b in aggs["department"]["buckets"]],
        "neighbourhoods": _counts(aggs["neighbourhood"]),
        "satisfaction": _satisfaction(aggs["satisfaction"]),
        "within_target": within_target([h["_source"] for h in resp["hits"]["hits"]], now),
    }
