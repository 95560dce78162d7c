"""`civicdesk cluster`: the stream's deduplication run offline over JSONL in arrival order.

Input line: `id`, `text`, `citizen`, `channel`, optional `received_at`, `neighbourhood`,
`district`, `lat`, `lon`, `department`, `language`; other keys are ignored. A line without a
department (or without any place) is classified with `classifiers.load_classifier`.
Output line per input: {"id", "duplicate_of", "incident_id"}.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Sequence

from streams.pipeline import Deduplicator, Outcome
from streams.report import Report

# (lines needing classification) -> one dict per line with department / neighbourhood / district.
Classify = Callable[[Sequence[dict[str, Any]]], list[dict[str, Any]]]


def classifier_fill(profile: str = "municipal") -> Classify:
    """Missing department/place from the classifier of `classifiers` (loaded once)."""

    def classify(lines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        # Imported and loaded only when a line lacks its classification: a labelled file
        # clusters without loading the model.
        from classifiers import ClassifyInput, load_classifier

        clf = load_classifier(profile)
        results = clf.classify_batch([
            ClassifyInput(text=str(l.get("text") or ""), language_hint=l.get("language"),
                          channel=l.get("channel"), lat=l.get("lat"), lon=l.get("lon")) for l in lines])
        return [{"department": r.department, "neighbourhood": r.neighbourhood, "district": r.district,
                 "language": r.language} for r in results]

    return classify


def _needs_classification(line: dict[str, Any]) -> bool:
    no_place = not line.get("neighbourhood") and (line.get("lat") is None or line.get("lon") is None)
    return not line.get("department") or no_place


def complete(lines: list[dict[str, Any]], classify: Classify | None) -> list[dict[str, Any]]:
    """Fill only what is missing; given values always win over the classifier's."""
    todo = [i for i, l in enumerate(lines) if _needs_classification(l)]
    if not todo or classify is None:
        return lines
    filled = classify([lines[i] for i in todo])
    out = list(lines)
    for i, extra in zip(todo, filled):
        out[i] = {**{k: v for k, v in extra.items() if v is not None}, **{k: v for k, v in lines[i].items() if v is not None}}
    return out


def cluster(lines: Iterable[dict[str, Any]], *, classify: Classify | None = None,
            dedup: Deduplicator | None = None, start: datetime | None = None) -> Iterator[dict[str, Any]]:
    """One {"id", "duplicate_of", "incident_id"} per input line, in order.

    Lines without `received_at` get `start` + one second per line, so arrival order is
    kept and a file without times behaves as one burst (all inside every window).
    """
    dedup = dedup or Deduplicator()
    base = (start or datetime(2026, 1, 1, tzinfo=timezone.utc)).timestamp()
    rows = complete(list(lines), classify)
    for n, line in enumerate(rows):
        report = Report.from_line(line, default_time=datetime.fromtimestamp(base + n, timezone.utc))
        decision = dedup.decide(report)
        yield {"id": report.request_id, "duplicate_of": decision.duplicate_of,
               "incident_id": decision.incident_id,
               **({"redelivery": True} if decision.outcome is Outcome.redelivery else {})}


def read_jsonl(path: str) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            if raw.strip():
                try:
                    rows.append(json.loads(raw))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from exc
                if "id" not in rows[-1]:
                    raise ValueError(f"{path}:{number}: missing 'id'")
    return rows
