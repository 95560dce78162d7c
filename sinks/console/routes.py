"""The console's HTTP routes: the page and its assets, actions, live feed, overview. Thin adapter.

    GET  /console                      the single-page app (no build step, nothing from a CDN)
    GET  /console/static/{name}        its script, styles and the neighbourhood GeoJSON
    GET  /console/config               departments (names in tr/el/en) and the caller's role
    POST /requests/{id}/status         {status, note}             -> requests.status
    POST /requests/{id}/correction     {department?, type?, urgency?} -> requests.corrections
                                                                      + <data_dir>/corrections.jsonl
    POST /requests/{id}/reply          {text, action_id?}         -> requests.outbound
    GET  /requests/{id}/timeline       the citizen's requests across channels (also for masked roles)
    GET  /events                       server-sent events: requests indexed since the cursor, and
                                       requests changed since `changed` (status, correction; a card
                                       that left a department's feed comes as {request_id, removed})
                                       (10 s per stream, then the page reconnects; `?once=true` polls)
    GET  /overview                     volume per channel over time, load and overdue per department,
                                       answered within target, satisfaction, counts per neighbourhood

Every route but the page and its assets needs `Authorization: Bearer <key>`. An action on a
request outside the caller's role answers 404, as the search API does.
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, Sequence

from elasticsearch import AsyncElasticsearch
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse

from civicdesk.kafka import AsyncProducer, Record, producer_config, standard_headers
from civicdesk.settings import Settings
from classifiers.taxonomy import load_taxonomy
from schemas import topics
from schemas.outbound import OutboundMessage
from sinks import query as Q
from sinks.access import present
from sinks.auth import Caller, audit, key_table
from sinks.http_auth import caller_dependency
from sinks.console import actions as A
from sinks.console.overview import overview_body, shape

Publish = Callable[[Sequence[Record]], Awaitable[None]]

STATIC = {"app.js": "text/javascript", "app.css": "text/css", "i18n.js": "text/javascript",
          "map.js": "text/javascript", "charts.js": "text/javascript"}
GEOJSON = resources.files("classifiers") / "gazetteers" / "neighbourhoods.geojson"
# The feed polls the index once a second: the index refreshes every 1 s (sinks/README.md), so
# polling faster finds nothing new; 100 new requests a second is far above any desk's peak.
FEED_POLL_SECONDS = 1.0
FEED_PAGE = 100
# A comment line every 15 s keeps proxies from closing an idle stream (nginx's default
# proxy_read_timeout is 60 s).
KEEPALIVE_SECONDS = 15.0
# Each stream ends after 10 s and the page reconnects at once with its cursor (nothing is lost).
# A stopping uvicorn waits for open responses to finish, and `civicdesk up` kills a child that
# has not stopped within 15 s: an endless stream would turn every shutdown into a kill.
STREAM_SECONDS = 10.0
FEED_FIELDS = [*Q.SUMMARY_FIELDS, "indexed_at", "due_at", "status_changed_at", "updated_at"]
# The changes cursor stays this far behind the service's clock: `updated_at` is the sink's clock
# when it wrote the batch, searchable at the next refresh (1 s) after a bulk that takes up to
# ~1 s more under load. So changes of the last 2 s are looked for again at every poll (sent once
# per stream; the page skips a change it has). Assumes sink and service clocks agree within ~1 s.
CHANGE_LOOKBACK = timedelta(seconds=2)
# Pages of FEED_PAGE read per poll (search_after): 1,000 changes a second is far above a desk's
# pace; a longer backlog (a bulk job) continues at the next poll from where this one stopped.
CHANGE_PAGES = 10



def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class LazyProducer:
    """The console's own Kafka producer, created on the first action (the service's producer
    belongs to the webhooks' ingestor). Deliveries are awaited per action, so nothing is left
    unflushed when the process stops; the poll thread is a daemon."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._producer: AsyncProducer | None = None
        self._lock = threading.Lock()

    async def __call__(self, records: Sequence[Record]) -> None:
        with self._lock:
            if self._producer is None:
                self._producer = AsyncProducer(producer_config(self._settings.kafka_servers,
                                                               **{"client.id": "civicdesk-console"}))
        await self._producer.send_many(records)


