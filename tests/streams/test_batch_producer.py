"""The worker's output producer: a batch is only acknowledged once its outputs are written,
and outputs that cannot be written stop the worker instead of being acknowledged."""

import asyncio

import pytest

from civicdesk.errors import Fatal
from streams.batch_producer import BatchProducer, FlushBeforeCommit
from tests.support import read_topic, unique


def test_undeliverable_outputs_stop_the_worker_instead_of_being_acknowledged():
    # Nothing listens on port 9: librdkafka retries until the delivery timeout, then reports.
    producer = BatchProducer("127.0.0.1:9", delivery_timeout_ms=300)
    producer.produce("requests.classified", b"{}", b"req-1")
    with pytest.raises(Fatal, match="1 output messages not delivered"):
        asyncio.run(producer.drain())


def test_an_offset_commit_is_refused_while_outputs_are_undelivered():
    # Faust calls the sensor right before it picks the offsets to commit: raising there means
    # the offsets of events whose outputs were lost are never committed.
    producer = BatchProducer("127.0.0.1:9", delivery_timeout_ms=300)
    flushed = []
    sensor = FlushBeforeCommit(producer, after_flush=lambda: flushed.append(True))
    producer.produce("requests.dept.roads", b"{}", b"req-2")
    with pytest.raises(Fatal):
        sensor.on_commit_initiated(consumer=None)
    assert flushed == []  # no changelog offsets were recorded as persisted either


@pytest.mark.slow
def test_drained_outputs_are_on_the_broker_with_key_and_headers(live_backends):
    topic = f"test.batch-producer.{unique()}"  # its own topic: no other test reads it
    producer = BatchProducer(live_backends.bootstrap)
    producer.produce(topic, b'{"probe": 1}', b"batch-producer-probe", [("trace-id", b"t-1")])
    asyncio.run(producer.drain())
    found = read_topic(live_backends.bootstrap, topic, timeout=5, until=1,
                       match=lambda m: m.key() == b"batch-producer-probe")
    assert found and found[0].value() == b'{"probe": 1}' and dict(found[0].headers())["trace-id"] == b"t-1"
