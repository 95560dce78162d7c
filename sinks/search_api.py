"""GET /requests and GET /requests/{id}: the search API over the index alias."""

from __future__ import annotations

from typing import Any, Callable

from elasticsearch import AsyncElasticsearch, NotFoundError
from fastapi import APIRouter, HTTPException, Query

from civicdesk.settings import Settings
from sinks.query import SearchParams, build_query


def make_router(settings: Settings, es: Callable[[], AsyncElasticsearch]) -> APIRouter:
    router = APIRouter(tags=["search"])
    alias = settings.index_alias

    @router.get("/requests", summary="Search requests")
    async def search_requests(
        citizen: str | None = Query(None, description="Any identity: phone in any common form, email, @handle"),
        neighbourhood: str | None = None,
        district: str | None = None,
        q: str | None = Query(None, description="Full text, accent- and case-insensitive"),
        department: str | None = None,
        type: str | None = None,
        urgency: str | None = None,
        channel: str | None = None,
        status: str | None = None,
        external_id: str | None = None,
        incident_id: str | None = None,
        size: int = Query(20, ge=1, le=500),
    ) -> dict[str, Any]:
        params = SearchParams(citizen=citizen, neighbourhood=neighbourhood, district=district, q=q,
                              department=department, type=type, urgency=urgency, channel=channel, status=status,
                              external_id=external_id, incident_id=incident_id, size=size)
        resp = await es().search(index=alias, query=build_query(params), size=size,
                                 sort=[{"received_at": "desc"}, {"request_id": "asc"}] if not q else None,
                                 track_total_hits=True, source_excludes=["raw"])
        hits = resp["hits"]
        return {"total": hits["total"]["value"], "results": [h["_source"] for h in hits["hits"]]}

    @router.get("/requests/{request_id}", summary="One request with its raw message")
    async def get_request(request_id: str) -> dict[str, Any]:
        try:
            doc = await es().get(index=alias, id=request_id)
        except NotFoundError as exc:
            raise HTTPException(404, f"no request {request_id}") from exc
        return doc["_source"]

    return router
