"""The one Kafka path: topic creation and an asyncio-friendly producer over confluent-kafka.

Embedded (noida-db) and production (Apache Kafka) differ only in `bootstrap.servers`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from dataclasses import dataclass
from typing import Iterable, Sequence

from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic

from civicdesk.errors import Retry
from schemas.request import SCHEMA_VERSION
from schemas.topics import TopicSpec

log = logging.getLogger(__name__)

Headers = list[tuple[str, bytes]]


def producer_config(bootstrap: str, **extra: object) -> dict[str, object]:
    return {
        "bootstrap.servers": bootstrap,
        # Idempotent producer: a retried send after a lost ack does not write twice.
        "enable.idempotence": True,
        "acks": "all",
        # 5 ms lets concurrent webhooks share one produce request without a visible delay.
        "linger.ms": 5,
        # librdkafka's default (consistent_random, CRC32) places a key on a different partition
        # than Faust/aiokafka and the Java client (murmur2). The lifecycle agent joins
        # requests.classified (written by Faust) with requests.status (written here) by key, so
        # both sides must agree or a status change meets an empty table on another worker.
        "partitioner": "murmur2_random",
        "client.id": "civicdesk",
        **extra,
    }


def ensure_topics(bootstrap: str, specs: Iterable[TopicSpec], timeout: float = 15.0) -> list[str]:
    specs = list(specs)
    """Create missing topics; existing ones are left alone. Returns the names created."""
    admin = AdminClient({"bootstrap.servers": bootstrap})
    try:
        metadata = admin.list_topics(timeout=timeout).topics
    except KafkaException as exc:
        raise Retry(f"Kafka at {bootstrap} is not reachable: {exc}") from exc
    existing = set(metadata)
    for spec in specs:
        found = metadata.get(spec.name)
        if found is not None and len(found.partitions) != spec.partitions:
            # Faust refuses tables whose changelog partitions differ from the source topic's;
            # say so here, at start, in words an operator can act on.
            log.warning("topic %s has %d partitions, declared %d: recreate it or set CIVICDESK_TOPIC_PARTITIONS=%d",
                        spec.name, len(found.partitions), spec.partitions, len(found.partitions))
    new = [NewTopic(s.name, num_partitions=s.partitions, replication_factor=-1, config=dict(s.config))
           for s in specs if s.name not in existing]
    created: list[str] = []
    if not new:
        return created
    for name, fut in admin.create_topics(new, request_timeout=timeout).items():
        try:
            fut.result(timeout)
            created.append(name)
        except KafkaException as exc:
            err = exc.args[0] if exc.args else None
            if isinstance(err, KafkaError) and err.code() == KafkaError.TOPIC_ALREADY_EXISTS:
                continue  # another process created it first: that is the idempotent outcome
            raise
    log.info("created %d topics: %s", len(created), ", ".join(sorted(created)))
    return created


def standard_headers(trace_id: str | None = None, **extra: str | None) -> Headers:
    headers: Headers = [
        ("schema-version", str(SCHEMA_VERSION).encode()),
        ("trace-id", (trace_id or uuid.uuid4().hex).encode()),
    ]
    headers.extend((k.replace("_", "-"), v.encode()) for k, v in extra.items() if v is not None)
    return headers


def header_value(headers: object, name: str) -> str | None:
    """A header's value from a list of pairs (confluent-kafka) or a mapping (Faust)."""
    if not headers:
        return None
    items = headers.items() if hasattr(headers, "items") else headers  # type: ignore[union-attr]
    for key, value in items:  # type: ignore[union-attr]
        if key == name:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None


@dataclass(frozen=True)
class Record:
    topic: str
    key: bytes | None
    value: bytes
    headers: Headers


class AsyncProducer:
    """confluent-kafka Producer with a polling thread and awaitable delivery.

    `send_many` hands a batch to librdkafka and awaits the delivery reports of that batch only
    (never a flush, which would also wait for every other webhook's messages), so a webhook
    answers once Kafka has its request (at-least-once). The batch shares one future, settled
    from the polling thread when its last report arrives: one cross-thread wake-up per batch,
    not per message, and no extra task for the timeout (a timer on the loop instead).
    Batching across concurrent webhooks is librdkafka's `linger.ms` (5 ms, producer_config).
    """

    def __init__(self, config: dict[str, object]) -> None:
        self._producer = Producer(config)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll_loop, name="kafka-producer-poll", daemon=True)
        self._thread.start()

    def _poll_loop(self) -> None:
        # poll() returns as soon as a delivery report is served; 50 ms only bounds how late a
        # stop is noticed.
        while not self._stop.is_set():
            self._producer.poll(0.05)

    async def send_many(self, records: Sequence[Record], timeout: float = 10.0) -> None:
        if not records:
            return
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        outstanding = [len(records)]
        failures: list[str] = []

        def on_delivery(err: KafkaError | None, msg: object) -> None:
            # Runs on the polling thread, one report at a time: the counter needs no lock.
            if err is not None:
                failures.append(err.str())
            outstanding[0] -= 1
            if outstanding[0] == 0:
                result = Retry(f"Kafka delivery failed: {failures[0]}") if failures else None
                loop.call_soon_threadsafe(_settle, done, result)

        produce = self._producer.produce
        for rec in records:
            try:
                produce(rec.topic, value=rec.value, key=rec.key, headers=rec.headers, on_delivery=on_delivery)
            except BufferError as exc:
                raise Retry("producer queue full", retry_after=0.5) from exc
            except KafkaException as exc:
                raise Retry(f"Kafka produce failed: {exc}") from exc
        timer = loop.call_later(timeout, _settle, done,
                                Retry(f"Kafka did not acknowledge {len(records)} records within {timeout:.0f} s"))
        try:
            await done
        finally:
            timer.cancel()

    def flush(self, timeout: float = 10.0) -> int:
        return self._producer.flush(timeout)

    def close(self, timeout: float = 10.0) -> None:
        self.flush(timeout)
        self._stop.set()
        self._thread.join(timeout=2)


def _settle(fut: asyncio.Future[None], exc: Exception | None) -> None:
    if fut.done():
        return
    if exc is None:
        fut.set_result(None)
    else:
        fut.set_exception(exc)
