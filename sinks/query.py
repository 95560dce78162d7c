"""Search parameters -> Elasticsearch request bodies. Pure module: no I/O.

Every body carries the caller's role filter (sinks.access) and hides `pending` stubs (a status
change that arrived before its request), inside `bool.filter`, so totals and aggregations are
computed over exactly what the role may see.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Literal

import orjson

from sinks.access import Role
from streams.identity import identity_variants

MAX_PAGE = 500
# Comma-separated values in these filters are ORed: status=received,routed.
KEYWORD_FILTERS = {"department": "department", "type": "type", "urgency": "urgency", "channel": "channel",
                   "status": "status", "external_id": "external_id", "incident_id": "incident_id"}
# folded: "cop" finds "çöp"; tr: Turkish stems ("borusu" -> "boru"); tr_folded: both at once
# ("cop" finds "çöpler"); el/en: Greek and English stems. most_fields sums them, so a request
# matching in several ways ranks first.
TEXT_FIELDS = ["text", "text.tr", "text.tr_folded", "text.el", "text.en", "subject", "location.address"]
_RADIUS = re.compile(r"^\d+(?:\.\d+)?(?:m|km)$")
INTERVALS = ("hour", "day", "week", "month")
# 100 neighbourhoods cover a metropolitan district list (Ankara's Çankaya alone has 124;
# a facet longer than a screen is not read).
FACET_SIZE = 100
FACETS = {"neighbourhood": "location.neighbourhood", "district": "location.district", "department": "department",
          "channel": "channel", "status": "status", "urgency": "urgency", "type": "type"}
SUMMARY_FIELDS = ["request_id", "number", "channel", "received_at", "text", "department", "type", "urgency",
                  "status", "location.neighbourhood", "location.district", "duplicate_of", "incident_id", "citizen"]


class InvalidParams(ValueError):
    """A parameter that cannot be turned into a query; the API answers 422 with the message."""


@dataclass(frozen=True)
class SearchParams:
    citizen: str | None = None
    neighbourhood: str | None = None
    district: str | None = None
    q: str | None = None
    department: str | None = None
    type: str | None = None
    urgency: str | None = None
    channel: str | None = None
    status: str | None = None
    external_id: str | None = None
    incident_id: str | None = None
    needs_review: bool | None = None
    since: datetime | None = None  # the API's `from`
    until: datetime | None = None  # the API's `to`
    near: str | None = None  # "lat,lon"
    radius: str = "500m"
    sort: Literal["time", "relevance"] | None = None  # default: relevance when q is given, else time
    size: int = 20
    cursor: str | None = None

    @property
    def sort_mode(self) -> str:
        return self.sort or ("relevance" if self.q else "time")

    def describe(self) -> dict[str, Any]:
        """The filters actually given, for the audit log."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, "") and f.name not in ("size", "cursor", "radius", "sort"):
                out[f.name] = value.isoformat() if isinstance(value, datetime) else value
        return out


def parse_near(near: str) -> tuple[float, float]:
    try:
        lat_s, lon_s = near.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError as exc:
        raise InvalidParams(f"near must be 'lat,lon', got {near!r}") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidParams(f"near out of range: {near!r}")
    return lat, lon


def _either(field: str, value: str) -> dict[str, Any]:
    # The gazetteer's standard name as keyword, or folded text so "Kucukesat" finds "Küçükesat".
    return {"bool": {"should": [{"term": {field: value}},
                                {"match": {f"{field}.folded": {"query": value, "operator": "and"}}}],
                     "minimum_should_match": 1}}


def base_filter(role: Role) -> list[dict[str, Any]]:
    return [*role.filter()]


def hidden() -> list[dict[str, Any]]:
    return [{"term": {"pending": True}}]


def build_query(p: SearchParams, role: Role) -> dict[str, Any]:
    filters = base_filter(role)
    must: list[dict[str, Any]] = []
    if p.citizen:
        variants = identity_variants(p.citizen) or [p.citizen.strip()]
        filters.append({"terms": {"identities": variants}})
    if p.neighbourhood:
        filters.append(_either("location.neighbourhood", p.neighbourhood))
    if p.district:
        filters.append(_either("location.district", p.district))
    for name, field in KEYWORD_FILTERS.items():
        value = getattr(p, name)
        if value:
            values = [v.strip() for v in value.split(",") if v.strip()]
            filters.append({"terms": {field: values}} if len(values) > 1 else {"term": {field: values[0]}})
    if p.needs_review is not None:
        filters.append({"term": {"needs_review": p.needs_review}})
    if p.since or p.until:
        if p.since and p.until and p.since > p.until:
            raise InvalidParams("from must not be after to")
        rng: dict[str, str] = {}
        if p.since:
            rng["gte"] = p.since.isoformat()
        if p.until:
            rng["lte"] = p.until.isoformat()
        filters.append({"range": {"received_at": rng}})
    if p.near:
        if not _RADIUS.match(p.radius):
            raise InvalidParams(f"radius must look like 500m or 2km, got {p.radius!r}")
        lat, lon = parse_near(p.near)
        filters.append({"geo_distance": {"distance": p.radius, "location.point": {"lat": lat, "lon": lon}}})
    if p.q:
        must.append({"multi_match": {"query": p.q, "fields": TEXT_FIELDS, "type": "most_fields"}})
    return {"bool": {"filter": filters, "must": must or [{"match_all": {}}], "must_not": hidden()}}


