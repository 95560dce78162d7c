"""`civicdesk outbound`: consume `requests.outbound` in batches, send, publish the results.

Per batch: consume up to 100 messages -> settle them (batch.py) -> produce one
OutboundResult each to `requests.outbound.results` (and unreadable records to
`requests.dlq`) -> flush once -> record the settled ids -> commit the offsets once.
At-least-once: a crash after a send and before the ids are recorded sends that message
again on restart; everything settled before (sent, or refused for good) is skipped. A message
given up after transient failures is recorded as failed and may be published again.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from confluent_kafka import Consumer, KafkaError, Producer

from connectors.outbound.batch import BatchOutcome, Incoming, settle_batch
from connectors.outbound.delivery import RetryPolicy
from connectors.outbound.dispatch import Dispatcher
from connectors.outbound.sent_ids import SentIds
from civicdesk.errors import Retry
from civicdesk.kafka import ensure_topics, producer_config, standard_headers
from civicdesk.settings import Settings
from schemas.topics import DLQ, OUTBOUND, OUTBOUND_RESULTS, declare_topics

log = logging.getLogger(__name__)

# 100 per batch with 8 sends in flight: a batch whose every send retries for the full ~15 s
# policy takes ~190 s, inside librdkafka's default max.poll.interval.ms of 300 s.
BATCH_SIZE = 100
PARALLEL_SENDS = 8


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class WorkerStats:
    batches: int = 0
    sent: int = 0
    failed: int = 0
    already_sent: int = 0
    dead_lettered: int = 0

    def add(self, outcome: BatchOutcome) -> None:
        self.batches += 1
        self.sent += sum(r.ok for r in outcome.results)
        self.failed += sum(not r.ok for r in outcome.results)
        self.already_sent += outcome.already_sent
        self.dead_lettered += len(outcome.dead_letters)


def consumer_config(settings: Settings) -> dict[str, object]:
    return {"bootstrap.servers": settings.kafka_servers, "group.id": settings.outbound_group_id,
            "enable.auto.commit": False, "auto.offset.reset": "earliest", "client.id": "civicdesk-outbound"}


def run_outbound(settings: Settings, stop: threading.Event, *, dispatcher: Dispatcher | None = None,
                 now: Callable[[], datetime] = utc_now, sleep: Callable[[float], None] = time.sleep,
                 poll_timeout: float = 0.5) -> WorkerStats:
    """Run until `stop` is set; returns what was done."""
    ensure_topics(settings.kafka_servers, [s for s in declare_topics((), settings.topic_partitions)
                                           if s.name in (OUTBOUND, OUTBOUND_RESULTS, DLQ)])
    policy = RetryPolicy(settings.outbound_max_attempts, settings.outbound_backoff_seconds,
                         settings.outbound_backoff_max_seconds)
    dispatcher = dispatcher or Dispatcher(settings, now)
    sent_ids = SentIds(settings.data_dir / "outbound" / "settled-ids.txt")
    consumer = Consumer(consumer_config(settings))
    producer = Producer(producer_config(settings.kafka_servers, **{"client.id": "civicdesk-outbound"}))
    stats = WorkerStats()
    consumer.subscribe([OUTBOUND])
    log.info("outbound: consuming %s as %s (%d ids already settled)", OUTBOUND, settings.outbound_group_id,
             len(sent_ids))
    try:
        with ThreadPoolExecutor(PARALLEL_SENDS, thread_name_prefix="outbound-send") as pool:
            while not stop.is_set():
                batch = _consume(consumer, poll_timeout)
                if not batch:
                    continue
                outcome = settle_batch(batch, dispatcher.send, sent_ids, policy, now=now, sleep=sleep, pool=pool)
                _publish(producer, outcome)
                sent_ids.add_many(outcome.settled_ids())
                consumer.commit(asynchronous=False)
                stats.add(outcome)
                log.info("outbound batch of %d: sent=%d failed=%d already_sent=%d dead_lettered=%d",
                         len(batch), sum(r.ok for r in outcome.results), sum(not r.ok for r in outcome.results),
                         outcome.already_sent, len(outcome.dead_letters))
    finally:
        consumer.close()
        dispatcher.close()
    return stats


def _consume(consumer: Consumer, timeout: float) -> list[Incoming]:
    batch: list[Incoming] = []
    for msg in consumer.consume(BATCH_SIZE, timeout=timeout):
        err = msg.error()
        if err is not None:
            if err.code() == KafkaError._PARTITION_EOF:
                continue
            if err.fatal():
                raise Retry(f"outbound consumer: {err.str()}")
            log.warning("outbound consumer: %s", err.str())
            continue
        batch.append(Incoming(msg.value() or b"", f"{msg.topic()}[{msg.partition()}]@{msg.offset()}"))
    return batch


def _publish(producer: Producer, outcome: BatchOutcome) -> None:
    for result in outcome.results:
        producer.produce(OUTBOUND_RESULTS, key=result.request_id.encode(), value=result.to_json(),
                         headers=standard_headers(channel=result.channel.value, ok=str(result.ok).lower()))
    for dead in outcome.dead_letters:
        producer.produce(DLQ, value=dead.to_json(), headers=standard_headers(stage=dead.stage))
    left = producer.flush(15)
    if left:
        # Not committing: the batch is redelivered, and the settled-ids store keeps it from
        # being sent twice only after add_many, which we have not reached.
        raise Retry(f"outbound: {left} result records not acknowledged by Kafka within 15 s")
