"""`civicdesk reindex`: rebuild from the topics into a new versioned index and swap the alias,
losing nothing (requests, status history, links), on the real broker and engine."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest

from civicdesk.settings import Settings
from schemas.events import StatusChange
from schemas.links import Link
from sinks.batching import BatchLimits
from sinks.es_sink import IndexSink
from sinks.reindex import reindex
from tests.sinks.corpus import T0, make_request
from tests.sinks.kafka_topics import make_topics, produce

pytestmark = pytest.mark.slow


def test_reindex_swaps_the_alias_and_loses_nothing(noida, es, tmp_path):
    t = make_topics(noida.bootstrap)
    settings = Settings(data_dir=tmp_path, kafka_bootstrap_servers=noida.bootstrap, elasticsearch_url=noida.es_url,
                        index_alias=f"rx-{uuid.uuid4().hex[:8]}")
    reqs = [make_request(f"Talep {i}: sokakta çöp var", phone=f"+90532{i:07d}", department="cleaning", minutes=i)
            for i in range(120)]
    produce(noida.bootstrap, t.classified, [(r.request_id.encode(), r.to_json()) for r in reqs])
    # A Telegram-style edit: the same request again (same id), revision 1.
    produce(noida.bootstrap, t.classified, [(reqs[0].request_id.encode(), reqs[0].enrich(revision=1).to_json())])
    changes = [StatusChange(request_id=r.request_id, status="resolved", actor="cleaning",
                            at=T0 + timedelta(hours=5, minutes=i)) for i, r in enumerate(reqs[:30])]
    produce(noida.bootstrap, t.status, [(c.request_id.encode(), c.to_json()) for c in changes])
    produce(noida.bootstrap, t.duplicates, [(reqs[2].request_id.encode(), Link(
        kind="duplicate", request_id=reqs[2].request_id, duplicate_of=reqs[1].request_id, at=T0).to_json())])
    IndexSink(settings, group_id=f"g-{uuid.uuid4().hex[:6]}", sink_topics=t.sink, dlq_topic=t.dlq,
              limits=BatchLimits(docs=40, seconds=0.2)).run(max_idle_seconds=3)
    alias = settings.index_alias
    old = list(es.indices.get_alias(name=alias))[0]
    es.indices.refresh(index=alias)
    before = es.count(index=alias)["count"]
    assert before == 120

    progress = io.StringIO()
    result = reindex(settings, sink_topics=t.sink, out=progress)

    assert result.ok and result.old_index == old and result.new_index != old
    assert result.requests == 120 and result.indexed == 120 and result.messages == 121 + 30 + 1
    assert list(es.indices.get_alias(name=alias)) == [result.new_index]
    assert es.indices.exists(index=old)  # kept until --delete-old
    assert "152/152 messages" in progress.getvalue()
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == before
    resolved = es.count(index=alias, query={"term": {"status": "resolved"}})["count"]
    assert resolved == 30
    first = es.get(index=alias, id=reqs[0].request_id)["_source"]
    assert first["revision"] == 1 and [h["status"] for h in first["status_history"]] == ["received", "resolved"]
    assert es.get(index=alias, id=reqs[1].request_id)["_source"]["duplicates"] == [reqs[2].request_id]
    # The live sink keeps writing through the alias, now into the new index.
    late = make_request("Reindeksten sonra gelen talep", phone="+905559998877", department="cleaning")
    produce(noida.bootstrap, t.classified, [(late.request_id.encode(), late.to_json())])
    IndexSink(settings, group_id=f"g-{uuid.uuid4().hex[:6]}", sink_topics=t.sink, dlq_topic=t.dlq).run(
        max_idle_seconds=3)
    assert es.exists(index=result.new_index, id=late.request_id)
    assert not es.exists(index=old, id=late.request_id)
