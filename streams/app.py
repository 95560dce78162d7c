"""The Faust application: requests.raw -> validate -> classify (batched) -> route.

The agent only moves data; decisions live in pure modules (streams.enrich, streams.routing,
streams.dedup). Built by `create_app(settings)` so config is injected, never read at import.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import faust
from pydantic import ValidationError

from civicdesk.kafka import standard_headers
from civicdesk.settings import Settings
from schemas import topics
from schemas.events import DeadLetter
from schemas.request import CitizenRequest, describe_validation_error
from streams.enrich import classify_requests

log = logging.getLogger(__name__)

# 500 events or 50 ms, whichever first: big enough to amortise classification (vectorised over
# the batch), short enough to keep urgent requests well under the 200 ms p99 target.
TAKE_MAX = 500
TAKE_WITHIN = 0.05


def header_value(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    items = headers.items() if hasattr(headers, "items") else headers
    for key, value in items:
        if key == name:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None


def create_app(settings: Settings) -> faust.App:
    from classifiers import load_classifier

    classifier = load_classifier(settings.taxonomy_profile)
    app = faust.App(
        settings.faust_app_id,
        broker=f"kafka://{settings.kafka_servers}",
        store=settings.faust_store,
        value_serializer="raw",
        key_serializer="raw",
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=True,
        web_enabled=settings.worker_web_port > 0,
        web_port=settings.worker_web_port or 6066,
        web_host="127.0.0.1",
        broker_commit_interval=1.0,
        producer_linger_ms=5,
        table_cleanup_interval=60.0,
        logging_config=None,
    )
    raw_topic = app.topic(topics.RAW, value_type=bytes, key_type=bytes, allow_empty=True)
    out = {name: app.topic(name, value_type=bytes, key_type=bytes)
           for name in (topics.CLASSIFIED, topics.URGENT, topics.SOCIAL, topics.DUPLICATES, topics.DLQ)}
    dept_topics = {code: app.topic(topics.dept_topic(code), value_type=bytes, key_type=bytes)
                   for code in classifier.taxonomy.department_codes}

    @app.agent(raw_topic)
    async def process_raw(stream: faust.Stream) -> None:
        async for events in stream.take_events(TAKE_MAX, within=TAKE_WITHIN):
            valid: list[tuple[CitizenRequest, str | None]] = []
            for event in events:
                value = event.value or b""
                trace = header_value(event.headers, "trace-id")
                try:
                    valid.append((CitizenRequest.from_json(value), trace))
                except ValidationError as exc:
                    letter = DeadLetter.of("stream:validate", describe_validation_error(exc), value,
                                           source=f"{topics.RAW}[{event.message.partition}]@{event.message.offset}")
                    await out[topics.DLQ].send(value=letter.to_json(), headers=standard_headers(trace, stage=letter.stage))
            if not valid:
                continue
            enriched = classify_requests(classifier, [r for r, _ in valid])
            for req, (_, trace) in zip(enriched, valid):
                req = req.enrich(status="routed")
                body = req.to_json()
                key = req.request_id.encode()
                headers = standard_headers(trace, department=req.department, urgency=req.urgency.value if req.urgency else None)
                await out[topics.CLASSIFIED].send(key=key, value=body, headers=headers)
                if req.department in dept_topics:
                    await dept_topics[req.department].send(key=key, value=body, headers=headers)
                if req.urgency is not None and req.urgency.value in ("urgent", "emergency"):
                    await out[topics.URGENT].send(key=key, value=body, headers=headers)

    return app


def run_worker(settings: Settings) -> int:
    from faust.worker import Worker

    app = create_app(settings)
    worker = Worker(app, loglevel=settings.log_level.lower(), quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()
    return 0
