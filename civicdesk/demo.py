"""`civicdesk demo`: realistic messages through the real endpoints, then a summary.

Starts the embedded stack unless one is already answering, posts the bundled samples through
each channel's real entry point, waits until every request is searchable, prints what happened
and a few searches, and exits 0 (non-zero if anything went missing).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode
from typing import Any

import httpx
from twilio.request_validator import RequestValidator
from elasticsearch import Elasticsearch

from civicdesk.demo_channels import OFFLINE_CHANNELS, POSTERS, Sample, ingest_offline
from civicdesk.demo_satisfaction import satisfaction_round
from civicdesk.embedded import Stack, StackError, StackLock, dev_secrets
from civicdesk.settings import Settings, secret
from schemas.request import make_request_id

SEARCHABLE_TIMEOUT = 90.0
# The bundled samples live in the repository (demo/samples/), written by hand; see its README.
SAMPLES = Path(__file__).resolve().parents[1] / "demo" / "samples" / "messages.jsonl"


def load_samples(limit: int | None = None) -> list[Sample]:
    text = SAMPLES.read_text("utf-8")
    samples = [json.loads(line) for line in text.splitlines() if line.strip()]
    return samples[:limit] if limit else samples


def provider_secrets(settings: Settings) -> dict[str, str]:
    found = {name: secret(getattr(settings, name)) for name in
             ("twilio_auth_token", "meta_app_secret", "meta_verify_token", "telegram_secret_token", "voice_token",
              "open311_api_key")}
    merged = {k: v for k, v in found.items() if v}
    for k, v in dev_secrets(settings).items():
        merged.setdefault(k, v)
    return merged


async def post_all(settings: Settings, samples: list[Sample], secrets: dict[str, str]) -> dict[str, Any]:
    base = f"http://{settings.http_host}:{settings.http_port}"
    posted: dict[str, tuple[Sample, float]] = {}
    statuses: Counter[int] = Counter()
    skipped: Counter[str] = Counter()
    sem = asyncio.Semaphore(16)

    async def one(client: httpx.AsyncClient, sample: Sample) -> None:
        if sample["channel"] in OFFLINE_CHANNELS:
            return  # email and tweets go through `civicdesk ingest` below
        poster = POSTERS.get(sample["channel"])
        if poster is None:
            skipped[sample["channel"]] += 1
            return
        async with sem:
            started = time.time()
            external_id, status = await poster(client, sample, secrets, settings.public_base_url)
            statuses[status] += 1
            if status == 200:
                posted[make_request_id(sample["channel"], external_id)] = (sample, started)

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await asyncio.gather(*(one(client, s) for s in samples))
        # Email and tweets arrive by polling (IMAP, the X API); the demo feeds them through the
        # code behind `civicdesk ingest eml` and `civicdesk ingest tweets`.
        started = time.time()
        for sample, external_id, status in await ingest_offline(settings, samples):
            statuses[status] += 1
            if status == 200:
                posted[make_request_id(sample["channel"], external_id)] = (sample, started)
        # The bad inputs a real line sees: a forged signature (refused, nothing produced) and a
        # payload that cannot be normalised (dead-lettered with its bytes).
        # Providers redeliver when an answer is slow: post a few again; the stream drops them.
        redelivered = 0
        for sample in [s for s in samples if s["channel"] == "sms"][:5]:
            _, status = await POSTERS["sms"](client, sample, secrets, settings.public_base_url)
            redelivered += status == 200
        forged = await client.post("/webhooks/twilio/sms", content="From=%2B905551112233&Body=sahte&MessageSid=SMforged",
                                   headers={"Content-Type": "application/x-www-form-urlencoded",
                                            "X-Twilio-Signature": "Zm9yZ2Vk"})
        bad_params = {"MessageSid": "SMdemo-malformed", "From": "not-a-phone", "To": "+908501530153",
                      "Body": "numara yok", "NumMedia": "0"}
        bad = await client.post("/webhooks/twilio/sms", content=urlencode(bad_params), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": RequestValidator(secrets["twilio_auth_token"]).compute_signature(
                settings.public_base_url.rstrip("/") + "/webhooks/twilio/sms", bad_params)})
    return {"posted": posted, "statuses": statuses, "skipped": skipped, "forged": forged.status_code,
            "redelivered": redelivered,
            "malformed": bad.status_code}


def wait_searchable(es: Elasticsearch, alias: str, posted: dict[str, tuple[Sample, float]]) -> dict[str, float]:
    seen: dict[str, float] = {}
    pending = set(posted)
    deadline = time.time() + SEARCHABLE_TIMEOUT
    while pending and time.time() < deadline:
        ids = sorted(pending)
        for i in range(0, len(ids), 500):
            resp = es.search(index=alias, query={"ids": {"values": ids[i:i + 500]}}, size=500, source=False)
            now = time.time()
            for hit in resp["hits"]["hits"]:
                if hit["_id"] in pending:
                    seen[hit["_id"]] = now - posted[hit["_id"]][1]
                    pending.discard(hit["_id"])
        if pending:
            time.sleep(0.05)
    return seen


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def dlq_count(settings: Settings) -> int:
    from confluent_kafka import Consumer, TopicPartition

    from schemas import topics

    consumer = Consumer({"bootstrap.servers": settings.kafka_servers, "group.id": "civicdesk-demo-stats"})
    try:
        meta = consumer.list_topics(topics.DLQ, timeout=10).topics[topics.DLQ]
        total = 0
        for pid in meta.partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topics.DLQ, pid), timeout=10)
            total += high - low
        return total
    finally:
        consumer.close()


def summarise(settings: Settings, result: dict[str, Any], seen: dict[str, float], elapsed: float) -> tuple[str, bool]:
    posted = result["posted"]
    with Elasticsearch(settings.es_url) as es:
        docs = []
        ids = list(seen)
        for i in range(0, len(ids), 500):
            resp = es.search(index=settings.index_alias, query={"ids": {"values": ids[i:i + 500]}}, size=500,
                             source_includes=["channel", "department", "urgency", "duplicate_of", "incident_id"])
            docs.extend(h["_source"] for h in resp["hits"]["hits"])
    by_channel = Counter(d["channel"] for d in docs)
    by_dept = Counter(d.get("department") or "?" for d in docs)
    urgent = sum(1 for d in docs if d.get("urgency") in ("urgent", "emergency"))
    dups = sum(1 for d in docs if d.get("duplicate_of"))
    incident_followups = sum(1 for d in docs if d.get("incident_id"))
    latencies = list(seen.values())
    lines = [
        "",
        "civicdesk demo summary",
        "======================",
        f"posted {len(posted)} messages in {elapsed:.1f} s; HTTP answers {dict(sorted(result['statuses'].items()))}",
        f"searchable: {len(seen)}/{len(posted)}",
        "per channel:    " + ", ".join(f"{k} {v}" for k, v in sorted(by_channel.items())),
        "per department: " + ", ".join(f"{k} {v}" for k, v in by_dept.most_common()),
        f"urgent or emergency: {urgent}",
        f"duplicates (same citizen): {dups}; requests linked to an incident: {incident_followups}",
        f"forged signature answered {result['forged']} (nothing produced); signed but malformed payload "
        f"answered {result['malformed']} (dead-lettered with its bytes); redelivered webhooks: {result['redelivered']}",
        f"dead-lettered (requests.dlq, all time): {dlq_count(settings)}",
        f"webhook-to-searchable latency: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms",
    ]
    if result["skipped"]:
        lines.append("not posted (connector not built yet): " + ", ".join(f"{k} {v}" for k, v in result["skipped"].items()))
    ok = len(seen) == len(posted) and result["forged"] == 403 and 400 <= result["malformed"] < 500
    return "\n".join(lines), ok


def busiest_neighbourhood(settings: Settings) -> str | None:
    with Elasticsearch(settings.es_url) as es:
        resp = es.search(index=settings.index_alias, size=0,
                         aggs={"n": {"terms": {"field": "location.neighbourhood", "size": 1}}})
    buckets = resp["aggregations"]["n"]["buckets"]
    return buckets[0]["key"] if buckets else None


def example_searches(settings: Settings, samples: list[Sample]) -> str:
    base = f"http://{settings.http_host}:{settings.http_port}"
    phone = next((s["from"]["phone"] for s in samples if s["channel"] == "sms" and s["from"].get("phone", "").startswith("+90")), None)
    hood = busiest_neighbourhood(settings)
    queries: list[tuple[str, dict[str, str]]] = []
    if phone:
        national = "0" + phone[3:6] + " " + phone[6:9] + " " + phone[9:11] + " " + phone[11:]
        queries.append((f"citizen typed as '{national}'", {"citizen": national}))
    if hood:
        queries.append((f"neighbourhood {hood}", {"neighbourhood": hood}))
    queries.append(("text 'cop' (finds çöp)", {"q": "cop"}))
    queries.append(("urgent lane", {"urgency": "emergency"}))
    from sinks.api_keys import dev_api_keys, supervisor_key

    keys = dev_api_keys(settings)
    key = supervisor_key(keys) or next(iter(keys))
    out = ["", "example searches (GET /requests, as a supervisor)", "-------------------------------------------------"]
    with httpx.Client(base_url=base, timeout=10, headers={"Authorization": f"Bearer {key}"}) as client:
        for label, params in queries:
            resp = client.get("/requests", params={**params, "size": 3})
            if resp.status_code != 200:
                out.append(f"{label}: HTTP {resp.status_code} {resp.text[:120]}")
                continue
            body = resp.json()
            out.append(f"{label}: {body['total']} found")
            for doc in body["results"][:3]:
                text = " ".join(doc["text"].split())[:70]
                if doc.get("answer_to"):  # a citizen's 1-5 answer, filed with the request it rates
                    text = f"{text}  (satisfaction answer to {doc['answer_to'][:10]}…)"
                out.append(f"    [{doc['channel']:<9}] {doc.get('department') or '?':<16} {doc.get('urgency') or '':<9} {text}")
    return "\n".join(out)


def settled_accounting(settings: Settings, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    """The accounting once the pipeline has drained (consumer lag 0 and the sums agree)."""
    from civicdesk.stats import collect

    deadline = time.time() + timeout
    while True:
        acc = collect(settings)
        if (acc.reconciles and not any(acc.lag.values())) or time.time() > deadline:
            return acc
        time.sleep(1.0)


def run_demo(settings: Settings, keep: bool = False, limit: int | None = None) -> int:
    lock = StackLock(settings.data_dir)
    stack: Stack | None = None
    health = f"http://{settings.http_host}:{settings.http_port}/health"
    try:
        running = lock.held_by_other() and httpx.get(health, timeout=2).status_code == 200
    except httpx.HTTPError:
        running = False
    try:
        if running:
            print(f"using the running stack at {health.removesuffix('/health')}", flush=True)
        else:
            lock.acquire()
            stack = Stack(settings)
            print("starting the embedded stack...", flush=True)
            stack.start()
        samples = load_samples(limit)
        secrets = provider_secrets(settings)
        started = time.time()
        result = asyncio.run(post_all(settings, samples, secrets))
        with Elasticsearch(settings.es_url) as es:
            seen = wait_searchable(es, settings.index_alias, result["posted"])
        # A few requests resolved and rated by their citizens (civicdesk/demo_satisfaction.py).
        answers, satisfaction = satisfaction_round(settings, result["posted"], secrets)
        result["posted"].update(answers)
        result["statuses"][200] += len(answers)  # post_answers keeps only the answers taken with 200
        with Elasticsearch(settings.es_url) as es:
            seen.update(wait_searchable(es, settings.index_alias, answers))
        text, ok = summarise(settings, result, seen, time.time() - started)
        print(text + "\n" + satisfaction)
        accounting = settled_accounting(settings)
        print("\naccounting (civicdesk stats)\n----------------------------\n" + accounting.render())
        ok = ok and accounting.reconciles
        print(example_searches(settings, samples))
        if not ok:
            print("\ndemo FAILED: some requests did not become searchable or bad input was not refused", file=sys.stderr)
            return 1
        if keep and stack is not None:
            from civicdesk.stack_commands import banner, run_stack_until_stopped

            print("\n" + banner(settings), flush=True)
            return run_stack_until_stopped(stack)
        return 0
    except StackError as exc:
        print(f"civicdesk: {exc}", file=sys.stderr)
        return 1
    finally:
        if stack is not None:
            stack.stop()
        lock.release()
