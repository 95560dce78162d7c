"""Unique sink topics per test on the session broker, so tests never read each other's records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from confluent_kafka import Consumer, Producer, TopicPartition

from civicdesk.kafka import ensure_topics
from schemas.topics import TopicSpec


@dataclass(frozen=True)
class SinkTopics:
    classified: str
    status: str
    duplicates: str
    dlq: str

    @property
    def sink(self) -> tuple[str, str, str]:
        return (self.classified, self.status, self.duplicates)


def make_topics(bootstrap: str, partitions: int = 3) -> SinkTopics:
    tag = uuid.uuid4().hex[:8]
    names = SinkTopics(f"t-{tag}.classified", f"t-{tag}.status", f"t-{tag}.duplicates", f"t-{tag}.dlq")
    ensure_topics(bootstrap, [TopicSpec(n, partitions) for n in
                              (names.classified, names.status, names.duplicates, names.dlq)])
    return names


def produce(bootstrap: str, topic: str, values: list[tuple[bytes | None, bytes]]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for key, value in values:
        producer.produce(topic, value, key=key)
    assert producer.flush(10) == 0


def committed_lag(bootstrap: str, group: str, topics: tuple[str, ...]) -> int:
    """Messages not yet covered by the group's committed offsets."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        lag = 0
        for topic in topics:
            parts = consumer.list_topics(topic, timeout=10).topics[topic].partitions
            tps = [TopicPartition(topic, p) for p in parts]
            for tp in consumer.committed(tps, timeout=10):
                low, high = consumer.get_watermark_offsets(tp, timeout=10)
                lag += high - (tp.offset if tp.offset >= 0 else low)
        return lag
    finally:
        consumer.close()
