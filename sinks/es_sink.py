"""The index sink: requests.classified -> Elasticsearch, in bulk, offsets committed after the ack.

Batches are bounded by count, bytes and time. A document Elasticsearch rejects for good (a
mapping conflict, say) goes to requests.dlq with the reason; 429 and 5xx are retried with
backoff by the bulk helper and then by this loop, without committing, so nothing is lost.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable

from confluent_kafka import Consumer, KafkaError, Message, Producer
from elasticsearch import Elasticsearch, helpers
from elasticsearch import ApiError, ConnectionError as ESConnectionError, TransportError
from pydantic import ValidationError

from civicdesk.errors import Retry
from civicdesk.kafka import producer_config, standard_headers
from civicdesk.settings import Settings
from schemas import topics
from schemas.events import DeadLetter
from schemas.request import CitizenRequest, describe_validation_error
from sinks.documents import to_document
from sinks.index_admin import ensure_index

log = logging.getLogger(__name__)

# 500 docs or 5 MB per bulk request: Elastic's guidance is 5-15 MB per bulk; smaller keeps
# webhook-to-searchable latency low at demo rates. 200 ms bounds the wait for a partial batch.
BATCH_DOCS = 500
BATCH_BYTES = 5 * 1024 * 1024
BATCH_SECONDS = 0.2


@dataclass
class SinkStats:
    indexed: int = 0
    dead_lettered: int = 0
    batches: int = 0
    failures: list[str] = field(default_factory=list)


def build_actions(messages: Iterable[Message], alias: str, now: datetime) -> tuple[list[dict], list[DeadLetter]]:
    actions: list[dict] = []
    letters: list[DeadLetter] = []
    for msg in messages:
        value = msg.value() or b""
        source = f"{msg.topic()}[{msg.partition()}]@{msg.offset()}"
        try:
            req = CitizenRequest.from_json(value)
        except ValidationError as exc:
            letters.append(DeadLetter.of("sink:decode", describe_validation_error(exc), value, source=source))
            continue
        actions.append({"_op_type": "index", "_index": alias, "_id": req.request_id,
                        "_source": to_document(req, now)})
    return actions, letters


class IndexSink:
    def __init__(self, settings: Settings, *, group_id: str = "civicdesk-sink",
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.settings = settings
        self.alias = settings.index_alias
        self.clock = clock
        self.es = Elasticsearch(settings.es_url, request_timeout=30)
        self.consumer = Consumer({
            "bootstrap.servers": settings.kafka_servers,
            "group.id": group_id,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "client.id": "civicdesk-sink",
        })
        self.dlq = Producer(producer_config(settings.kafka_servers, **{"client.id": "civicdesk-sink-dlq"}))
        self.stats = SinkStats()
        self._running = True

    def stop(self, *_: object) -> None:
        self._running = False

    def run(self, max_idle_seconds: float | None = None) -> SinkStats:
        ensure_index(self.es, self.alias)
        self.consumer.subscribe([topics.CLASSIFIED])
        idle_since = time.monotonic()
        try:
            while self._running:
                batch = self._collect()
                if not batch:
                    if max_idle_seconds is not None and time.monotonic() - idle_since > max_idle_seconds:
                        break
                    continue
                idle_since = time.monotonic()
                self._index_until_acked(batch)
                self.consumer.commit(asynchronous=False)
        finally:
            self.consumer.close()
            self.dlq.flush(10)
        return self.stats

    def _collect(self) -> list[Message]:
        batch: list[Message] = []
        size = 0
        deadline = time.monotonic() + BATCH_SECONDS
        while len(batch) < BATCH_DOCS and size < BATCH_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            for msg in self.consumer.consume(BATCH_DOCS - len(batch), timeout=remaining):
                err = msg.error()
                if err is not None:
                    if err.code() != KafkaError._PARTITION_EOF:
                        log.warning("consumer error: %s", err)
                    continue
                batch.append(msg)
                size += len(msg.value() or b"")
        return batch

    def _index_until_acked(self, batch: list[Message]) -> None:
        actions, letters = build_actions(batch, self.alias, self.clock())
        delay = 0.5
        while True:
            try:
                failed = self._bulk(actions)
                break
            except (ESConnectionError, TransportError, ApiError, Retry) as exc:
                # Elasticsearch down or overloaded: keep the batch, do not commit, back off.
                log.warning("bulk of %d failed (%s); retrying in %.1f s", len(actions), exc, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
        for action, reason in failed:
            letters.append(DeadLetter.of("sink:index", reason, orjson_dumps(action["_source"]),
                                         request_id=action["_id"]))
        for letter in letters:
            self.dlq.produce(topics.DLQ, letter.to_json(), headers=standard_headers(stage=letter.stage))
        if letters:
            self.dlq.flush(10)
        self.stats.indexed += len(actions) - len(failed)
        self.stats.dead_lettered += len(letters)
        self.stats.batches += 1
        log.info("indexed %d, dead-lettered %d", len(actions) - len(failed), len(letters))

    def _bulk(self, actions: list[dict]) -> list[tuple[dict, str]]:
        failed: list[tuple[dict, str]] = []
        by_id = {a["_id"]: a for a in actions}
        for ok, item in helpers.streaming_bulk(self.es, actions, chunk_size=BATCH_DOCS, max_retries=5,
                                               initial_backoff=0.5, max_backoff=10, raise_on_error=False,
                                               raise_on_exception=True):
            if not ok:
                info = next(iter(item.values()))
                status = info.get("status", 0)
                if status == 429 or status >= 500:
                    raise Retry(f"bulk item {info.get('_id')} failed with {status}")
                failed.append((by_id[info.get("_id")], f"{status}: {info.get('error')}"))
        return failed


def orjson_dumps(obj: object) -> bytes:
    import orjson

    return orjson.dumps(obj)


def run_sink(settings: Settings) -> int:
    sink = IndexSink(settings)
    signal.signal(signal.SIGTERM, sink.stop)
    signal.signal(signal.SIGINT, sink.stop)
    sink.run()
    return 0
