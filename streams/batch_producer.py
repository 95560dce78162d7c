"""The stream agents' output producer: confluent-kafka (librdkafka, C) instead of Faust's
aiokafka producer (pure Python) for the messages a batch writes to other topics.

Why: the worker writes ~5 output messages per request (stage topic, requests.classified, the
department feed, links, urgent/social copies) of ~2 KB. aiokafka spends ~40 us of Python per
message building and checksumming batches (measured on noida-db, 2 KB values); librdkafka does
it in its own thread. The stream tables' changelog writes go through it too
(streams.faust_tables.changelog_via), ~5 more small messages per request.

Delivery: `produce` never waits. An agent produces a batch's messages before the batch is
acknowledged, and `FlushBeforeCommit` (a Faust sensor) flushes the producer when Faust starts
an offset commit, before it picks the offsets (acknowledged events only; the same order as
Faust's own producer flush there). So an offset is committed only after the outputs of its
event are written (`acks=all`, idempotent: civicdesk.kafka.producer_config): at least once,
without waiting a broker round trip per batch (~50 ms a batch on the shared box). A delivery
that fails after librdkafka's retries raises `Fatal` from the commit: the worker stops
instead of committing offsets whose outputs were lost.
Keys are placed with murmur2 (producer_config), as Faust places them: the stage topic is
co-partitioned with the incident table Faust keeps for it.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, Callable

import faust

from confluent_kafka import KafkaError, Message, Producer

from civicdesk.errors import Fatal
from civicdesk.kafka import producer_config

Headers = list[tuple[str, bytes]]

# A batch is at most 500 requests x ~6 messages: 100,000 leaves room for both agents and a
# slow broker before `produce` has to wait for space.
QUEUE_MESSAGES = 100_000
# librdkafka retries a failed send until this (ms); past it the worker stops (see above).
DELIVERY_TIMEOUT_MS = 120_000


class BatchProducer:
    def __init__(self, bootstrap: str, client_id: str = "civicdesk-worker",
                 delivery_timeout_ms: int = DELIVERY_TIMEOUT_MS) -> None:
        self.delivery_timeout_s = delivery_timeout_ms / 1000
        self.producer = Producer(producer_config(
            bootstrap, **{"client.id": client_id, "queue.buffering.max.messages": QUEUE_MESSAGES,
                          "delivery.timeout.ms": delivery_timeout_ms}))
        self.failures: list[str] = []
        self.sent = 0

    def produce(self, topic: str, value: bytes | None, key: bytes | None = None, headers: Headers | None = None,
                partition: int | None = None, on_delivered: Callable[[int, int], None] | None = None) -> None:
        """`partition` None: murmur2 of the key. `on_delivered(partition, offset)` is called from
        the thread that drains, once the broker acknowledged the message."""
        callback = self._delivered if on_delivered is None else partial(self._delivered, on_delivered=on_delivered)
        where = {} if partition is None else {"partition": partition}
        while True:
            try:
                self.producer.produce(topic, value=value, key=key, headers=headers, on_delivery=callback, **where)
                self.sent += 1
                return
            except BufferError:
                # The local queue is full (the broker is behind): serve delivery reports until
                # there is room. Blocks this worker's loop, which is the backpressure we want.
                self.producer.poll(0.05)

    def _delivered(self, err: KafkaError | None, msg: Message,
                   on_delivered: Callable[[int, int], None] | None = None) -> None:
        if err is not None:
            self.failures.append(f"{msg.topic()}: {err}")
        elif on_delivered is not None:
            on_delivered(msg.partition(), msg.offset())

    async def drain(self) -> None:
        """Wait, off the event loop, until everything produced so far is acknowledged."""
        self._check(await asyncio.to_thread(self.producer.flush, self.delivery_timeout_s + 5))

    def flush(self) -> None:
        """Block until everything produced so far is acknowledged (before an offset commit)."""
        self._check(self.producer.flush(self.delivery_timeout_s + 5))

    def _check(self, remaining: int) -> None:
        if self.failures or remaining:
            failures, self.failures = self.failures, []
            raise Fatal(f"{len(failures) + remaining} output messages not delivered: {failures[:3]}")

    def close(self) -> None:
        self.producer.flush(10)


class FlushBeforeCommit(faust.Sensor):
    """Faust calls `on_commit_initiated` synchronously right before it computes the offsets to
    commit (faust/transport/consumer.py, `force_commit`): every acknowledged event's outputs
    were produced by then, so one blocking flush here covers them. It blocks the event loop for
    one broker round trip per commit (every 2.8 s), instead of one per batch."""

    def __init__(self, producer: BatchProducer, after_flush: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.producer = producer
        self.after_flush = after_flush

    def on_commit_initiated(self, consumer: Any) -> Any:
        self.producer.flush()
        self.after_flush()
        return super().on_commit_initiated(consumer)