def _asset(name: str) -> bytes:
    return (resources.files("sinks.console") / "static" / name).read_bytes()


def make_router(settings: Settings, es: Callable[[], AsyncElasticsearch], publish: Publish | None = None,
                now: Callable[[], datetime] = utc_now) -> APIRouter:
    alias = settings.index_alias
    keys = key_table(settings.api_keys)
    taxonomy = load_taxonomy(settings.taxonomy_profile)
    departments = frozenset(taxonomy.department_codes)
    send = publish or LazyProducer(settings)
    corrections_file = Path(settings.data_dir) / "corrections.jsonl"
    file_lock = threading.Lock()

    caller = caller_dependency(keys)

    router = APIRouter(tags=["console"])

    @router.get("/console", include_in_schema=False)
    async def page() -> Response:
        return Response(_asset("index.html"), media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache", "Content-Security-Policy":
                                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"})

    @router.get("/console/static/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name == "neighbourhoods.geojson":
            return Response(GEOJSON.read_bytes(), media_type="application/geo+json",
                            headers={"Cache-Control": "max-age=3600"})
        if name not in STATIC:
            raise HTTPException(404, "no such asset")
        return Response(_asset(name), media_type=f"{STATIC[name]}; charset=utf-8", headers={"Cache-Control": "no-cache"})

    @router.get("/console/config", summary="Departments and the caller's role, for the console")
    async def config(who: Caller = Depends(caller)) -> dict[str, Any]:
        return {"role": str(who.role), "role_name": who.role.name, "department": who.role.department,
                "departments": [{"code": d.code, "names": dict(d.names)} for d in taxonomy.departments]}

    async def visible(request_id: str, who: Caller, path: str) -> dict[str, Any]:
        resp = await es().search(index=alias, **Q.by_id_body(request_id, who.role))
        if not resp["hits"]["hits"]:
            audit(who, "POST", path, {}, 404, 0)
            raise HTTPException(404, f"no request {request_id}")
        return resp["hits"]["hits"][0]["_source"]

    def refused(exc: A.ActionRefused) -> HTTPException:
        return HTTPException(409, str(exc))

    @router.post("/requests/{request_id}/status", summary="Change a request's status (-> requests.status)",
                 status_code=202)
    async def change_status(request_id: str, body: A.StatusBody, who: Caller = Depends(caller)) -> dict[str, Any]:
        path = f"/requests/{request_id}/status"
        doc = await visible(request_id, who, path)
        try:
            change = A.status_change(doc, body, who, now())
        except A.ActionRefused as exc:
            raise refused(exc) from exc
        await send([Record(topics.STATUS, request_id.encode(), change.to_json(), standard_headers(request_id=request_id))])
        audit(who, "POST", path, {"status": change.status.value}, 202, 1)
        return {"accepted": True, "status_change": change.model_dump(mode="json")}

    @router.post("/requests/{request_id}/correction", status_code=202,
                 summary="Correct department, type or urgency (-> requests.corrections and a training example)")
    async def correct(request_id: str, body: A.CorrectionBody, who: Caller = Depends(caller)) -> dict[str, Any]:
        path = f"/requests/{request_id}/correction"
        doc = await visible(request_id, who, path)
        try:
            fix = A.correction(doc, body, who, now(), departments)
        except A.ActionRefused as exc:
            raise refused(exc) from exc
        await send([Record(topics.CORRECTIONS, request_id.encode(), fix.to_json(), standard_headers(request_id=request_id))])
        line = json.dumps(A.training_example(doc, fix), ensure_ascii=False) + "\n"
        with file_lock:  # one line per write, appended: the file is read by `civicdesk train`
            corrections_file.parent.mkdir(parents=True, exist_ok=True)
            with corrections_file.open("a", encoding="utf-8") as fh:
                fh.write(line)
        audit(who, "POST", path, body.model_dump(mode="json", exclude_none=True), 202, 1)
        return {"accepted": True, "correction": fix.model_dump(mode="json")}

    @router.post("/requests/{request_id}/reply", status_code=202,
                 summary="Reply to the citizen on their own channel (-> requests.outbound)")
    async def reply(request_id: str, body: A.ReplyBody, who: Caller = Depends(caller)) -> dict[str, Any]:
        path = f"/requests/{request_id}/reply"
        doc = await visible(request_id, who, path)
        try:
            message = OutboundMessage.for_request(A.request_from_document(doc), "reply", body.text.strip(),
                                                  created_at=now(), key=body.action_id or uuid.uuid4().hex)
        except ValueError as exc:
            raise HTTPException(409, f"cannot reply: {exc}") from exc
        await send([Record(topics.OUTBOUND, request_id.encode(), message.to_json(),
                           standard_headers(request_id=request_id))])
        audit(who, "POST", path, {"channel": message.channel.value}, 202, 1)
        return {"accepted": True, "message_id": message.message_id, "channel": message.channel.value,
                "to": present({"citizen": {"id": message.to}}, who.role)["citizen"]["id"]}

    @router.get("/requests/{request_id}/timeline", summary="The timeline of this request's citizen, across channels")
    async def timeline(request_id: str, who: Caller = Depends(caller)) -> dict[str, Any]:
        # Works for roles that see masked identities too: the identities are read server-side
        # from a request the caller may see, and the timeline keeps the caller's role filter.
        resp = await es().search(index=alias, **Q.by_id_body(request_id, who.role))
        if not resp["hits"]["hits"]:
            raise HTTPException(404, f"no request {request_id}")
        doc = resp["hits"]["hits"][0]["_source"]
        idents = list(doc.get("identities") or [doc["citizen"]["id"]])
        persons = [doc["person_id"]] if doc.get("person_id") else []
        found = await es().search(index=alias, **Q.citizen_timeline_body(idents, persons, who.role, 100))
        audit(who, "GET", f"/requests/{request_id}/timeline", {}, 200, found["hits"]["total"]["value"])
        hits = found["hits"]["hits"]
        linked = sorted({i for h in hits for i in h["_source"].get("identities", ())} | set(idents))
        return {"identities": sorted(set(present({"identities": linked}, who.role)["identities"])),
                "total": found["hits"]["total"]["value"], "timeline": [present(h["_source"], who.role) for h in hits]}

    def feed_body(who: Caller, after: str | None, size: int) -> dict[str, Any]:
        filters: list[dict[str, Any]] = [*Q.base_filter(who.role)]
        if after:
            filters.append({"range": {"indexed_at": {"gt": after}}})
        # A citizen's 1-5 answer to a satisfaction check is indexed (accounting, timeline) but
        # is not work for anyone: it stays out of the feed; the rated request shows the score.
        not_work = [*Q.hidden(), {"exists": {"field": "answer_to"}}]
        return {"query": {"bool": {"filter": filters, "must_not": not_work}}, "size": size,
                "sort": [{"indexed_at": "desc"}, {"request_id": "asc"}], "source_includes": FEED_FIELDS}

    def changes_body(who: Caller, since: str, size: int) -> dict[str, Any]:
        # What the role sees, plus (for a department) what was reassigned away from it, so its
        # page can drop the card; only the id of such a request is sent (see `changed_docs`).
        visible = Q.base_filter(who.role)
        should: list[dict[str, Any]] = [{"bool": {"filter": visible}} if visible else {"match_all": {}}]
        if who.role.department:
            should.append({"term": {"previous_departments": who.role.department}})
        filters = [{"range": {"updated_at": {"gt": since}}}, {"bool": {"should": should, "minimum_should_match": 1}}]
        return {"query": {"bool": {"filter": filters, "must_not": Q.hidden()}}, "size": size,
                "sort": [{"updated_at": "asc"}, {"request_id": "asc"}], "source_includes": FEED_FIELDS}

    def changed_docs(hits: list[dict[str, Any]], who: Caller) -> list[dict[str, Any]]:
        dept = who.role.department
        return [{"request_id": h["_source"]["request_id"], "removed": True}
                if dept and h["_source"].get("department") != dept else present(h["_source"], who.role) for h in hits]

    @router.get("/events", summary="Live feed: server-sent events of requests indexed after `after`, changed after `changed`")
    async def events(request: Request, after: str | None = Query(None, description="indexed_at cursor (ISO 8601)"),
                     changed: str | None = Query(None, description="updated_at cursor (ISO 8601); default: now"),
                     once: bool = Query(False, description="answer one batch as JSON and stop (short-poll)"),
                     who: Caller = Depends(caller)) -> Response:
        audit(who, "GET", "/events", {"after": after} if after else {}, 200, None)
        try:
            since = datetime.fromisoformat(changed) if changed else now() - CHANGE_LOOKBACK
        except ValueError as exc:
            raise HTTPException(422, f"changed must be an ISO 8601 time, got {changed!r}") from exc
        if since.tzinfo is None:
            raise HTTPException(422, "changed must carry a time zone")
        sent: dict[str, str] = {}  # request id -> updated_at already sent on this stream

        async def updates(cursor: datetime, resume: list[Any] | None = None
                          ) -> tuple[list[dict[str, Any]], datetime, list[Any] | None]:
            """Changes after `cursor` (continuing after the sort key `resume` when the last poll
            was cut short), the next cursor (every change up to it has been read), and where to
            resume (None: all read). A whole sink batch shares one `updated_at`, hence sort keys."""
            asked_at = now()
            body = changes_body(who, cursor.isoformat(), FEED_PAGE)
            if resume:
                body["search_after"] = resume
            found: list[dict[str, Any]] = []
            for _ in range(CHANGE_PAGES):
                page = (await es().search(index=alias, **body))["hits"]["hits"]
                found.extend(page)
                if len(page) < FEED_PAGE:
                    resume = None
                    break
                resume = body["search_after"] = page[-1]["sort"]
            hits = [h for h in found if sent.get(h["_source"]["request_id"]) != h["_source"].get("updated_at")]
            for h in hits:
                sent[h["_source"]["request_id"]] = h["_source"].get("updated_at")
            # All read: the last 2 s are looked at again next time. Cut short: same cursor, resumed.
            nxt = cursor if resume else max(cursor, asked_at - CHANGE_LOOKBACK)
            return changed_docs(hits, who), nxt, resume

        async def batch(cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
            hits = (await es().search(index=alias, **feed_body(who, cursor, FEED_PAGE if cursor else 50)))["hits"]["hits"]
            docs = [present(h["_source"], who.role) for h in hits]
            newest = max((d.get("indexed_at") or "" for d in docs), default="") or cursor
            return docs, newest

        if once:
            docs, cursor = await batch(after)
            changes, since, _ = await updates(since)
            return Response(json.dumps({"requests": docs, "cursor": cursor, "updates": changes,
                                        "changed": since.isoformat()}, ensure_ascii=False),
                            media_type="application/json")

        async def stream() -> AsyncIterator[bytes]:
            cursor, moved, resume, idle, lived = after, since, None, 0.0, 0.0
            yield b"retry: 2000\n\n"
            while lived < STREAM_SECONDS and not await request.is_disconnected():
                docs, cursor = await batch(cursor)
                changes, moved, resume = await updates(moved, resume)
                if docs or changes:
                    payload = json.dumps({"requests": docs, "cursor": cursor, "updates": changes,
                                          "changed": moved.isoformat()}, ensure_ascii=False)
                    yield f"event: requests\nid: {cursor}\ndata: {payload}\n\n".encode()
                    idle = 0.0
                elif idle >= KEEPALIVE_SECONDS:
                    yield b": keep-alive\n\n"
                    idle = 0.0
                await asyncio.sleep(FEED_POLL_SECONDS)
                idle += FEED_POLL_SECONDS
                lived += FEED_POLL_SECONDS

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @router.get("/overview", summary="Channels over time, department load and overdue, targets, satisfaction, map")
    async def overview(interval: str = Query("day", pattern="^(hour|day|week|month)$"),
                       who: Caller = Depends(caller)) -> dict[str, Any]:
        at = now()
        out = shape(await es().search(index=alias, **overview_body(who.role, at, interval)), at)
        audit(who, "GET", "/overview", {"interval": interval}, 200, out["total"])
        return out

    return router
