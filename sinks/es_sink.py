"""The index sink: requests.classified, requests.status.accepted, requests.duplicates and
requests.corrections.applied -> Elasticsearch,
in bulk, Kafka offsets committed only after every document of the batch is acknowledged.

Batches are bounded by count, bytes and time (sinks.batching). Records that can never be
indexed (undecodable, or a document Elasticsearch rejects with a 4xx such as a mapping
conflict) go to requests.dlq with the reason; 429, 5xx and connection errors are retried with
backoff by `BulkWriter` without committing, so nothing is lost. No refresh is requested or
awaited per batch: the index refreshes on its own every `REFRESH_INTERVAL`, set at start.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

import orjson
from confluent_kafka import Consumer, KafkaError, Message, Producer
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.serializer import OrjsonSerializer

from civicdesk import metrics
from civicdesk.kafka import producer_config, standard_headers
from civicdesk.settings import Settings
from schemas import topics
from schemas.events import DeadLetter
from schemas.request import CitizenRequest
from sinks.batching import Batch, BatchLimits
from sinks.bulk_writer import MAX_BACKOFF_SECONDS, BulkWriter
from sinks.documents import to_document
from sinks.index_admin import ensure_index, load_mapping
from sinks.social_links import SocialLinks, registry_name
from sinks.updates import (STATUS_SCRIPT, Unusable, correction_action, create_action, link_actions, parse_correction, parse_link,
                           parse_request, parse_satisfaction, parse_status, satisfaction_action, status_action)

log = logging.getLogger(__name__)

# Status changes are applied once the lifecycle agent accepted them (streams/lifecycle_agent.py).
# Corrections likewise once the lifecycle agent applied them (streams/corrections.py). The fourth
# topic is optional for callers that pass their own three (tests, older scripts).
# Satisfaction answers (streams.satisfaction_intake) are the optional fifth.
SINK_TOPICS = (topics.CLASSIFIED, topics.STATUS_ACCEPTED, topics.DUPLICATES, topics.CORRECTIONS_APPLIED,
               topics.SATISFACTION)

# Webhook to searchable must stay under 1 s at p99 (issue 5). Budget: answer ~50 ms, worker
# (classify, route) ~200 ms, batch linger 200 ms (sinks.batching), registry mget + bulk ~50 ms,
# then the wait for the next refresh: up to this interval. Elasticsearch's default of 1 s alone
# would use the whole budget; 250 ms is 4 small refreshes a second, ~50 new documents each at
# 200 requests/s, cheap for the engine. Set at start on the live index (a dynamic setting), so an
# index created earlier with the mapping file's 1 s follows too.
REFRESH_INTERVAL = "250ms"


@dataclass
class SinkStats:
    indexed: int = 0
    updated: int = 0
    dead_lettered: int = 0
    batches: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Record:
    """What the sink needs of a Kafka message (also built from plain tuples in the reindex)."""

    topic: str
    value: bytes
    source: str


def record_of(msg: Message) -> Record:
    return Record(msg.topic(), msg.value() or b"", f"{msg.topic()}[{msg.partition()}]@{msg.offset()}")


@dataclass
class Plan:
    docs: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    letters: list[DeadLetter] = field(default_factory=list)


DueAt = Callable[[CitizenRequest], "datetime | None"]


def plan_batch(records: Iterable[Record], index: str, now: datetime, *, classified: str = topics.CLASSIFIED,
               status: str = topics.STATUS_ACCEPTED, duplicates: str = topics.DUPLICATES,
               due_at: DueAt | None = None, corrections: str = topics.CORRECTIONS_APPLIED,
               satisfaction: str = topics.SATISFACTION) -> Plan:
    """Decode a batch into documents, partial updates and dead letters. Pure.
    `due_at` gives a request's response-time deadline (the console's overdue view)."""
    plan = Plan()
    for rec in records:
        try:
            if rec.topic == classified:
                req = parse_request(rec.value)
                doc = to_document(req, now)
                due = due_at(req) if due_at else None
                if due is not None:
                    doc["due_at"] = due.isoformat()
                plan.docs.append(doc)
            elif rec.topic == status:
                plan.updates.append(status_action(index, parse_status(rec.value), now))
            elif rec.topic == duplicates:
                plan.updates.extend(link_actions(index, parse_link(rec.value)))
            elif rec.topic == satisfaction:
                plan.updates.append(satisfaction_action(index, parse_satisfaction(rec.value), now))
            elif rec.topic == corrections:
                plan.updates.append(correction_action(index, parse_correction(rec.value), now))
            else:
                raise Unusable(f"no handler for topic {rec.topic}")
        except Unusable as exc:
            plan.letters.append(DeadLetter.of("sink:decode", str(exc), rec.value, source=rec.source, at=now))
    fold_status_changes(plan)
    return plan


def fold_status_changes(plan: Plan) -> None:
    """Apply status changes for requests created in the same batch to their documents, in place.

    The worker publishes a request and its `routed` change together, so most batches hold both;
    as a scripted update each costs the engine a read-modify-write (measured on noida-db: 3.3 ms
    of engine CPU per request with the update, 1.2 ms without, and three times the bulk's wall
    time). Folded, the document is created with the change already in its history. Same result
    as STATUS_SCRIPT run after the create (tests/sinks/test_sink_fold.py holds them equal), and
    under replay the create's 409 -> merge keeps the newer status and unions the history as before.
    Updates are applied after documents anyway, so folding does not reorder anything."""
    docs = {d["request_id"]: d for d in plan.docs}
    if not docs:
        return
    kept = []
    for action in plan.updates:
        doc = docs.get(action["_id"]) if action["_op_type"] == "update" else None
        if doc is None or action["script"]["source"] != STATUS_SCRIPT:
            kept.append(action)
            continue
        entry, now = action["script"]["params"]["e"], action["script"]["params"]["now"]
        history = doc.get("status_history") or []
        doc["status_history"] = history
        if all(h.get("key") != entry["key"] for h in history):
            history.append(entry)
            if now is not None:
                doc["updated_at"] = now
        if doc.get("status_seq") is None or entry["seq"] >= doc["status_seq"]:
            doc["status"], doc["status_changed_at"], doc["status_seq"] = entry["status"], entry["at"], entry["seq"]
    plan.updates[:] = kept


class BatchIndexer:
    """Writes one planned batch: documents first (create, merge on 409), then partial updates,
    so a status change that arrives with its request applies on top of it."""

    def __init__(self, es: Elasticsearch, index: str, registry: str, writer: BulkWriter | None = None) -> None:
        self.es = es
        self.index = index
        self.writer = writer or BulkWriter(es)
        self.social = SocialLinks(es, index, registry)

    def write(self, plan: Plan, now: datetime) -> list[DeadLetter]:
        registration = self.social.flag(plan.docs) if plan.docs else None
        actions = [create_action(self.index, d) for d in plan.docs] + plan.updates
        rejected = self.writer.write(actions)
        if registration is not None:
            self.social.register(registration)
        letters = list(plan.letters)
        for r in rejected:
            body = r.action.get("_source") or r.action.get("script", {}).get("params", {})
            letters.append(DeadLetter.of("sink:index", r.reason, orjson.dumps(body), request_id=r.action["_id"], at=now))
        return letters


class IndexSink:
    def __init__(self, settings: Settings, *, group_id: str = "civicdesk-sink", index: str | None = None,
                 registry: str | None = None, sink_topics: Sequence[str] = SINK_TOPICS, dlq_topic: str = topics.DLQ,
                 limits: BatchLimits = BatchLimits(),
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.settings = settings
        self.index = index or settings.index_alias
        self.topics = tuple(sink_topics)
        self.dlq_topic = dlq_topic
        self.limits = limits
        self.clock = clock
        # orjson for the bulk bodies: the standard library's encoder was ~6 % of the sink's CPU.
        self.es = Elasticsearch(settings.es_url, request_timeout=30, serializer=OrjsonSerializer())
        self.due_at = response_deadline(settings)
        self.consumer = Consumer({
            "bootstrap.servers": settings.kafka_servers,
            "group.id": group_id,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "client.id": "civicdesk-sink",
            "fetch.wait.max.ms": 50,
        })
        self.dlq = Producer(producer_config(settings.kafka_servers, **{"client.id": "civicdesk-sink-dlq"}))
        self.indexer = BatchIndexer(self.es, self.index, registry or registry_name(settings.index_alias))
        self.stats = SinkStats()
        self._running = True

    def stop(self, *_: object) -> None:
        self._running = False

    def run(self, max_idle_seconds: float | None = None) -> SinkStats:
        if self.index == self.settings.index_alias:
            ensure_index(self.es, self.index)
            # Fields added to the strict mapping since the index was created (updated_at, corrections,
            # ...): adding fields is allowed in place and a no-op when present; without it every
            # status change would be refused by an index created by an older version.
            self.es.indices.put_mapping(index=self.index, properties=load_mapping()["mappings"]["properties"])
        self.es.options(ignore_status=404).indices.put_settings(
            index=self.index, settings={"index": {"refresh_interval": REFRESH_INTERVAL}})
        self.consumer.subscribe(list(self.topics))
        idle_since = time.monotonic()
        try:
            while self._running:
                batch = self._collect()
                if not batch:
                    if max_idle_seconds is not None and time.monotonic() - idle_since > max_idle_seconds:
                        break
                    continue
                idle_since = time.monotonic()
                self._write(batch)
                # Only now: every document of the batch is acknowledged or dead-lettered.
                self.consumer.commit(asynchronous=False)
        finally:
            self.consumer.close()
            self.dlq.flush(10)
            self.es.close()
        return self.stats

    def _collect(self) -> list[Record]:
        batch: Batch[Record] = Batch(self.limits, time.monotonic)
        deadline = time.monotonic() + self.limits.seconds
        while not batch.full():
            remaining = batch.remaining_seconds() if batch.items else deadline - time.monotonic()
            if remaining <= 0:
                break
            for msg in self.consumer.consume(batch.room(), timeout=remaining):
                err = msg.error()
                if err is not None:
                    if err.code() != KafkaError._PARTITION_EOF:
                        log.warning("consumer error: %s", err)
                    continue
                batch.add(record_of(msg), len(msg.value() or b""))
            if batch.due():
                break
        return batch.take()

    def _write(self, batch: list[Record]) -> None:
        started = time.perf_counter()
        now = self.clock()
        c, s, d, *rest = self.topics
        plan = plan_batch(batch, self.index, now, classified=c, status=s, duplicates=d, due_at=self.due_at,
                          corrections=rest[0] if rest else topics.CORRECTIONS_APPLIED,
                          satisfaction=rest[1] if len(rest) > 1 else topics.SATISFACTION)
        letters = self._write_until_acked(plan, now)
        for letter in letters:
            self.dlq.produce(self.dlq_topic, letter.to_json(), key=(letter.request_id or "").encode() or None,
                             headers=standard_headers(stage=letter.stage))
            log.warning("dead-lettered %s (%s): %s", letter.request_id or letter.source, letter.stage, letter.reason)
        if letters and self.dlq.flush(10) > 0:
            raise RuntimeError("dead letters not delivered within 10 s; not committing")
        self.stats.indexed += len(plan.docs)
        self.stats.updated += len(plan.updates)
        self.stats.dead_lettered += len(letters)
        self.stats.batches += 1
        log.info("batch %d: %d documents, %d updates, %d dead-lettered in %.0f ms", self.stats.batches,
                 len(plan.docs), len(plan.updates), len(letters), (time.perf_counter() - started) * 1000)
        observe_indexed(plan.docs, self.clock())


    def _write_until_acked(self, plan: Plan, now: datetime) -> list[DeadLetter]:
        """BulkWriter retries the bulk itself; this covers the registry lookups around it. Every
        action is idempotent, so writing the whole batch again is safe."""
        delay = 0.5
        while True:
            try:
                return self.indexer.write(plan, now)
            except (ESConnectionError, TransportError) as exc:
                log.warning("batch of %d documents failed (%s); retrying in %.1f s", len(plan.docs), exc, delay)
            except ApiError as exc:
                if exc.meta.status != 429 and exc.meta.status < 500:
                    raise
                log.warning("batch refused with %d; retrying in %.1f s", exc.meta.status, delay)
            time.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)


def response_deadline(settings: Settings) -> DueAt:
    """Deadline of a routed request from its department's target (business hours where set)."""
    from classifiers import load_taxonomy
    from streams.sla import BusinessCalendar, due_at

    targets = {d.code: d.response_target for d in load_taxonomy(settings.taxonomy_profile).departments}
    calendar = BusinessCalendar.load(settings.business_calendar)

    def deadline(req: CitizenRequest) -> datetime | None:
        target = targets.get(req.department or "")
        if target is None or req.duplicate_of or req.answer_to:  # an answer is closed on arrival
            return None
        return due_at(req.received_at, target, calendar if target.business_hours else None)

    return deadline


def observe_indexed(docs: list[dict[str, Any]], now: datetime) -> None:
    for doc in docs:
        received = doc.get("received_at")
        if isinstance(received, str):
            try:
                seconds = (now - datetime.fromisoformat(received.replace("Z", "+00:00"))).total_seconds()
            except ValueError:
                continue
            metrics.WEBHOOK_TO_INDEXED.observe(max(0.0, seconds))


def run_sink(settings: Settings) -> int:
    metrics.serve_metrics(settings.sink_metrics_port)
    sink = IndexSink(settings)
    signal.signal(signal.SIGTERM, sink.stop)
    signal.signal(signal.SIGINT, sink.stop)
    sink.run()
    return 0
