"""The stream agents' output producer: confluent-kafka (librdkafka, C) instead of Faust's
aiokafka producer (pure Python) for the messages a batch writes to other topics.

Why: the worker writes ~5 output messages per request (stage topic, requests.classified, the
department feed, links, urgent/social copies) of ~2 KB. aiokafka spends ~40 us of Python per
message building and checksumming batches (measured on noida-db, 2 KB values); librdkafka does
it in its own thread. The stream tables' changelog writes go through it too
(streams.faust_tables.changelog_via), ~5 more small messages per request.

Delivery: `produce` never waits; `drain()` is awaited once per batch, before the batch is
acknowledged, and returns when every message produced so far is acknowledged by the broker
(`acks=all`, idempotent: civicdesk.kafka.producer_config). So an offset is only committed after
its outputs are written: at-least-once, as with Faust's own commit-time flush. A delivery
that fails after librdkafka's retries raises `Fatal`: continuing would acknowledge a batch
whose outputs were lost.
Keys are placed with murmur2 (producer_config), as Faust places them: the stage topic is
co-partitioned with the incident table Faust keeps for it.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Callable

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
        remaining = await asyncio.to_thread(self.producer.flush, self.delivery_timeout_s + 5)
        if self.failures or remaining:
            failures, self.failures = self.failures, []
            raise Fatal(f"{len(failures) + remaining} output messages not delivered: {failures[:3]}")

    def close(self) -> None:
        self.producer.flush(10)
