"""A Faust table seen as the plain MutableMapping the pure dedup core expects.

Faust writes a table's changelog to the partition of the event being processed (its
`current_event`), and restores a partition's keys to whichever worker owns that partition
after a rebalance. So:
- writes must happen while an event is current: `events()` sets it per event; a batch from
  `take_events` does not (its events were buffered by another task), so the agents run each
  event's decisions inside `processing(event)`, and
- an expiry sweep must delete only keys written from the partition being processed; deleting
  another partition's key would put the tombstone on the wrong changelog partition and the
  key would come back at the next recovery. Each value is stored with the partition that
  wrote it, and deletes of other partitions' keys are left for when that partition is
  processed.
"""

from __future__ import annotations

import asyncio
import weakref
from contextlib import contextmanager
from typing import Any, Awaitable, Iterator, MutableMapping

import faust
from faust import current_event
from faust import streams as faust_streams
from faust.types import TP

# Faust has no public setter for the current event: its streams set this ContextVar per event
# (faust/streams.py, `Stream._set_current_event`), and tables read it via `current_event()`.
# Checked at import so a Faust upgrade that renames it fails loudly, not by misfiling state.
_CURRENT_EVENT = getattr(faust_streams, "_current_event", None)
if _CURRENT_EVENT is None:  # pragma: no cover - depends on the installed Faust
    raise ImportError("faust.streams._current_event is gone: streams.faust_tables.processing needs updating")


@contextmanager
def processing(event: Any) -> Iterator[None]:
    """Make `event` Faust's current event for the block: table writes inside go to the
    changelog partition of `event`'s partition, and `current_event()` returns it."""
    token = _CURRENT_EVENT.set(weakref.ref(event))
    try:
        yield
    finally:
        _CURRENT_EVENT.reset(token)


def _current_partition() -> int | None:
    event = current_event()
    return event.message.partition if event is not None else None


class PartitionScopedTable(MutableMapping[str, Any]):
    def __init__(self, table: Any) -> None:
        self.table = table

    def __getitem__(self, key: str) -> Any:
        stored = self.table[key]
        if stored is None:
            raise KeyError(key)
        return stored[1]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        stored = self.table.get(key)
        return default if stored is None else stored[1]

    def __setitem__(self, key: str, value: Any) -> None:
        self.table[key] = [_current_partition(), value]

    def __delitem__(self, key: str) -> None:
        stored = self.table.get(key)
        if stored is None:
            raise KeyError(key)
        if stored[0] is None or stored[0] == _current_partition():
            del self.table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.table.keys()))

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        """A snapshot, read from the store in one pass: the expiry sweeps read every entry,
        and the MutableMapping default (one `__getitem__`, with Faust's key-get hooks, per
        key) made a sweep of 50,000 keys cost ~0.2 s (bench/bench_stream.py)."""
        return [(k, stored[1]) for k, stored in list(self.table.items()) if stored is not None]

    def __len__(self) -> int:
        return len(self.table)

    def __contains__(self, key: object) -> bool:
        return self.table.get(key) is not None


async def run_to_completion(work: Awaitable[None]) -> None:
    """Finish the work of a batch or event even when the worker is stopping.

    Faust acknowledges a batch from `take_events` (and the current event of `events()`) when
    the agent's iteration is closed, also when it is closed by cancellation mid-processing:
    without this, a graceful stop or rebalance would commit offsets of events whose outputs
    were never sent. Shielded, the work completes and only then is the cancellation raised.
    """
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise


class _Sent:
    """What Faust's `Table.on_key_set` reads back from `send_changelog`: the partition."""

    __slots__ = ("message", "partition")

    def __init__(self, partition: int) -> None:
        self.message = self
        self.partition = partition


class _ChangelogViaProducer:
    """Mixin for a Faust table whose changelog writes go through `changelog_producer`
    (streams.batch_producer.BatchProducer: librdkafka) instead of Faust's aiokafka producer.

    Faust's own path costs ~0.25 ms of Python per write and makes a batch wait whenever an
    aiokafka batch is full (bench/bench_stream.py: flushing the writes of a batch took longer
    than deciding it). The bytes are what Faust writes (its serializers, the event's partition),
    so Faust's recovery and standbys read them unchanged. Only for tables written inside the
    batched agents, which drain the producer before a batch is acknowledged; the offsets the
    broker acknowledged are handed to the store afterwards (`persist_offsets`), as Faust does
    from its delivery callback (RocksDB resumes recovery from them).
    """

    changelog_producer: Any = None

    def send_changelog(self, partition: int | None, key: Any, value: Any,
                       key_serializer: Any = None, value_serializer: Any = None) -> Any:
        if partition is None:  # only with use_partitioner, which these tables do not set
            raise TypeError(f"table {self.name}: changelog write without a partition")  # type: ignore[attr-defined]
        serializers = self.app.serializers  # type: ignore[attr-defined]
        key_bytes = serializers.dumps_key(self.key_type, key,  # type: ignore[attr-defined]
                                          serializer=key_serializer or self.key_serializer)  # type: ignore[attr-defined]
        value_bytes = None if value is None else serializers.dumps_value(
            self.value_type, value, serializer=value_serializer or self.value_serializer)  # type: ignore[attr-defined]
        self.changelog_producer.produce(self.changelog_topic_name, value_bytes, key_bytes,  # type: ignore[attr-defined]
                                        partition=partition, on_delivered=self._acknowledged)
        return _Sent(partition)

    def _acknowledged(self, partition: int, offset: int) -> None:
        # Called from the draining thread: a dict store (atomic under the GIL), applied later.
        acked = self.__dict__.setdefault("_acked_offsets", {})
        acked[partition] = max(offset, acked.get(partition, -1))

    def persist_offsets(self) -> None:
        acked = self.__dict__.pop("_acked_offsets", None)
        for partition, offset in (acked or {}).items():
            self.data.set_persisted_offset(TP(self.changelog_topic_name, partition), offset)  # type: ignore[attr-defined]


class ChangelogViaProducerTable(_ChangelogViaProducer, faust.Table):  # type: ignore[misc]
    pass


class ChangelogViaProducerGlobalTable(_ChangelogViaProducer, faust.GlobalTable):  # type: ignore[misc]
    pass


def changelog_via(app: Any, producer: Any, name: str, *, partitions: int, global_: bool = False) -> Any:
    """A table like `app.Table(name, default=None, partitions=...)` (or GlobalTable) whose
    changelog writes go through `producer`; registered with the app as `app.Table` does."""
    cls = ChangelogViaProducerGlobalTable if global_ else ChangelogViaProducerTable
    table = cls(app, name=name, default=None, beacon=app.tables.beacon, partitions=partitions)
    table.changelog_producer = producer
    return app.tables.add(table)
