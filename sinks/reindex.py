"""`civicdesk reindex`: rebuild the index from the topics into a new versioned index, check the
count, swap the alias atomically, then replay what arrived meanwhile. Adapter.

    1. note each partition's end offset (the target) on requests.classified/.status/.duplicates
    2. read from the beginning to the targets into <alias>-v<N>-<UTC timestamp>, through the
       same planning and writer as the live sink (create/merge, scripted status updates)
    3. count check: the new index must hold every distinct request id read from the topic
    4. one update_aliases call moves the alias (and the write flag): readers never see no index
    5. catch-up: replay from the targets to the new end into the alias. The live sink wrote
       those into the old index before the swap; every action is idempotent, so replaying
       what the new index may already hold changes nothing.
The old index is kept (named in the report) unless --delete-old is given.
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Sequence, TextIO

from confluent_kafka import Consumer, KafkaError, TopicPartition
from elasticsearch import Elasticsearch

from civicdesk.settings import Settings
from schemas import topics
from sinks.batching import Batch, BatchLimits
from sinks.es_sink import SINK_TOPICS, BatchIndexer, Record, plan_batch
from sinks.index_admin import MAPPING_VERSION, load_mapping, versioned_name
from sinks.social_links import registry_name
from sinks.updates import Unusable, parse_request

log = logging.getLogger(__name__)

# Reindexing is a backfill: bigger batches than the live sink's 500 (no latency to protect).
REINDEX_LIMITS = BatchLimits(docs=2000, bytes=10 * 1024 * 1024, seconds=1.0)


@dataclass(frozen=True)
class ReindexResult:
    old_index: str | None
    new_index: str
    messages: int
    requests: int  # distinct request ids on the classified topic
    indexed: int  # documents in the new index after the swap (stubs excluded)
    caught_up: int  # messages replayed after the swap
    dead_lettered: int

    @property
    def ok(self) -> bool:
        return self.indexed >= self.requests


class Progress:
    """A one-line progress bar on stderr (no dependency)."""

    def __init__(self, total: int, out: TextIO = sys.stderr, width: int = 30) -> None:
        self.total = max(total, 1)
        self.out = out
        self.width = width
        self.started = time.monotonic()
        self.last = 0.0

    def update(self, done: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        frac = min(done / self.total, 1.0)
        bar = "#" * int(frac * self.width) + "." * (self.width - int(frac * self.width))
        rate = done / max(now - self.started, 1e-6)
        self.out.write(f"\r[{bar}] {done:,}/{self.total:,} messages  {rate:,.0f}/s")
        self.out.flush()

    def close(self, done: int) -> None:
        self.update(done, force=True)
        self.out.write("\n")


def end_offsets(consumer: Consumer, names: Sequence[str]) -> dict[tuple[str, int], tuple[int, int]]:
    """(topic, partition) -> (low, high) watermarks."""
    found: dict[tuple[str, int], tuple[int, int]] = {}
    meta = consumer.list_topics(timeout=10)
    for name in names:
        t = meta.topics.get(name)
        if t is None or t.error is not None:
            continue
        for pid in t.partitions:
            found[(name, pid)] = consumer.get_watermark_offsets(TopicPartition(name, pid), timeout=10)
    return found


def read_range(consumer: Consumer, start: dict[tuple[str, int], int], stop: dict[tuple[str, int], int],
               write: Callable[[list[Record]], None], on_progress: Callable[[int], None]) -> int:
    """Every message in [start, stop) of each partition, written in batches."""
    wanted = {tp: (s, stop[tp]) for tp, s in start.items() if stop[tp] > s}
    if not wanted:
        return 0
    consumer.assign([TopicPartition(t, p, s) for (t, p), (s, _) in wanted.items()])
    remaining = set(wanted)
    batch: Batch[Record] = Batch(REINDEX_LIMITS, time.monotonic)
    done = 0
    while remaining:
        for msg in consumer.consume(batch.room() or 1, timeout=0.5):
            err = msg.error()
            if err is not None:
                if err.code() != KafkaError._PARTITION_EOF:
                    raise RuntimeError(f"reading {msg.topic()}: {err}")
                # At the end of the log: a trailing transaction marker has an offset but no message.
                remaining.discard((msg.topic(), msg.partition()))
                continue
            tp = (msg.topic(), msg.partition())
            if tp not in remaining:
                continue
            if msg.offset() < wanted[tp][1]:
                batch.add(Record(msg.topic(), msg.value() or b"", f"{tp[0]}[{tp[1]}]@{msg.offset()}"),
                          len(msg.value() or b""))
                done += 1
            if msg.offset() + 1 >= wanted[tp][1]:
                remaining.discard(tp)
        if batch.due() or (not remaining and batch.items):
            write(batch.take())
            on_progress(done)
    consumer.unassign()
    return done


def reindex(settings: Settings, *, alias: str | None = None, sink_topics: Sequence[str] = SINK_TOPICS,
            delete_old: bool = False, out: TextIO = sys.stderr,
            clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> ReindexResult:
    alias = alias or settings.index_alias
    classified, status, duplicates, *rest = sink_topics
    corrections = rest[0] if rest else topics.CORRECTIONS_APPLIED
    satisfaction = rest[1] if len(rest) > 1 else topics.SATISFACTION
    es = Elasticsearch(settings.es_url, request_timeout=120)
    consumer = Consumer({"bootstrap.servers": settings.kafka_servers, "group.id": f"civicdesk-reindex-{uuid.uuid4().hex}",
                         "enable.auto.commit": False, "enable.partition.eof": True, "fetch.wait.max.ms": 100})
    try:
        old = list(es.indices.get_alias(name=alias).keys())[0] if es.indices.exists_alias(name=alias) else None
        new = versioned_name(alias, MAPPING_VERSION, suffix=f"-{clock():%Y%m%d%H%M%S%f}")
        body = load_mapping()
        es.indices.create(index=new, settings=body["settings"], mappings=body["mappings"])
        indexer = BatchIndexer(es, new, registry_name(alias))
        marks = end_offsets(consumer, sink_topics)
        request_ids: set[str] = set()
        letters = 0

        def write_into(index: str) -> Callable[[list[Record]], None]:
            def write(records: list[Record]) -> None:
                nonlocal letters
                now = clock()
                for r in records:
                    if r.topic == classified:
                        try:
                            request_ids.add(parse_request(r.value).request_id)
                        except Unusable:
                            pass
                plan = plan_batch(records, index, now, classified=classified, status=status, duplicates=duplicates,
                                  corrections=corrections, satisfaction=satisfaction)
                indexer.index = index
                letters += len(indexer.write(plan, now))
            return write

        total = sum(high - low for low, high in marks.values())
        bar = Progress(total, out)
        read = read_range(consumer, {tp: low for tp, (low, _) in marks.items()},
                          {tp: high for tp, (_, high) in marks.items()}, write_into(new), bar.update)
        bar.close(read)
        es.indices.refresh(index=new)
        indexed = count_requests(es, new)
        if indexed < len(request_ids):
            raise RuntimeError(f"count check failed: {indexed} documents in {new} for {len(request_ids)} requests; "
                               f"alias {alias} left on {old}")
        actions: list[dict] = [{"add": {"index": new, "alias": alias, "is_write_index": True}}]
        if old:
            actions.insert(0, {"remove": {"index": old, "alias": alias}})
        es.indices.update_aliases(actions=actions)
        log.info("alias %s moved from %s to %s", alias, old, new)
        after = end_offsets(consumer, sink_topics)
        caught = read_range(consumer, {tp: high for tp, (_, high) in marks.items()},
                            {tp: after.get(tp, (0, high))[1] for tp, (_, high) in marks.items()},
                            write_into(alias), lambda _: None)
        es.indices.refresh(index=new)
        indexed = count_requests(es, new)
        if delete_old and old:
            es.indices.delete(index=old)
        return ReindexResult(old, new, read, len(request_ids), indexed, caught, letters)
    finally:
        consumer.close()
        es.close()


def count_requests(es: Elasticsearch, index: str) -> int:
    return int(es.count(index=index, query={"bool": {"must_not": [{"term": {"pending": True}}]}})["count"])
