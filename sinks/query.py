"""Search parameters -> Elasticsearch query. Pure module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any



def identity_variants(query: str) -> list[str]:
    # Interim: replaced by streams.identity.identity_variants when the identity module lands.
    import phonenumbers

    q = query.strip()
    out = {q, q.lower()}
    digits = "".join(ch for ch in q if ch.isdigit() or ch == "+")
    for candidate in (digits, "+" + digits.lstrip("+")):
        try:
            num = phonenumbers.parse(candidate, "TR")
            if phonenumbers.is_possible_number(num):
                out.add(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164))
        except phonenumbers.NumberParseException:
            pass
    return sorted(out)


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
    size: int = 20


def build_query(p: SearchParams) -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    must: list[dict[str, Any]] = []
    if p.citizen:
        filters.append({"terms": {"identities": identity_variants(p.citizen)}})
    if p.neighbourhood:
        # Keyword match on the gazetteer's standard name, or folded text so "Kucukesat" finds "Küçükesat".
        filters.append({"bool": {"should": [
            {"term": {"location.neighbourhood": p.neighbourhood}},
            {"match": {"location.neighbourhood.folded": {"query": p.neighbourhood, "operator": "and"}}},
        ], "minimum_should_match": 1}})
    if p.district:
        filters.append({"bool": {"should": [
            {"term": {"location.district": p.district}},
            {"match": {"location.district.folded": {"query": p.district, "operator": "and"}}},
        ], "minimum_should_match": 1}})
    for field in ("department", "type", "urgency", "channel", "status", "external_id", "incident_id"):
        value = getattr(p, field)
        if value:
            filters.append({"term": {field: value}})
    if p.q:
        must.append({"multi_match": {"query": p.q, "fields": ["text", "text.tr", "text.el", "text.en", "subject"],
                                     "type": "most_fields"}})
    return {"bool": {"filter": filters, "must": must or [{"match_all": {}}]}}
