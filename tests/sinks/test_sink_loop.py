"""The sink process end to end on the real broker and engine: Kafka in, bulk into Elasticsearch,
dead letters for what can never be indexed, offsets committed only for acknowledged work."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta

import pytest

from civicdesk.settings import Settings
from schemas.events import StatusChange
from sinks.batching import BatchLimits
from sinks.es_sink import IndexSink
from sinks.index_admin import load_mapping
from tests.sinks.corpus import make_request
from tests.sinks.kafka_topics import committed_lag, make_topics, produce
from tests.support import read_topic

pytestmark = pytest.mark.slow


def test_rejected_document_and_undecodable_record_go_to_the_dlq_and_the_rest_is_indexed(noida, es, tmp_path):
    t = make_topics(noida.bootstrap)
    # An index whose mapping Elasticsearch enforces against us: external_id must be a number here,
    # so a request with "SM-abc" is rejected for good (400), the numeric one is accepted.
    index = f"strict-{uuid.uuid4().hex[:8]}"
    body = load_mapping()
    body["mappings"]["properties"]["external_id"] = {"type": "long"}
    es.indices.create(index=index, settings=body["settings"], mappings=body["mappings"])
    good = make_request("Kızılay'da trafik lambası arızalı", external_id="424242", department="roads")
    bad = make_request("Bu belge reddedilecek", external_id="SM-abc", department="roads")
    produce(noida.bootstrap, t.classified, [(good.request_id.encode(), good.to_json()),
                                            (bad.request_id.encode(), bad.to_json()),
                                            (b"junk", b"{not json")])
    produce(noida.bootstrap, t.status, [(good.request_id.encode(), StatusChange(
        request_id=good.request_id, status="resolved", actor="roads",
        at=good.received_at + timedelta(hours=1)).to_json())])
    settings = Settings(data_dir=tmp_path, kafka_bootstrap_servers=noida.bootstrap, elasticsearch_url=noida.es_url,
                        index_alias=f"alias-{uuid.uuid4().hex[:8]}")
    group = f"sink-{uuid.uuid4().hex[:8]}"
    sink = IndexSink(settings, group_id=group, index=index, sink_topics=t.sink, dlq_topic=t.dlq,
                     limits=BatchLimits(docs=50, seconds=0.2))
    stats = sink.run(max_idle_seconds=3)
    assert stats.indexed == 2 and stats.dead_lettered == 2
    es.indices.refresh(index=index)
    doc = es.get(index=index, id=good.request_id)["_source"]
    assert doc["status"] == "resolved" and [h["status"] for h in doc["status_history"]] == ["received", "resolved"]
    assert not es.exists(index=index, id=bad.request_id)
    letters = [json.loads(m.value()) for m in read_topic(noida.bootstrap, t.dlq, timeout=10, until=2)]
    by_stage = {letter["stage"]: letter for letter in letters}
    assert set(by_stage) == {"sink:index", "sink:decode"}
    assert by_stage["sink:index"]["request_id"] == bad.request_id
    assert by_stage["sink:index"]["reason"].startswith("400")
    assert b"SM-abc" in base64.b64decode(by_stage["sink:index"]["raw_b64"])
    assert base64.b64decode(by_stage["sink:decode"]["raw_b64"]) == b"{not json"
    # Everything was acknowledged or dead-lettered, so everything is committed.
    assert committed_lag(noida.bootstrap, group, t.sink) == 0
