"""CitizenRequest -> Elasticsearch document. Pure module."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas.request import CitizenRequest


def identities(req: CitizenRequest) -> list[str]:
    """Every identity a searcher may type for this citizen, in canonical form."""
    c = req.citizen
    found = [c.id, c.phone, c.email]
    if c.handle:
        found.append(c.handle)
        found.append(f"{req.channel.value}:{c.handle}")
    return sorted({i for i in found if i})


def to_document(req: CitizenRequest, indexed_at: datetime, extra_identities: list[str] | None = None) -> dict[str, Any]:
    doc = req.model_dump(mode="json")
    doc["number"] = req.number
    doc["indexed_at"] = indexed_at.isoformat()
    doc["identities"] = sorted(set(identities(req)) | set(extra_identities or ()))
    loc = doc.get("location")
    if loc is not None:
        lat, lon = loc.pop("lat", None), loc.pop("lon", None)
        if lat is not None and lon is not None:
            loc["point"] = {"lat": lat, "lon": lon}
    doc["status_history"] = [{"status": req.status.value, "at": doc["received_at"], "actor": "civicdesk"}]
    return doc
