"""A request the sink indexes is found by a search (no refresh asked for) well within the 1 s
webhook-to-searchable budget, on an index created with the mapping file's 1 s refresh interval."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from civicdesk.settings import Settings
from sinks.batching import BatchLimits
from sinks.es_sink import IndexSink
from tests.sinks.corpus import make_request
from tests.sinks.kafka_topics import make_topics, produce

pytestmark = pytest.mark.slow


def test_indexed_requests_are_searchable_within_a_quarter_second_refresh(noida, es, tmp_path):
    t = make_topics(noida.bootstrap)
    alias = f"latency-{uuid.uuid4().hex[:8]}"
    settings = Settings(data_dir=tmp_path, kafka_bootstrap_servers=noida.bootstrap, elasticsearch_url=noida.es_url,
                        index_alias=alias)
    sink = IndexSink(settings, group_id=f"sink-{uuid.uuid4().hex[:8]}", sink_topics=t.sink, dlq_topic=t.dlq,
                     limits=BatchLimits(docs=50, seconds=0.1))
    runner = threading.Thread(target=sink.run, daemon=True)
    runner.start()
    try:
        deadline = time.monotonic() + 30
        while not es.indices.exists_alias(name=alias) and time.monotonic() < deadline:
            time.sleep(0.05)
        lags = []
        for i in range(5):
            req = make_request(f"Sokak lambası yanmıyor {i}", external_id=f"lat-{uuid.uuid4().hex}")
            produce(noida.bootstrap, t.classified, [(req.request_id.encode(), req.to_json())])
            sent = time.monotonic()
            # When the sink has acknowledged it (a real-time get), then until a search finds it.
            while not es.exists(index=alias, id=req.request_id):
                assert time.monotonic() - sent < 20, "the sink never indexed the request"
                time.sleep(0.01)
            acked = time.monotonic()
            while not es.search(index=alias, query={"ids": {"values": [req.request_id]}})["hits"]["hits"]:
                time.sleep(0.01)
            lags.append(time.monotonic() - acked)
    finally:
        sink.stop()
        runner.join(15)
    # With the mapping's 1 s these lags average ~0.5 s; at 250 ms the median stays well under that.
    assert sorted(lags)[len(lags) // 2] < 0.4, lags
    settings_now = es.indices.get_settings(index=alias)
    assert {s["settings"]["index"]["refresh_interval"] for s in settings_now.values()} == {"250ms"}
