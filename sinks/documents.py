"""CitizenRequest -> Elasticsearch document. Pure module.

Identities are stored in the canonical forms of `streams.identity` ("+905321234567",
"ayse@example.org", "twitter:ayse_k", "telegram:123456789"), so a search string expanded by
`streams.identity.identity_variants` matches them with one `terms` filter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas.request import SOCIAL_CHANNELS, CitizenRequest
from streams.identity import citizen_identities, person_id


def identities(req: CitizenRequest) -> list[str]:
    """Every identity a searcher may type for this citizen, in canonical form."""
    c = req.citizen
    found = {c.id, *citizen_identities(req.channel.value, c.phone, c.email, c.handle)}
    return sorted(i for i in found if i)


def epoch_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def history_entry(status: str, at: datetime, actor: str | None, note: str | None = None) -> dict[str, Any]:
    """One status_history item. `key` makes a replayed change a no-op (the update script skips
    keys it has seen); `seq` (epoch ms) orders changes, because the update script cannot
    compare ISO strings."""
    seq = epoch_ms(at)
    return {"key": f"{status}@{seq}", "status": status, "at": at.isoformat(), "seq": seq, "actor": actor, "note": note}


def is_social(req: CitizenRequest) -> bool:
    return req.channel in SOCIAL_CHANNELS


def to_document(req: CitizenRequest, indexed_at: datetime, extra_identities: list[str] | None = None,
                person: str | None = None) -> dict[str, Any]:
    doc = req.model_dump(mode="json")
    doc["number"] = req.number
    doc["indexed_at"] = indexed_at.isoformat()
    ids = sorted(set(identities(req)) | set(extra_identities or ()))
    doc["identities"] = ids
    # Until the stream's CitizenLinker provides one, the person is keyed by the primary identity.
    doc["person_id"] = person or person_id(req.citizen.id)
    loc = doc.get("location")
    if loc is not None:
        lat, lon = loc.pop("lat", None), loc.pop("lon", None)
        if lat is not None and lon is not None:
            loc["point"] = {"lat": lat, "lon": lon}
    entry = history_entry(req.status.value, req.received_at, "civicdesk")
    doc["status_history"] = [entry]
    doc["status_changed_at"] = entry["at"]
    doc["status_seq"] = entry["seq"]
    doc["duplicates"] = []
    doc["social_citizen"] = is_social(req)
    doc["pending"] = False
    return doc
