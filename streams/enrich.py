"""Classify a batch of requests and copy the results onto them. Pure: the classifier is passed in."""

from __future__ import annotations

from typing import Protocol, Sequence

from classifiers import Classification, ClassifyInput
from schemas.request import CitizenRequest, Location, RequestType, Urgency


class BatchClassifier(Protocol):
    def classify_batch(self, items: Sequence[ClassifyInput]) -> list[Classification]: ...


def classify_requests(classifier: BatchClassifier, requests: Sequence[CitizenRequest]) -> list[CitizenRequest]:
    """The requests with language, department, type, urgency, confidence, review flag, reasons
    and the place the classifier found (a place the citizen gave wins).

    Copied with `model_copy`, not re-validated: the request is already valid and every value
    comes from our classifier, typed here (enums, a rounded float, a tuple). Re-validating the
    whole request (`enrich`) cost ~120 us of the ~200 us per request of this step
    (bench/bench_stream.py --profile)."""
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
        loc = req.location
        if result.neighbourhood or result.district:
            base = loc or Location()
            loc = base.model_copy(update={"neighbourhood": base.neighbourhood or result.neighbourhood,
                                          "district": base.district or result.district})
        out.append(req.model_copy(update={
            "language": req.language or result.language,
            "department": result.department,
            "type": RequestType(result.type),
            "urgency": Urgency(result.urgency),
            "confidence": round(float(result.confidence), 4),
            "needs_review": bool(result.needs_review),
            "reasons": tuple(result.reasons),
            "location": loc,
        }))
    return out
