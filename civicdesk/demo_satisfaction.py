"""The demo's satisfaction round, so the console's overview shows scores.

A few routed SMS requests are resolved the way a department does it (status changes on
requests.status); the lifecycle sends each citizen the 1-5 check, and the citizens answer by
SMS through the real webhook. The answers are ordinary messages for the accounting (posted,
received, indexed as their own closed documents), and the sink sets `satisfaction` on the
requests they rate.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from confluent_kafka import Consumer, Producer, TopicPartition
from elasticsearch import Elasticsearch

from civicdesk.demo_channels import POSTERS, Sample
from civicdesk.kafka import producer_config
from civicdesk.settings import Settings
from schemas import topics
from schemas.events import StatusChange
from schemas.request import make_request_id

# Four answers cover the chart's range without slowing the demo (about 3 s in all).
ANSWERS = ("5", "4 teşekkürler", "2", "5 çok memnun kaldım")
WAIT_SECONDS = 30.0


def resolvable(es: Elasticsearch, alias: str, posted: dict[str, tuple[Sample, float]]) -> list[tuple[str, Sample]]:
    """Routed SMS requests, one per citizen, in a stable order."""
    sms = {rid: s for rid, (s, _) in posted.items() if s["channel"] == "sms"}
    resp = es.search(index=alias, query={"ids": {"values": sorted(sms)}}, size=len(sms) or 1,
                     source_includes=["status", "department", "duplicate_of", "citizen.id"])
    picked: dict[str, tuple[str, Sample]] = {}
    for hit in sorted(resp["hits"]["hits"], key=lambda h: sms[h["_id"]]["id"]):
        doc = hit["_source"]
        if doc.get("status") == "routed" and doc.get("department") and not doc.get("duplicate_of"):
            picked.setdefault(doc["citizen"]["id"], (hit["_id"], sms[hit["_id"]]))
    return list(picked.values())[:len(ANSWERS)]


def resolve(settings: Settings, request_ids: list[str]) -> None:
    producer = Producer(producer_config(settings.kafka_servers))
    now = datetime.now(UTC)
    for rid in request_ids:
        for i, status in enumerate(("in_progress", "resolved"), start=1):
            change = StatusChange(request_id=rid, status=status, actor="civicdesk-demo", at=now + timedelta(seconds=i),
                                  note="demo: fixed by the crew" if status == "resolved" else None)
            producer.produce(topics.STATUS, key=rid.encode(), value=change.to_json())
    if producer.flush(10) > 0:
        raise RuntimeError("status changes not delivered within 10 s")


def wait_pending(settings: Settings, request_ids: set[str]) -> set[str]:
    """The request ids whose pending check the lifecycle published (read from the topic)."""
    consumer = Consumer({"bootstrap.servers": settings.kafka_servers, "group.id": "civicdesk-demo-satisfaction",
                         "enable.auto.commit": False})
    found: set[str] = set()
    try:
        meta = consumer.list_topics(topics.SATISFACTION_PENDING, timeout=10).topics[topics.SATISFACTION_PENDING]
        consumer.assign([TopicPartition(topics.SATISFACTION_PENDING, p, 0) for p in meta.partitions])
        deadline = time.time() + WAIT_SECONDS
        while found != request_ids and time.time() < deadline:
            for msg in consumer.consume(100, timeout=0.2):
                if msg.error() is None and json.loads(msg.value() or b"{}").get("request_id") in request_ids:
                    found.add(json.loads(msg.value())["request_id"])
    finally:
        consumer.close()
    return found


async def post_answers(settings: Settings, picked: list[tuple[str, Sample]], secrets: dict[str, str]) -> dict[str, Sample]:
    base = f"http://{settings.http_host}:{settings.http_port}"
    answers: dict[str, Sample] = {}
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for (_, sample), text in zip(picked, ANSWERS):
            answer = {"id": f"{sample['id']}-satisfaction", "channel": "sms", "from": {"phone": sample["from"]["phone"]},
                      "text": text}
            sid, status = await POSTERS["sms"](client, answer, secrets, settings.public_base_url)
            if status == 200:
                answers[make_request_id("sms", sid)] = answer
    return answers


def satisfaction_round(settings: Settings, posted: dict[str, tuple[Sample, float]],
                       secrets: dict[str, str]) -> tuple[dict[str, tuple[Sample, float]], str]:
    """Resolve a few requests and answer their checks. Returns the answers (posted messages,
    for the searchable wait and the accounting) and a summary line."""
    with Elasticsearch(settings.es_url) as es:
        picked = resolvable(es, settings.index_alias, posted)
        if not picked:
            return {}, "satisfaction: no routed SMS request to resolve"
        resolve(settings, [rid for rid, _ in picked])
        ready = wait_pending(settings, {rid for rid, _ in picked})
        time.sleep(1.0)  # the pending agent stores the checks (same worker, milliseconds)
        picked = [p for p in picked if p[0] in ready]
        started = time.time()
        answers = asyncio.run(post_answers(settings, picked, secrets))
        rated: list[Any] = []
        deadline = time.time() + WAIT_SECONDS
        while len(rated) < len(answers) and time.time() < deadline:
            resp = es.search(index=settings.index_alias, size=len(picked),
                             query={"bool": {"filter": [{"ids": {"values": [rid for rid, _ in picked]}},
                                                        {"exists": {"field": "satisfaction.score"}}]}},
                             source_includes=["satisfaction.score"])
            rated = [h["_source"]["satisfaction"]["score"] for h in resp["hits"]["hits"]]
            if len(rated) < len(answers):
                time.sleep(0.2)
    line = (f"satisfaction: {len(picked)} requests resolved, {len(answers)} citizens answered by SMS, "
            f"{len(rated)} scores on their requests ({', '.join(map(str, sorted(rated))) or 'none'})")
    return {rid: (sample, started) for rid, sample in answers.items()}, line