def sort_clause(mode: str) -> list[dict[str, Any]]:
    # request_id breaks ties, so search_after never skips or repeats documents with the same time.
    if mode == "relevance":
        return [{"_score": "desc"}, {"received_at": "desc"}, {"request_id": "asc"}]
    return [{"received_at": "desc"}, {"request_id": "asc"}]


def encode_cursor(mode: str, sort_values: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([mode, sort_values])).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, mode: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found_mode, values = orjson.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError, orjson.JSONDecodeError) as exc:
        raise InvalidParams("cursor is not one this API returned") from exc
    if found_mode != mode or not isinstance(values, list):
        raise InvalidParams(f"cursor was made for sort={found_mode}, not sort={mode}")
    return values


def quantised(query: dict[str, Any]) -> dict[str, Any]:
    """Relevance scores as whole numbers (score x 100,000, floored) for sorting by relevance.

    A cursor carries the last score through JSON. Summed over the text sub-fields, a float
    score does not always read back as the very value it was printed from (the embedded engine
    then skips or repeats the tied documents); an integer below 2^24 does, exactly, in every
    engine. 1e-5 resolution changes no ranking a reader could see (BM25 scores here are 0.01-50).
    """
    return {"script_score": {"query": query, "script": {"source": "Math.floor(_score * 100000)", "lang": "painless"}}}


def search_body(p: SearchParams, role: Role) -> dict[str, Any]:
    """Keyword arguments for `es.search`: one page of results."""
    if not 1 <= p.size <= MAX_PAGE:
        raise InvalidParams(f"size must be 1..{MAX_PAGE}")
    mode = p.sort_mode
    query = build_query(p, role)
    body: dict[str, Any] = {"query": quantised(query) if mode == "relevance" else query, "size": p.size,
                            "sort": sort_clause(mode),
                            "track_total_hits": True, "source_excludes": ["raw"]}
    if p.cursor:
        body["search_after"] = decode_cursor(p.cursor, mode)
    return body


def next_cursor(p: SearchParams, hits: list[dict[str, Any]]) -> str | None:
    if len(hits) < p.size or not hits:
        return None
    return encode_cursor(p.sort_mode, hits[-1]["sort"])


def facets_body(p: SearchParams, role: Role, interval: str = "day") -> dict[str, Any]:
    if interval not in INTERVALS:
        raise InvalidParams(f"interval must be one of {', '.join(INTERVALS)}")
    aggs: dict[str, Any] = {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACETS.items()}
    aggs["over_time"] = {"date_histogram": {"field": "received_at", "calendar_interval": interval,
                                            "min_doc_count": 1}}
    return {"query": build_query(p, role), "size": 0, "aggs": aggs, "track_total_hits": True}


def by_id_body(request_id: str, role: Role) -> dict[str, Any]:
    """One request, through the role filter (a search, not a GET, so the filter applies)."""
    return {"query": {"bool": {"filter": [*base_filter(role), {"ids": {"values": [request_id]}}],
                               "must_not": hidden()}}, "size": 1}


def related_body(ids: list[str], role: Role, size: int = 100) -> dict[str, Any]:
    return {"query": {"bool": {"filter": [*base_filter(role), {"ids": {"values": ids}}], "must_not": hidden()}},
            "size": size, "source_includes": SUMMARY_FIELDS, "sort": sort_clause("time")}


def citizen_seed_body(identity: str, role: Role) -> dict[str, Any]:
    """First hop: which persons and identities does this search string name?"""
    variants = identity_variants(identity) or [identity.strip()]
    return {"query": {"bool": {"filter": [*base_filter(role), {"terms": {"identities": variants}}],
                               "must_not": hidden()}},
            "size": 0, "aggs": {"identities": {"terms": {"field": "identities", "size": 50}},
                                "persons": {"terms": {"field": "person_id", "size": 20}}}}


def citizen_timeline_body(identities: list[str], persons: list[str], role: Role, size: int = 200) -> dict[str, Any]:
    """Second hop: every request of those identities or persons, across channels, newest first."""
    should: list[dict[str, Any]] = [{"terms": {"identities": identities}}]
    if persons:
        should.append({"terms": {"person_id": persons}})
    return {"query": {"bool": {"filter": [*base_filter(role), {"bool": {"should": should, "minimum_should_match": 1}}],
                               "must_not": hidden()}},
            "size": size, "sort": sort_clause("time"), "source_includes": [*SUMMARY_FIELDS, "identities"],
            "aggs": {"channels": {"terms": {"field": "channel", "size": 20}}}, "track_total_hits": True}


def incident_body(incident_id: str, role: Role, size: int = 200) -> dict[str, Any]:
    return {"query": {"bool": {"filter": [*base_filter(role), {"bool": {"should": [
                {"term": {"incident_id": incident_id}}, {"term": {"request_id": incident_id}}],
                "minimum_should_match": 1}}], "must_not": hidden()}},
            "size": size, "sort": [{"received_at": "asc"}, {"request_id": "asc"}], "source_includes": SUMMARY_FIELDS,
            "track_total_hits": True,
            "aggs": {"first": {"min": {"field": "received_at"}}, "last": {"max": {"field": "received_at"}},
                     "neighbourhood": {"terms": {"field": "location.neighbourhood", "size": 20}},
                     "department": {"terms": {"field": "department", "size": 20}},
                     "channel": {"terms": {"field": "channel", "size": 20}},
                     "reported": {"max": {"field": "incident_reports"}}}}
