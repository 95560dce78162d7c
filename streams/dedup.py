"""The three levels of deduplication, each a small class over one MutableMapping (a Faust
table in the worker, a dict in tests and in `civicdesk cluster`).

    RedeliveryFilter   key request_id             same id (and revision) within 7 days: drop
    SameCitizenDedup   key person id (linker)     same person, same problem, 48 h, any channel
    IncidentMatcher    key incident_key(report)   near-duplicate text, same place or within
                       (department + district)    300 m, 24 h

Values are plain JSON lists/dicts, always written back whole (`table[k] = v`): Faust only
sees a change through __setitem__. Every window is measured on event time (`Report.at`),
expired entries are dropped when their key is touched and by `sweep(now)` (a Faust timer),
and every list is capped, so state stays bounded (bench/bench_dedup_state.py).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any, MutableMapping

from streams.report import Report, haversine_m, place_key
from streams.similarity import Signature, similarity
from streams.textfold import local_fold

DAY = 86_400.0


def incident_key(report: Report) -> str | None:
    """Partition key of incident state: department + district when the district is known, so
    two neighbourhoods of one district meet on one partition and reports within 300 m of each
    other across a neighbourhood border can join (issue 5); else department + place. None when
    the report has no department or no place: it then opens an incident of its own.
    Reports across a *district* border do not meet: each district is its own partition key."""
    if not report.department:
        return None
    if report.district:
        return f"{report.department}|{local_fold(report.district).strip()}"
    place = place_key(report)
    return None if place is None else f"{report.department}|{place}"


def incident_id_for(first_request_id: str) -> str:
    """Deterministic: any worker, any replay gives the same id for the same first report."""
    return "inc_" + hashlib.sha256(first_request_id.encode("utf-8")).hexdigest()[:16]


class RedeliveryFilter:
    """Drops a request id already seen within `window` (same or older revision).

    The stored value keeps the decision taken the first time (`remember`), so after a crash
    between the state update and the produce, the worker can re-emit the same result instead
    of losing it: downstream effects are keyed by request id, hence idempotent.
    """

    WINDOW = 7 * DAY  # issue 5: redeliveries within 7 days; providers retry for up to 3 (Meta) to 4 days (Twilio)

    def __init__(self, table: MutableMapping[str, list], window: float = WINDOW) -> None:
        self.table = table
        self.window = window
        self.dropped = 0

    def previous(self, report: Report) -> list | None:
        """[revision, at, decision] of the earlier delivery, when this one is a redelivery."""
        entry = self.table.get(report.request_id)
        if entry is None or report.at - entry[1] > self.window:
            return None
        if report.revision > entry[0]:  # an edit (Telegram edited_message): a new version
            return None
        return entry

    def check(self, report: Report) -> bool:
        """True = a redelivery: drop it (counted)."""
        if self.previous(report) is not None:
            self.dropped += 1
            return True
        self.table[report.request_id] = [report.revision, report.at, None]
        return False

    def remember(self, report: Report, decision: list) -> None:
        self.table[report.request_id] = [report.revision, report.at, decision]

    def sweep(self, now: float) -> int:
        old = [k for k, v in self.table.items() if now - v[1] > self.window]
        for k in old:
            del self.table[k]
        return len(old)


@dataclass(frozen=True)
class CitizenMatch:
    duplicate_of: str
    incident_id: str | None


class SameCitizenDedup:
    """One person reporting the same problem again within 48 h, on any channel.

    Same problem = same department AND similar text (similarity >= 0.5, personal concepts
    allowed). Department alone over-merges: a citizen's pothole and broken streetlight both go
    to roads. The bar is lower than for incidents (0.6) because one author repeating
    themselves ("still not fixed") writes shorter, vaguer follow-ups, and a false merge only
    hides a second request of the same person, which the desk sees linked.
    """

    WINDOW = 2 * DAY
    THRESHOLD = 0.5
    # A person with more than 20 open requests in 48 h is an organisation or a bot; the
    # oldest are forgotten first (each entry ~150 bytes).
    MAX_PER_PERSON = 20

    def __init__(self, table: MutableMapping[str, list], window: float = WINDOW,
                 threshold: float = THRESHOLD) -> None:
        self.table = table
        self.window = window
        self.threshold = threshold

    def check(self, report: Report, person_ids: tuple[str, ...], sig: Signature) -> CitizenMatch | None:
        for pid in person_ids:
            for rid, at, dept, sig_list, incident in self.table.get(pid, ()):
                if rid == report.request_id or report.at - at > self.window or report.at < at:
                    continue
                if dept == report.department and \
                        similarity(sig, Signature.from_list(sig_list), personal_ok=True) >= self.threshold:
                    return CitizenMatch(rid, incident)
        return None

    def remember(self, report: Report, person_id: str, sig: Signature, incident_id: str | None) -> None:
        entries = [e for e in self.table.get(person_id, ()) if report.at - e[1] <= self.window
                   and e[0] != report.request_id]
        entries.append([report.request_id, report.at, report.department, sig.to_list(), incident_id])
        self.table[person_id] = entries[-self.MAX_PER_PERSON:]

    def sweep(self, now: float) -> int:
        removed = 0
        for key, entries in list(self.table.items()):  # one pass over the store, not a get per key
            kept = [e for e in entries if now - e[1] <= self.window]
            removed += len(entries) - len(kept)
            if not kept:
                del self.table[key]
            elif len(kept) != len(entries):
                self.table[key] = kept
        return removed


@dataclass(frozen=True)
class IncidentMatch:
    incident_id: str
    first_request_id: str
    report_count: int
    joined: bool  # False: this report opened the incident


class IncidentMatcher:
    """Different citizens, one incident: near-duplicate text (similarity >= 0.6), same
    department, same place (same neighbourhood; within 300 m when both have coordinates, also
    across a neighbourhood border), within 24 h of the incident's latest report.

    Table layout (one table, keys by prefix):
        i|<incident id>               {"id", "first", "t0", "t1", "n", "lat", "lon",
                                       "sigs": [first few signatures], "m": [member ids]}
        p|<department>|<place>        [incident ids] opened in that neighbourhood
        g|<department>|<row>|<col>    [incident ids] with coordinates in that grid cell
    A report with coordinates looks at its own place and the 3 x 3 cells around its point, so
    an incident 250 m away in the next neighbourhood is found; the partition key
    (`incident_key`: department + district) brings both to the same worker.
    """

    WINDOW = DAY
    THRESHOLD = 0.6  # tests/data/dedup_pairs.jsonl: 0.5-0.6 equal, 0.7 loses a paraphrase pair
    RADIUS_M = 300.0
    # Grid cell in degrees: 0.005 deg is 555 m of latitude and >= 420 m of longitude up to
    # 41 N (Istanbul), so every point within 300 m lies in the 3 x 3 cells around a report.
    CELL_DEG = 0.005
    # Signatures kept per incident: the first three reports describe it in up to three
    # channels/languages; matching against any of them raises recall, more adds drift.
    MAX_SIGS = 3
    # Member ids kept for idempotent replays; past this the RedeliveryFilter still guards.
    MAX_MEMBERS = 32
    # Open incidents per index key in 24 h. Busiest Çankaya neighbourhoods see ~40
    # requests/day per department; 256 only binds in a flood of distinct reports.
    MAX_OPEN = 256

    def __init__(self, table: MutableMapping[str, Any], window: float = WINDOW,
                 threshold: float = THRESHOLD, radius_m: float = RADIUS_M) -> None:
        self.table = table
        self.window = window
        self.threshold = threshold
        self.radius_m = radius_m

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.CELL_DEG), math.floor(lon / self.CELL_DEG)

    def _index_keys(self, report: Report) -> tuple[str | None, list[str]]:
        """The report's place key and the grid cells to search (own cell first)."""
        dept = report.department
        place = place_key(report)
        place_idx = f"p|{dept}|{place}" if place is not None else None
        cells: list[str] = []
        if report.has_point:
            row, col = self._cell(report.lat, report.lon)  # type: ignore[arg-type]
            cells = [f"g|{dept}|{row}|{col}"] + [f"g|{dept}|{row + dr}|{col + dc}"
                                                 for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc]
        return place_idx, cells

    def _near(self, report: Report, inc: dict, same_place: bool) -> bool:
        if report.has_point and inc["lat"] is not None:
            return haversine_m(report.lat, report.lon, inc["lat"], inc["lon"]) <= self.radius_m  # type: ignore[arg-type]
        return same_place  # without two points, only the same neighbourhood counts

    def _open(self, index_key: str, now: float) -> list[dict]:
        found = []
        for inc_id in self.table.get(index_key, ()):
            inc = self.table.get(f"i|{inc_id}")
            if inc is not None and now - inc["t1"] <= self.window:
                found.append(inc)
        return found

    def observe(self, report: Report, sig: Signature) -> IncidentMatch:
        lone = IncidentMatch(incident_id_for(report.request_id), report.request_id, 1, False)
        if not report.department:
            return lone
        place_idx, cells = self._index_keys(report)
        if place_idx is None and not cells:
            return lone
        candidates: dict[str, tuple[dict, bool]] = {}
        if place_idx is not None:
            for inc in self._open(place_idx, report.at):
                candidates[inc["id"]] = (inc, True)
        for cell in cells:
            for inc in self._open(cell, report.at):
                candidates.setdefault(inc["id"], (inc, False))
        for inc, _ in candidates.values():
            if report.request_id in inc["m"] or report.request_id == inc["first"]:
                return IncidentMatch(inc["id"], inc["first"], inc["n"], report.request_id != inc["first"])
        best, best_score = None, self.threshold
        for inc, same_place in candidates.values():
            # Reports reach this stage out of order across partitions (seconds apart), so an
            # earlier report may join an incident opened by a later one within the window.
            if report.at < inc["t0"] - self.window or not self._near(report, inc, same_place):
                continue
            score = max(similarity(sig, Signature.from_list(s)) for s in inc["sigs"])
            if score >= best_score:
                best, best_score = inc, score
        if best is not None:
            best["n"] += 1
            best["t1"] = max(best["t1"], report.at)
            if len(best["sigs"]) < self.MAX_SIGS:
                best["sigs"].append(sig.to_list())
            best["m"] = (best["m"] + [report.request_id])[-self.MAX_MEMBERS:]
            self.table[f"i|{best['id']}"] = best
            return IncidentMatch(best["id"], best["first"], best["n"], True)
        inc = {"id": lone.incident_id, "first": report.request_id, "t0": report.at,
               "t1": report.at, "n": 1, "lat": report.lat, "lon": report.lon, "sigs": [sig.to_list()], "m": []}
        self.table[f"i|{inc['id']}"] = inc
        for key in ([place_idx] if place_idx else []) + cells[:1]:
            live = [i["id"] for i in self._open(key, report.at)]
            self.table[key] = (live + [inc["id"]])[-self.MAX_OPEN:]
        return lone

    def sweep(self, now: float) -> int:
        removed = 0
        entries = list(self.table.items())  # one pass over the store, not a get per key
        for key, inc in entries:
            if key.startswith("i|") and inc is not None and now - inc["t1"] > self.window:
                del self.table[key]
                removed += 1
        for key, ids in entries:
            if not key.startswith("i|"):
                ids = ids or []
                kept = [i for i in ids if f"i|{i}" in self.table]
                if not kept:
                    del self.table[key]
                elif len(kept) != len(ids):
                    self.table[key] = kept
        return removed
