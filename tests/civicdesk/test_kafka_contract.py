"""Kafka behaviour civicdesk relies on, checked on two independent implementations of the
protocol (noida-db and Tansu): behaviour that passes on both is more likely to be Apache
Kafka's. Tansu completes a group join only after half of session.timeout.ms, so 6 s there."""

from __future__ import annotations

import time
import uuid

import pytest
from confluent_kafka import Consumer, KafkaError, Producer
from confluent_kafka.admin import AdminClient

from civicdesk.kafka import ensure_topics, producer_config, standard_headers
from schemas.topics import TopicSpec

pytestmark = pytest.mark.slow

SESSION_MS = 6000


@pytest.fixture(params=["noida", "tansu"])
def bootstrap(request: pytest.FixtureRequest) -> str:
    if request.param == "noida":
        return request.getfixturevalue("noida").bootstrap
    return request.getfixturevalue("tansu")


def consumer(bootstrap: str, group: str, **extra: object) -> Consumer:
    return Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                     "enable.auto.commit": False, "session.timeout.ms": SESSION_MS,
                     "heartbeat.interval.ms": 500, "fetch.wait.max.ms": 10, **extra})


def assigned_after(c: Consumer, want: int | None, timeout: float = 30) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        c.poll(0.2)
        parts = {tp.partition for tp in c.assignment()}
        if parts and (want is None or len(parts) == want):
            return parts
    return {tp.partition for tp in c.assignment()}


def new_topic(bootstrap: str, partitions: int = 4) -> str:
    name = f"contract.{uuid.uuid4().hex[:10]}"
    created = ensure_topics(bootstrap, [TopicSpec(name, partitions)])
    assert created == [name]
    return name


def test_topics_are_created_with_their_partition_count_and_idempotently(bootstrap: str) -> None:
    name = new_topic(bootstrap, partitions=3)
    assert ensure_topics(bootstrap, [TopicSpec(name, 3)]) == []  # second start: nothing to do
    meta = AdminClient({"bootstrap.servers": bootstrap}).list_topics(name, timeout=10)
    assert len(meta.topics[name].partitions) == 3


def test_keyed_messages_keep_their_partition_order_and_headers(bootstrap: str) -> None:
    name = new_topic(bootstrap)
    p = Producer(producer_config(bootstrap))
    for i in range(20):
        p.produce(name, key=f"citizen-{i % 3}".encode(), value=str(i).encode(),
                  headers=standard_headers("trace-1", channel="sms"))
    assert p.flush(10) == 0
    c = consumer(bootstrap, f"g-{uuid.uuid4().hex}")
    c.subscribe([name])
    got = []
    deadline = time.monotonic() + 30
    while len(got) < 20 and time.monotonic() < deadline:
        m = c.poll(0.2)
        if m is not None and not m.error():
            got.append(m)
    c.close()
    assert len(got) == 20
    by_key: dict[bytes, set[int]] = {}
    for m in got:
        by_key.setdefault(m.key(), set()).add(m.partition())
        assert dict(m.headers())["trace-id"] == b"trace-1" and dict(m.headers())["channel"] == b"sms"
    assert all(len(parts) == 1 for parts in by_key.values())  # one key, one partition
    for key in by_key:
        values = [int(m.value()) for m in got if m.key() == key]
        assert values == sorted(values)  # per-key order kept


def test_our_producers_place_a_key_on_the_same_partition_as_faust(bootstrap: str) -> None:
    """requests.status (written by the API) and requests.classified (written by Faust) are
    joined by key in one agent: both producers must pick the same partition for a key."""
    from aiokafka.partitioner import DefaultPartitioner

    name = new_topic(bootstrap, partitions=8)
    p = Producer(producer_config(bootstrap))
    keys = [f"request-{i}".encode() for i in range(40)]
    for k in keys:
        p.produce(name, key=k, value=b"x")
    assert p.flush(10) == 0
    c = consumer(bootstrap, f"g-{uuid.uuid4().hex}")
    c.subscribe([name])
    placed: dict[bytes, int] = {}
    deadline = time.monotonic() + 30
    while len(placed) < len(keys) and time.monotonic() < deadline:
        m = c.poll(0.2)
        if m is not None and not m.error():
            placed[m.key()] = m.partition()
    c.close()
    everything = list(range(8))
    faust_choice = {k: DefaultPartitioner()(k, everything, everything) for k in keys}
    assert placed == faust_choice
    assert len(set(placed.values())) > 4  # spread, not all on one partition


def test_two_members_share_partitions_and_one_takes_over_when_the_other_leaves(bootstrap: str) -> None:
    name = new_topic(bootstrap, partitions=4)
    group = f"g-{uuid.uuid4().hex}"
    a = consumer(bootstrap, group)
    a.subscribe([name])
    assert assigned_after(a, 4) == {0, 1, 2, 3}
    b = consumer(bootstrap, group)
    b.subscribe([name])
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        a.poll(0.1)
        b.poll(0.1)
        pa, pb = {tp.partition for tp in a.assignment()}, {tp.partition for tp in b.assignment()}
        if pa and pb and not (pa & pb) and (pa | pb) == {0, 1, 2, 3}:
            break
    assert pa and pb and not (pa & pb) and (pa | pb) == {0, 1, 2, 3}, (pa, pb)
    b.close()  # leaves the group: a rebalance hands its partitions back to a
    assert assigned_after(a, 4, timeout=40) == {0, 1, 2, 3}
    a.close()


def test_committed_offsets_survive_a_consumer_restart(bootstrap: str) -> None:
    name = new_topic(bootstrap, partitions=1)
    p = Producer(producer_config(bootstrap))
    for i in range(10):
        p.produce(name, value=str(i).encode())
    p.flush(10)
    group = f"g-{uuid.uuid4().hex}"
    first = consumer(bootstrap, group)
    first.subscribe([name])
    read = []
    deadline = time.monotonic() + 30
    while len(read) < 4 and time.monotonic() < deadline:
        m = first.poll(0.2)
        if m is not None and not m.error():
            read.append(int(m.value()))
            if len(read) == 4:
                first.commit(message=m, asynchronous=False)
    first.close()
    assert read == [0, 1, 2, 3]
    second = consumer(bootstrap, group)
    second.subscribe([name])
    resumed = None
    deadline = time.monotonic() + 30
    while resumed is None and time.monotonic() < deadline:
        m = second.poll(0.2)
        if m is not None and not m.error():
            resumed = int(m.value())
        elif m is not None and m.error().code() != KafkaError._PARTITION_EOF:
            raise AssertionError(m.error())
    second.close()
    assert resumed == 4
