"""Response-time targets: when a request is due, and which requests are past due.

Targets come from the taxonomy per department (`classifiers.ResponseTarget`: hours +
business_hours flag; any object with those two attributes works). Wall-clock targets add
hours; business-hours targets count only office hours on working days that are not public
holidays (streams/data/holidays_2026.json: Turkey and Greece), half days included.

The worker computes `due_at` once when a request is routed, keeps an `SlaItem` per open
request in a table, and a timer calls `overdue(now, items)` and publishes each `SlaBreach`
to requests.sla (then marks the item `breached` so it is published once).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Iterable, Mapping, Protocol
from zoneinfo import ZoneInfo

from schemas.request import Status

HOLIDAYS_FILE = Path(__file__).parent / "data" / "holidays_2026.json"
# A first response: any department action stops the clock (taxonomy: "24 hours to first response").
STOPS_CLOCK = frozenset({Status.in_progress, Status.resolved, Status.rejected, Status.closed})
# Far enough for any real target (the longest, 30 business days, spans ~45 calendar days),
# short enough that a calendar with no working day at all fails fast instead of looping.
MAX_DAYS_SCANNED = 400


class Target(Protocol):
    hours: float
    business_hours: bool


@dataclass(frozen=True)
class BusinessCalendar:
    tz: ZoneInfo
    open: time
    close: time
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    holidays: Mapping[date, time | None] = field(default_factory=dict)  # None: closed all day; time: closes early

    @classmethod
    def load(cls, country: str, path: Path = HOLIDAYS_FILE) -> "BusinessCalendar":
        """'TR' or 'GR' from the data file (KeyError names the missing country)."""
        data = json.loads(path.read_text(encoding="utf-8"))[country]
        holidays = {date.fromisoformat(h["date"]): (time.fromisoformat(h["closes_at"]) if h.get("closes_at") else None)
                    for h in data["holidays"]}
        return cls(ZoneInfo(data["timezone"]), time.fromisoformat(data["open"]), time.fromisoformat(data["close"]),
                   frozenset(data["workdays"]), holidays)

    def hours_on(self, day: date) -> tuple[datetime, datetime] | None:
        """The office interval of a local day, or None when closed."""
        if day.weekday() not in self.workdays:
            return None
        close = self.close
        if day in self.holidays:
            early = self.holidays[day]
            if early is None:
                return None
            close = min(close, early)
        start = datetime.combine(day, self.open, self.tz)
        end = datetime.combine(day, close, self.tz)
        return (start, end) if end > start else None


def due_at(received_at: datetime, target: Target, calendar: BusinessCalendar | None = None) -> datetime:
    """When a request received at `received_at` is due (UTC)."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    if not target.business_hours:
        return (received_at + timedelta(hours=target.hours)).astimezone(timezone.utc)
    if calendar is None:
        raise ValueError("a business-hours target needs a BusinessCalendar")
    remaining = timedelta(hours=target.hours)
    cursor = received_at.astimezone(calendar.tz)
    day = cursor.date()
    for _ in range(MAX_DAYS_SCANNED):
        interval = calendar.hours_on(day)
        if interval is not None:
            start, end = max(interval[0], cursor), interval[1]
            if start < end:
                if remaining <= end - start:
                    return (start + remaining).astimezone(timezone.utc)
                remaining -= end - start
        day += timedelta(days=1)
    raise ValueError(f"no working time within {MAX_DAYS_SCANNED} days: check the calendar")


@dataclass(frozen=True)
class SlaItem:
    request_id: str
    department: str
    received_at: datetime
    due_at: datetime
    status: Status = Status.routed
    breached: bool = False

    def to_dict(self) -> dict:
        return {"request_id": self.request_id, "department": self.department, "received_at": self.received_at.isoformat(),
                "due_at": self.due_at.isoformat(), "status": self.status.value, "breached": self.breached}

    @classmethod
    def from_dict(cls, d: dict) -> "SlaItem":
        return cls(d["request_id"], d["department"], datetime.fromisoformat(d["received_at"]),
                   datetime.fromisoformat(d["due_at"]), Status(d["status"]), bool(d.get("breached")))

    def with_status(self, status: Status) -> "SlaItem":
        return replace(self, status=status)


@dataclass(frozen=True)
class SlaBreach:
    """A record on requests.sla."""

    request_id: str
    department: str
    due_at: datetime
    overdue_seconds: int
    status: Status

    def to_json(self) -> bytes:
        return json.dumps({"schema_version": 1, "request_id": self.request_id, "department": self.department,
                           "due_at": self.due_at.isoformat(), "overdue_seconds": self.overdue_seconds,
                           "status": self.status.value}).encode("utf-8")


def overdue(now: datetime, requests: Iterable[SlaItem], *, stops_clock: frozenset[Status] = STOPS_CLOCK) -> list[SlaBreach]:
    """Open requests past their due time and not yet reported, oldest due first."""
    out = [SlaBreach(i.request_id, i.department, i.due_at, int((now - i.due_at).total_seconds()), i.status)
           for i in requests if not i.breached and i.status not in stops_clock and now > i.due_at]
    return sorted(out, key=lambda b: b.due_at)


def item_for(request_id: str, department: str, received_at: datetime, targets: Mapping[str, Target],
             calendar: BusinessCalendar | None) -> SlaItem:
    """The SLA item of a routed request (KeyError when the department has no target)."""
    return SlaItem(request_id, department, received_at, due_at(received_at, targets[department], calendar))
