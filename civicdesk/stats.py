"""`civicdesk stats`: the pipeline's accounting, read from durable sources (topic offsets, the
dead-letter and link topics, the index), so it holds across restarts and workers:

    received = indexed + dropped redeliveries + dead-lettered

received       requests on requests.raw + payloads connectors could not normalise (DLQ)
indexed        request documents in the index (stubs of not-yet-indexed requests excluded)
redeliveries   distinct raw deliveries the stream dropped as seen before (requests.duplicates)
dead-lettered  requests.dlq records about requests (status-change rejections are not requests)
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Iterable

from confluent_kafka import Consumer, KafkaError, TopicPartition
from elasticsearch import Elasticsearch

from civicdesk.settings import Settings
from schemas import topics

# Dead letters that are about a status change or a console correction, not about a request.
NOT_REQUESTS = ("stream:status", "sink:status", "stream:correction")


@dataclass
class Accounting:
    raw: int = 0
    connector_rejected: int = 0
    indexed: int = 0
    redeliveries: int = 0
    dead_lettered: dict[str, int] = field(default_factory=dict)
    lag: dict[str, int] = field(default_factory=dict)

    @property
    def received(self) -> int:
        return self.raw + self.connector_rejected

    @property
    def dead_lettered_requests(self) -> int:
        return sum(n for stage, n in self.dead_lettered.items() if not stage.startswith(NOT_REQUESTS))

    @property
    def reconciles(self) -> bool:
        return self.received == self.indexed + self.redeliveries + self.dead_lettered_requests

    def to_dict(self) -> dict:
        return {**asdict(self), "received": self.received, "dead_lettered_requests": self.dead_lettered_requests,
                "reconciles": self.reconciles}

    def render(self) -> str:
        rows = [
            ("received", self.received, f"{self.raw} on requests.raw + {self.connector_rejected} rejected by connectors"),
            ("indexed", self.indexed, "request documents"),
            ("dropped redeliveries", self.redeliveries, "distinct deliveries seen before"),
            ("dead-lettered", self.dead_lettered_requests,
             ", ".join(f"{k} {v}" for k, v in sorted(self.dead_lettered.items())) or "none"),
        ]
        out = [f"{name:<22}{value:>8}   {note}" for name, value, note in rows]
        verdict = "reconciles" if self.reconciles else (
            f"DOES NOT reconcile: {self.received} != {self.indexed + self.redeliveries + self.dead_lettered_requests}")
        out.append(f"{'':<22}{'':>8}   received = indexed + redeliveries + dead-lettered: {verdict}")
        if self.lag:
            out.append("consumer lag: " + ", ".join(f"{g} {n}" for g, n in sorted(self.lag.items())))
        return "\n".join(out)


def _consumer(settings: Settings, group: str | None = None) -> Consumer:
    return Consumer({"bootstrap.servers": settings.kafka_servers, "group.id": group or f"civicdesk-stats-{uuid.uuid4().hex}",
                     "enable.auto.commit": False, "enable.partition.eof": True})


def _partitions(c: Consumer, topic: str) -> list[TopicPartition]:
    meta = c.list_topics(topic, timeout=10).topics.get(topic)
    if meta is None or meta.error is not None:
        return []
    return [TopicPartition(topic, p) for p in meta.partitions]


def message_count(c: Consumer, topic: str) -> int:
    total = 0
    for tp in _partitions(c, topic):
        low, high = c.get_watermark_offsets(tp, timeout=10)
        total += high - low
    return total


def read_all(c: Consumer, topic: str) -> Iterable[bytes]:
    parts = _partitions(c, topic)
    ends = {tp.partition: c.get_watermark_offsets(tp, timeout=10)[1] for tp in parts}
    todo = {p for p, end in ends.items() if end > 0}
    c.assign([TopicPartition(topic, tp.partition, 0) for tp in parts])
    while todo:
        msgs = c.consume(1000, timeout=2)
        if not msgs:
            break
        for m in msgs:
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    todo.discard(m.partition())
                continue
            yield m.value() or b""
            if m.offset() + 1 >= ends[m.partition()]:
                todo.discard(m.partition())


def group_lag(settings: Settings, group: str, topic_names: list[str]) -> int:
    c = _consumer(settings, group)
    try:
        lag = 0
        for topic in topic_names:
            parts = _partitions(c, topic)
            if not parts:
                continue
            for tp in c.committed(parts, timeout=10):
                high = c.get_watermark_offsets(tp, timeout=10)[1]
                lag += high - (tp.offset if tp.offset >= 0 else 0)
        return lag
    finally:
        c.close()


def collect(settings: Settings) -> Accounting:
    acc = Accounting()
    c = _consumer(settings)
    try:
        acc.raw = message_count(c, topics.RAW)
        stages: Counter[str] = Counter(json.loads(v)["stage"] for v in read_all(c, topics.DLQ))
    finally:
        c.close()
    acc.dead_lettered = dict(stages)
    acc.connector_rejected = sum(n for s, n in stages.items() if s.startswith("connector:"))
    c = _consumer(settings)
    try:
        sources = {(link.get("source") or link["request_id"]) for link in map(json.loads, read_all(c, topics.DUPLICATES))
                   if link.get("kind") == "redelivery"}
    finally:
        c.close()
    acc.redeliveries = len(sources)
    with Elasticsearch(settings.es_url) as es:
        es.indices.refresh(index=settings.index_alias)
        acc.indexed = es.count(index=settings.index_alias,
                               query={"bool": {"must_not": [{"term": {"pending": True}}]}})["count"]
    acc.lag = {
        settings.faust_app_id: group_lag(settings, settings.faust_app_id, [topics.RAW]),
        "civicdesk-sink": group_lag(settings, "civicdesk-sink", [topics.CLASSIFIED]),
    }
    return acc
