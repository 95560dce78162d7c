"""Classify a batch of requests and copy the results onto them. Pure: the classifier is passed in."""

from __future__ import annotations

from typing import Protocol, Sequence

from classifiers import Classification, ClassifyInput
from schemas.request import CitizenRequest, Location


class BatchClassifier(Protocol):
    def classify_batch(self, items: Sequence[ClassifyInput]) -> list[Classification]: ...


def classify_requests(classifier: BatchClassifier, requests: Sequence[CitizenRequest]) -> list[CitizenRequest]:
    inputs = [
        ClassifyInput(
            text=" ".join(t for t in (r.subject, r.text) if t),
            language_hint=r.language,
            channel=r.channel.value,
            lat=r.location.lat if r.location else None,
            lon=r.location.lon if r.location else None,
        )
        for r in requests
    ]
    out = []
    for req, result in zip(requests, classifier.classify_batch(inputs), strict=True):
        loc = req.location or Location()
        location = loc.model_copy(update={
            "neighbourhood": loc.neighbourhood or result.neighbourhood,
            "district": loc.district or result.district,
        }) if (result.neighbourhood or result.district or req.location) else None
        out.append(req.enrich(
            language=req.language or result.language,
            department=result.department,
            type=result.type,
            urgency=result.urgency,
            confidence=round(float(result.confidence), 4),
            needs_review=bool(result.needs_review),
            reasons=tuple(result.reasons),
            location=location.model_dump() if location else None,
        ))
    return out
