"""The search API: GET /requests, /requests/{id}, /citizens/{identity}, /incidents/{id}, /facets.

Thin routes: parameters -> sinks.query bodies (pure) -> one or two searches -> sinks.access
presentation. Every route needs `Authorization: Bearer <key>` (401 without); the caller's role
filter sits inside every query, so a request outside it answers 404, exactly like a missing one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Literal

from elasticsearch import AsyncElasticsearch
from fastapi import APIRouter, Depends, HTTPException, Path, Query

from civicdesk.settings import Settings
from sinks import query as Q
from sinks.access import present
from sinks.auth import Caller, audit, key_table
from sinks.http_auth import caller_dependency
from sinks.query import InvalidParams, SearchParams

EXAMPLE_RESULT = {
    "total": 1,
    "next_cursor": None,
    "results": [{"request_id": "3f9c2a41d07be8e15a66", "number": "3F9C-2A41", "channel": "sms",
                 "received_at": "2026-03-19T08:14:02+00:00", "text": "Dikmen'de ana su borusu patladı",
                 "citizen": {"id": "+90532*****67", "phone": "+90532*****67"}, "department": "water-sewer",
                 "urgency": "urgent", "status": "routed", "location": {"neighbourhood": "Dikmen", "district": "Çankaya"}}],
}
EXAMPLE_FACETS = {"total": 42, "neighbourhood": {"Dikmen": 17, "Kızılay": 9}, "department": {"water-sewer": 30},
                  "channel": {"sms": 20, "twitter": 12}, "status": {"routed": 35, "resolved": 7},
                  "urgency": {"normal": 38, "urgent": 4}, "over_time": [{"date": "2026-03-19", "count": 12}]}



def search_params(
    citizen: str | None = Query(None, description="Any identity: phone in any common form, email in any case, "
                                "@handle, twitter:handle, Telegram id", examples=["0532 123 45 67"]),
    neighbourhood: str | None = Query(None, description="Neighbourhood (accents optional)", examples=["Kucukesat"]),
    district: str | None = Query(None, examples=["Çankaya"]),
    q: str | None = Query(None, description="Full text, accent- and case-insensitive, Turkish suffixes handled",
                          examples=["cop"]),
    department: str | None = Query(None, description="Department code; comma-separated values are ORed",
                                   examples=["water-sewer"]),
    type: str | None = Query(None, examples=["complaint"]),
    urgency: str | None = Query(None, examples=["urgent,emergency"]),
    channel: str | None = Query(None, examples=["twitter"]),
    status: str | None = Query(None, examples=["received,routed"]),
    external_id: str | None = Query(None, description="The provider's message id"),
    incident_id: str | None = None,
    needs_review: bool | None = None,
    since: datetime | None = Query(None, alias="from", description="Received at or after (ISO 8601)",
                                   examples=["2026-03-01T00:00:00Z"]),
    until: datetime | None = Query(None, alias="to", description="Received at or before (ISO 8601)"),
    near: str | None = Query(None, description="lat,lon", examples=["39.8876,32.8597"]),
    radius: str = Query("500m", description="Distance from `near`", examples=["500m", "2km"]),
    sort: Literal["time", "relevance"] | None = Query(None, description="Default: relevance with q, else time"),
    size: int = Query(20, ge=1, le=Q.MAX_PAGE),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page"),
) -> SearchParams:
    return SearchParams(citizen=citizen, neighbourhood=neighbourhood, district=district, q=q, department=department,
                        type=type, urgency=urgency, channel=channel, status=status, external_id=external_id,
                        incident_id=incident_id, needs_review=needs_review, since=since, until=until, near=near,
                        radius=radius, sort=sort, size=size, cursor=cursor)


def _counts(agg: dict[str, Any]) -> dict[str, int]:
    return {str(b["key"]): b["doc_count"] for b in agg["buckets"]}


def make_router(settings: Settings, es: Callable[[], AsyncElasticsearch]) -> APIRouter:
    alias = settings.index_alias
    keys = key_table(settings.api_keys)

    caller = caller_dependency(keys)

    router = APIRouter(tags=["search"], dependencies=[Depends(caller)],
                       responses={401: {"description": "No or unknown API key"}})

    async def run(body: dict[str, Any], index: str = alias) -> dict[str, Any]:
        return await es().search(index=index, **body)

    def bad(exc: InvalidParams) -> HTTPException:
        return HTTPException(422, str(exc))

    @router.get("/requests", summary="Search requests",
                responses={200: {"content": {"application/json": {"example": EXAMPLE_RESULT}}}})
    async def search_requests(p: SearchParams = Depends(search_params), who: Caller = Depends(caller)) -> dict[str, Any]:
        try:
            body = Q.search_body(p, who.role)
        except InvalidParams as exc:
            raise bad(exc) from exc
        resp = await run(body)
        hits = resp["hits"]["hits"]
        audit(who, "GET", "/requests", p.describe(), 200, resp["hits"]["total"]["value"])
        return {"total": resp["hits"]["total"]["value"], "next_cursor": Q.next_cursor(p, hits),
                "results": [present(h["_source"], who.role) for h in hits]}

    @router.get("/requests/{request_id}", summary="One request: raw message, classification, links, status history")
    async def get_request(request_id: str = Path(examples=["3f9c2a41d07be8e15a66"]),
                          who: Caller = Depends(caller)) -> dict[str, Any]:
        resp = await run(Q.by_id_body(request_id, who.role))
        if not resp["hits"]["hits"]:
            audit(who, "GET", f"/requests/{request_id}", {}, 404, 0)
            raise HTTPException(404, f"no request {request_id}")
        doc = resp["hits"]["hits"][0]["_source"]
        linked = sorted({*doc.get("duplicates", ()), *([doc["duplicate_of"]] if doc.get("duplicate_of") else [])})
        related = (await run(Q.related_body(linked, who.role)))["hits"]["hits"] if linked else []
        incident = None
        if doc.get("incident_id"):
            inc = await run({**Q.incident_body(doc["incident_id"], who.role), "size": 0})
            incident = {"incident_id": doc["incident_id"], "reports": inc["hits"]["total"]["value"],
                        "reported_count": int(inc["aggregations"]["reported"]["value"] or 0)}
        out = present(doc, who.role)
        out["classification"] = {k: doc.get(k) for k in ("department", "type", "urgency", "confidence",
                                                         "needs_review", "reasons")}
        out["status_history"] = sorted(doc.get("status_history", []), key=lambda h: h.get("seq", 0))
        out["related"] = [present(h["_source"], who.role) for h in related]
        out["incident"] = incident
        audit(who, "GET", f"/requests/{request_id}", {}, 200, 1)
        return out

    @router.get("/citizens/{identity}", summary="A citizen's linked identities and timeline across channels")
    async def get_citizen(identity: str = Path(examples=["0532 123 45 67", "@ayse_k", "ayse@example.org"]),
                          size: int = Query(200, ge=1, le=Q.MAX_PAGE),
                          who: Caller = Depends(caller)) -> dict[str, Any]:
        seed = await run(Q.citizen_seed_body(identity, who.role))
        idents = [b["key"] for b in seed["aggregations"]["identities"]["buckets"]]
        persons = [b["key"] for b in seed["aggregations"]["persons"]["buckets"]]
        if not idents:
            audit(who, "GET", "/citizens/{identity}", {"citizen": identity}, 404, 0)
            raise HTTPException(404, "no requests from this citizen")
        resp = await run(Q.citizen_timeline_body(idents, persons, who.role, size))
        timeline = [present(h["_source"], who.role) for h in resp["hits"]["hits"]]
        linked = sorted({i for h in resp["hits"]["hits"] for i in h["_source"].get("identities", ())} | set(idents))
        masked = present({"identities": linked}, who.role)["identities"]
        audit(who, "GET", "/citizens/{identity}", {"citizen": identity}, 200, resp["hits"]["total"]["value"])
        return {"identities": sorted(set(masked)), "person_ids": persons, "total": resp["hits"]["total"]["value"],
                "channels": _counts(resp["aggregations"]["channels"]), "timeline": timeline}

    @router.get("/incidents/{incident_id}", summary="An incident and its reports")
    async def get_incident(incident_id: str, who: Caller = Depends(caller)) -> dict[str, Any]:
        resp = await run(Q.incident_body(incident_id, who.role))
        total = resp["hits"]["total"]["value"]
        if not total:
            audit(who, "GET", f"/incidents/{incident_id}", {}, 404, 0)
            raise HTTPException(404, f"no incident {incident_id}")
        aggs = resp["aggregations"]
        audit(who, "GET", f"/incidents/{incident_id}", {}, 200, total)
        return {"incident_id": incident_id, "reports": total,
                "first_seen": aggs["first"].get("value_as_string"), "last_seen": aggs["last"].get("value_as_string"),
                "neighbourhoods": _counts(aggs["neighbourhood"]), "departments": _counts(aggs["department"]),
                "channels": _counts(aggs["channel"]),
                "requests": [present(h["_source"], who.role) for h in resp["hits"]["hits"]]}

    @router.get("/facets", summary="Counts per neighbourhood, department, channel, status, urgency; date histogram",
                responses={200: {"content": {"application/json": {"example": EXAMPLE_FACETS}}}})
    async def facets(p: SearchParams = Depends(search_params),
                     interval: str = Query("day", description="hour, day, week or month"),
                     who: Caller = Depends(caller)) -> dict[str, Any]:
        try:
            body = Q.facets_body(p, who.role, interval)
        except InvalidParams as exc:
            raise bad(exc) from exc
        resp = await run(body)
        aggs = resp["aggregations"]
        out: dict[str, Any] = {"total": resp["hits"]["total"]["value"]}
        out.update({name: _counts(aggs[name]) for name in Q.FACETS})
        out["over_time"] = [{"date": b.get("key_as_string", b["key"]), "count": b["doc_count"]}
                            for b in aggs["over_time"]["buckets"]]
        audit(who, "GET", "/facets", p.describe(), 200, out["total"])
        return out

    return router
