"""`Report`: the few fields of a request that deduplication decides on.

Built from a `CitizenRequest` in the stream (`Report.from_request`) and from a JSONL line in
`civicdesk cluster` (`Report.from_line`), so both run the very same decision objects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timezone
from typing import Any

from schemas.request import CitizenRequest
from streams.identity import (
    DEFAULT_REGION,
    citizen_identities,
    extract_emails,
    extract_phones,
    identity_variants,
)
from streams.textfold import local_fold

EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True)
class Report:
    request_id: str
    received_at: datetime
    text: str
    identities: tuple[str, ...]  # the sender's own canonical identities (identity.py)
    channel: str = "web"
    revision: int = 0
    language: str | None = None
    department: str | None = None
    neighbourhood: str | None = None
    district: str | None = None
    lat: float | None = None
    lon: float | None = None

    @cached_property
    def at(self) -> float:
        """Event time, epoch seconds: windows are measured on when the citizen wrote, so a
        replay hours later decides exactly as the first run did. Cached: the dedup checks
        read it ~9 times per request."""
        return self.received_at.timestamp()

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    def linked_identities(self, region: str = DEFAULT_REGION) -> list[str]:
        """Phones and emails written in the text (a signature, "call me on ...")."""
        return [i for i in (*extract_phones(self.text, region), *extract_emails(self.text)) if i not in self.identities]

    @classmethod
    def from_request(cls, req: CitizenRequest) -> "Report":
        c = req.citizen
        ids = citizen_identities(req.channel.value, c.phone, c.email, c.handle) or [c.id]
        loc = req.location
        text = f"{req.subject}\n{req.text}" if req.subject else req.text
        return cls(req.request_id, req.received_at, text, tuple(ids), req.channel.value, req.revision,
                   req.language, req.department, loc.neighbourhood if loc else None,
                   loc.district if loc else None, loc.lat if loc else None, loc.lon if loc else None)

    @classmethod
    def from_line(cls, line: dict[str, Any], *, default_time: datetime | None = None) -> "Report":
        """A `civicdesk cluster` input line; unknown keys are ignored.

        `citizen` is an identity string ("0532 123 45 67", "a@b.org", "twitter:@x") or an
        object with phone / email / handle.
        """
        channel = str(line.get("channel") or "web")
        citizen = line.get("citizen")
        if isinstance(citizen, dict):
            ids = citizen_identities(channel, citizen.get("phone"), citizen.get("email"), citizen.get("handle"))
            ids = ids or [str(citizen.get("id"))]
        elif citizen:
            ids = identity_variants(str(citizen))[:1] or [str(citizen).strip().lower()]
        else:
            ids = [f"anonymous:{line['id']}"]  # no identity: never a same-citizen duplicate
        at = line.get("received_at")
        when = _parse_time(at) if at else (default_time or datetime.now(timezone.utc))
        lat, lon = line.get("lat"), line.get("lon")
        return cls(str(line["id"]), when, str(line.get("text") or ""), tuple(ids), channel,
                   int(line.get("revision") or 0), line.get("language"), line.get("department"),
                   line.get("neighbourhood"), line.get("district"),
                   float(lat) if lat is not None else None, float(lon) if lon is not None else None)


def _parse_time(value: str) -> datetime:
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def place_key(report: Report) -> str | None:
    """Where, for incident partitioning: district/neighbourhood folded ("Bahçelievler" is in
    both Ankara and Istanbul, hence the district when known), else a 0.01° grid cell
    (~1.1 km x 0.85 km at 40°N) from the coordinates, else None (no incident matching)."""
    if report.neighbourhood:
        hood = local_fold(report.neighbourhood).strip()
        district = local_fold(report.district).strip() if report.district else ""
        return f"{district}/{hood}" if district else hood
    if report.has_point:
        return f"cell:{report.lat:.2f}:{report.lon:.2f}"
    return None
