"""Indexing throughput and search latency over synthetic requests, against a raw baseline.

    python bench/bench_search.py --docs 1000000            # embedded noida-db on a free port
    CIVICDESK_ELASTICSEARCH_URL=http://es:9200 python bench/bench_search.py --docs 1000000

Two indexes with the same mapping, in one run:
  sink      the sink's own write path over Kafka-shaped JSON records: decode + validate
            (pydantic), document building, social-citizen lookup, `create` bulk via BulkWriter.
  baseline  `helpers.bulk` of the same documents, prebuilt outside the timer (`index` ops).
Then p50/p99 latency of citizen (any phone form), neighbourhood and full-text searches, built by
sinks.query exactly as the API builds them, on the sink index (--checkpoints also measures them
at intermediate sizes, so a run stopped early still reports latency against index size).

On the embedded noida-db, expect figures for a development engine, not for Elasticsearch:
ingest slows as the index grows and every search scans the index (latency grows linearly:
measured on a shared 2-core box, a neighbourhood search took ~2 s at 25k requests and ~8 s at
100k; full text with seven analysed sub-fields ~16 s at 25k), so a 1M run takes hours there.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator

import orjson
from elasticsearch import Elasticsearch, helpers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas.request import make_request_id  # noqa: E402
from sinks.access import Role  # noqa: E402
from sinks.batching import BATCH_DOCS  # noqa: E402
from sinks.es_sink import BatchIndexer, Record, plan_batch  # noqa: E402
from sinks.index_admin import load_mapping  # noqa: E402
from sinks.query import SearchParams, search_body  # noqa: E402

NEIGHBOURHOODS = ["Dikmen", "Kızılay", "Bahçelievler", "Küçükesat", "Ayrancı", "Çayyolu", "Emek", "Keçiören",
                  "Sincan", "Etimesgut", "Batıkent", "Ümitköy", "Balgat", "Cebeci", "Kavaklıdere", "Demetevler",
                  "Yenimahalle", "Mamak", "Gölbaşı", "Oran"]
DISTRICTS = ["Çankaya", "Keçiören", "Yenimahalle", "Mamak", "Sincan", "Etimesgut", "Gölbaşı"]
TEXTS = [("water-sewer", "{n} mahallesinde su borusu patladı, cadde su altında kaldı"),
         ("water-sewer", "{n} sokağımızda iki gündür sular akmıyor"),
         ("cleaning", "{n} parkında çöpler toplanmadı, kötü koku var"),
         ("cleaning", "Konteynerler taştı, {n} çarşısında çöp yığını"),
         ("roads", "{n} caddesinde büyük çukur var, araçlar zarar görüyor"),
         ("lighting", "{n} parkındaki sokak lambaları yanmıyor"),
         ("parks", "{n} parkında ağaç devrildi, çocuk parkı kapandı"),
         ("transport", "{n} durağında otobüsler çok gecikiyor")]
CHANNELS = ["sms", "whatsapp", "email", "twitter", "telegram", "facebook", "voice", "web"]
WORDS = ["çöp", "cop", "boru", "lambaları", "otobüs", "çukur", "ağaç", "sular", "koku", "İstanbul"]


# Phones of requests already indexed, so citizen searches look up people who exist.
INDEXED_PHONES: list[str] = []


def phone_of(i: int) -> str:
    return f"+90532{i:07d}"


def synthetic(n: int, citizens: int, seed: int = 7) -> Iterator[bytes]:
    """Requests as they appear on requests.classified (JSON of CitizenRequest v1)."""
    rnd = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for i in range(n):
        channel = CHANNELS[i % len(CHANNELS)]
        cit = rnd.randrange(citizens)
        hood = rnd.choice(NEIGHBOURHOODS)
        dept, template = rnd.choice(TEXTS)
        ext = f"bench-{i}"
        if channel in ("twitter", "telegram", "facebook"):
            citizen = {"id": f"{channel}:user{cit}", "handle": f"user{cit}"}
        elif channel == "email":
            citizen = {"id": f"user{cit}@example.org", "email": f"user{cit}@example.org"}
        else:
            citizen = {"id": phone_of(cit), "phone": phone_of(cit)}
        text = template.format(n=hood)
        yield orjson.dumps({
            "request_id": make_request_id(channel, ext), "channel": channel, "external_id": ext,
            "received_at": (start + timedelta(seconds=i * 2)).isoformat(), "citizen": citizen, "text": text,
            "language": "tr", "location": {"lat": 39.9 + rnd.random() / 10, "lon": 32.8 + rnd.random() / 10,
                                           "neighbourhood": hood, "district": rnd.choice(DISTRICTS)},
            "raw": {"content_type": "application/json", "body": orjson.dumps({"from": citizen["id"], "body": text}).decode()},
            "department": dept, "type": "complaint", "urgency": "normal", "confidence": 0.8, "status": "routed",
        })


def chunks(it: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for item in it:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def create_index(es: Elasticsearch, name: str) -> None:
    es.options(ignore_status=404).indices.delete(index=name)
    body = load_mapping()
    # Bulk loading: no refresh until the end (the usual Elasticsearch advice for bulk loads).
    settings = {**body["settings"], "refresh_interval": "-1"}
    es.indices.create(index=name, settings=settings, mappings=body["mappings"])


def index_both(es: Elasticsearch, sink_idx: str, base_idx: str | None, n: int, citizens: int,
               batch_docs: int, checkpoint: Callable[[int], None] = lambda _: None,
               every: set[int] = frozenset()) -> dict[str, tuple[float, int]]:
    """Sink path and baseline interleaved chunk by chunk, so both meet the same index sizes and
    the same machine load (the figures stay comparable even if the run is stopped early)."""
    indexer = BatchIndexer(es, sink_idx, f"{sink_idx}-identities")
    now = datetime.now(timezone.utc)
    spent = {"sink": 0.0, "baseline": 0.0}
    done = {"sink": 0, "baseline": 0}
    for chunk in chunks(synthetic(n, citizens), 5000):
        records = [Record("requests.classified", v, "bench") for v in chunk]
        for i in range(0, len(records), batch_docs):
            part = records[i:i + batch_docs]
            t0 = time.perf_counter()
            plan = plan_batch(part, sink_idx, now)
            letters = indexer.write(plan, now)
            spent["sink"] += time.perf_counter() - t0
            assert not letters, letters[0].reason
            if len(INDEXED_PHONES) < 5000:
                INDEXED_PHONES.extend(d["citizen"]["phone"] for d in plan.docs if d["citizen"].get("phone"))
            done["sink"] += len(part)
        if base_idx:
            docs = plan_batch(records, base_idx, now).docs
            actions = [{"_op_type": "index", "_index": base_idx, "_id": d["request_id"], "_source": d} for d in docs]
            t0 = time.perf_counter()
            ok, errors = helpers.bulk(es, actions, chunk_size=BATCH_DOCS, raise_on_error=False)
            spent["baseline"] += time.perf_counter() - t0
            assert not errors, errors[:1]
            done["baseline"] += ok
        if done["sink"] % 50_000 == 0 or done["sink"] == n:
            rates = "  ".join(f"{k} {done[k] / max(spent[k], 1e-9):,.0f} docs/s" for k in done if done[k])
            print(f"  {done['sink']:>9,}/{n:,}  {rates}", flush=True)
        if done["sink"] in every:
            checkpoint(done["sink"])
    return {k: (spent[k], done[k]) for k in done}


def latencies(es: Elasticsearch, index: str, params: list[SearchParams]) -> tuple[float, float, float]:
    role = Role.parse("supervisor")
    times, hits = [], []
    for p in params:
        body = search_body(p, role)
        t0 = time.perf_counter()
        resp = es.search(index=index, **body)
        times.append((time.perf_counter() - t0) * 1000)
        hits.append(resp["hits"]["total"]["value"])
    times.sort()
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    return statistics.median(times), p99, statistics.mean(hits)


def national_forms(phone: str, rnd: random.Random) -> str:
    local = phone[3:]
    return rnd.choice([f"0{local[:3]} {local[3:6]} {local[6:8]} {local[8:]}", f"+90 {local[:3]} {local[3:6]} {local[6:]}",
                       phone[1:], phone])


def start_embedded() -> tuple[object, str]:
    from tests.support import start_noida

    server = start_noida(Path(tempfile.mkdtemp(prefix="bench-noida-")) / "data")
    return server, server.es_url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--citizens", type=int, default=200_000, help="distinct citizens (about 5 requests each)")
    ap.add_argument("--queries", type=int, default=300, help="queries per kind")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--checkpoints", default="", help="also measure search latency at these sizes, e.g. 50000,200000")
    ap.add_argument("--batch", type=int, default=BATCH_DOCS, help="documents per sink batch (the sink's default)")
    args = ap.parse_args()
    url = os.environ.get("CIVICDESK_ELASTICSEARCH_URL")
    server = None
    if not url:
        server, url = start_embedded()
    es = Elasticsearch(url, request_timeout=120)
    try:
        info = es.info()
        print(f"engine: {info['version'].get('number')} at {url}; {args.docs:,} synthetic requests", file=sys.stderr)
        sink_idx, base_idx = "bench-sink", "bench-baseline"
        create_index(es, sink_idx)
        es.options(ignore_status=404).indices.delete(index=f"{sink_idx}-identities")
        if not args.skip_baseline:
            create_index(es, base_idx)
        rnd = random.Random(11)

        def kinds(k: int) -> dict[str, list[SearchParams]]:
            return {
                "citizen": [SearchParams(citizen=national_forms(rnd.choice(INDEXED_PHONES), rnd)) for _ in range(k)],
                "neighbourhood": [SearchParams(neighbourhood=rnd.choice(NEIGHBOURHOODS)) for _ in range(k)],
                "full-text": [SearchParams(q=rnd.choice(WORDS)) for _ in range(k)],
            }

        def measure(size: int) -> None:
            es.indices.refresh(index=sink_idx)
            for kind, params in kinds(args.queries).items():
                p50, p99, mean_hits = latencies(es, sink_idx, params)
                print(f"  at {size:>9,} docs: search {kind:<13} p50 {p50:8.1f} ms  p99 {p99:8.1f} ms  "
                      f"(n={len(params)}, mean total hits {mean_hits:,.0f})", flush=True)

        every = {int(x) for x in args.checkpoints.split(",") if x} if args.checkpoints else set()
        figures = index_both(es, sink_idx, None if args.skip_baseline else base_idx, args.docs, args.citizens,
                             args.batch, measure, every)
        (sink_s, sink_n), (base_s, base_n) = figures["sink"], figures["baseline"]
        es.indices.put_settings(index=sink_idx, settings={"refresh_interval": "1s"})
        es.indices.refresh(index=sink_idx)
        count = es.count(index=sink_idx)["count"]
        print(f"\nindexed and counted: {count:,} (expected {sink_n:,})")
        print(f"sink path (decode+validate+document+bulk): {sink_n / sink_s:,.0f} docs/s  ({sink_s:.1f} s)")
        if base_n:
            print(f"raw helpers.bulk baseline:                 {base_n / base_s:,.0f} docs/s  ({base_s:.1f} s)")
        if sink_n not in every:
            measure(sink_n)
        return 0 if count == sink_n else 1
    finally:
        es.close()
        if server is not None:
            server.server.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
