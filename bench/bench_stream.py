"""Stream-stage throughput and webhook-to-searchable latency (issue 5, "Speed").

    .venv/bin/python bench/bench_stream.py [--n 50000] [--rate 200 --seconds 30] [--profile]

One run, on fresh noida-db instances (own data dirs, free ports), topics created as the stack does:
  (a) baseline: a plain confluent-kafka loop doing the worker's work, in this process:
      consume requests.raw -> validate -> classify (batches of 500) -> Deduplicator (in memory)
      -> produce requests.classified + department/urgent/social/duplicates topics;
  (b) the real Faust worker (`civicdesk worker` subprocess) over the same N raw requests,
      produced at once when it is Ready (after 5 s watched idle: its idle CPU is reported and
      taken out in a second figure), timed from its first to its N-th distinct request id on
      requests.classified;
  (c) the whole pipeline (Stack: worker, sink, HTTP) fed signed Twilio SMS webhooks at a
      steady rate (~10 % urgent): post -> searchable in Elasticsearch (ids query every 50 ms),
      post -> `indexed_at` (sink ack), post -> arrival on requests.urgent.
Prints a table and writes bench/results/stream-<UTC date>.json. `--profile` runs (b) under
cProfile and prints the top functions by cumulative and own time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from civicdesk.embedded import stop_process_group  # noqa: E402
from civicdesk.kafka import ensure_topics, producer_config, standard_headers  # noqa: E402
from classifiers import load_classifier  # noqa: E402
from schemas import topics  # noqa: E402
from schemas.events import DeadLetter  # noqa: E402
from schemas.request import (Citizen, CitizenRequest, Location, RawPayload,  # noqa: E402
                             describe_validation_error)
from schemas.topics import declare_topics  # noqa: E402
from streams.app import STAGE_INCIDENTS  # noqa: E402
from streams.enrich import classify_requests  # noqa: E402
from streams.pipeline import Deduplicator, Outcome  # noqa: E402
from streams.report import Report  # noqa: E402
from streams.routing import route  # noqa: E402
from tests.support import Noida, start_noida  # noqa: E402
from stream_latency import SECRETS, latency  # noqa: E402
from stream_measures import cpu_seconds, end_offsets  # noqa: E402

SAMPLES = ROOT / "demo" / "samples" / "messages.jsonl"
RESULTS = ROOT / "bench" / "results"
PROFILE = "municipal"
BATCH = 500
SWEEP_SECONDS = 600.0  # as streams/app.py: sweep expired dedup state every 10 min of event time
PHONE_CHANNELS = {"sms", "whatsapp", "voice"}


def load_samples() -> list[dict]:
    return [json.loads(line) for line in SAMPLES.read_text("utf-8").splitlines() if line.strip()]





# --- (a)+(b) input: N realistic raw requests ----------------------------------------------------

def build_raw(n: int, samples: list[dict], seed: int = 5) -> list[tuple[bytes, bytes]]:
    """(key, value) of N raw requests as the connectors publish them: sample texts on their own
    channel, ~n/2.5 distinct citizens (some write twice), received one per second up to now
    (50k = ~14 h, a busy day: older ones would all be past their response target and make the
    lifecycle timer publish SLA breaches, work the stream stage does not do live), raw payload
    kept as the provider sent it."""
    rng = random.Random(seed)
    base = datetime.now(timezone.utc) - timedelta(seconds=n)
    people = max(1, int(n / 2.5))
    out = []
    for i in range(n):
        s = samples[rng.randrange(len(samples))]
        who = rng.randrange(people)
        channel = s["channel"]
        if channel in PHONE_CHANNELS:
            citizen = Citizen.from_identities(phone=f"+90532{who:07d}")
        elif channel == "email":
            citizen = Citizen.from_identities(email=f"citizen{who}@example.org")
        else:
            citizen = Citizen.from_identities(handle=str(1_000_000 + who), channel=channel)
        location = Location(lat=s["lat"], lon=s["lon"]) if s.get("lat") is not None else None
        req = CitizenRequest(channel=channel, external_id=f"bench-{seed}-{i:07d}", citizen=citizen,
                             received_at=base + timedelta(seconds=i + rng.random()), text=s["text"],
                             subject=s.get("subject"), location=location,
                             raw=RawPayload.from_bytes("application/json", json.dumps(s, ensure_ascii=False).encode()))
        out.append((citizen.id.encode(), req.to_json()))
    return out


def produce_all(bootstrap: str, records: list[tuple[bytes, bytes]]) -> float:
    producer = Producer(producer_config(bootstrap, **{"queue.buffering.max.messages": 1_000_000}))
    t0 = time.monotonic()
    for key, value in records:
        producer.produce(topics.RAW, key=key, value=value, headers=standard_headers())
        producer.poll(0)
    if producer.flush(60) != 0:
        raise RuntimeError("raw requests not all delivered")
    return time.monotonic() - t0


def written(bootstrap: str) -> dict[str, int]:
    """Messages on every topic of the broker (internal stage topics and changelogs included):
    the difference over a stage is how many messages it wrote per request."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-{uuid.uuid4().hex}"})
    try:
        meta = c.list_topics(timeout=10).topics
        return {t: sum(c.get_watermark_offsets(TopicPartition(t, p), timeout=10)[1] for p in m.partitions)
                for t, m in meta.items() if not t.startswith("__")}
    finally:
        c.close()


def per_request(before: dict[str, int], after: dict[str, int], requests: int) -> dict[str, float]:
    """Messages written per request on each topic that grew, the total first."""
    grew = {t.split("-", 2)[-1] if t.startswith("civicdesk-bench") else t: (n - before.get(t, 0)) / max(1, requests)
            for t, n in after.items() if n > before.get(t, 0)}
    return {"total": round(sum(grew.values()), 2),
            **{t: round(v, 2) for t, v in sorted(grew.items(), key=lambda kv: -kv[1])}}



# --- (a) the plain confluent-kafka loop -------------------------------------------------------

def send(producer: Producer, topic: str, key: bytes | None, value: bytes, headers: list) -> None:
    while True:
        try:
            producer.produce(topic, key=key, value=value, headers=headers)
            return
        except BufferError:
            producer.poll(0.05)


def baseline(bootstrap: str, n: int, budget: float) -> dict:
    clf = load_classifier(PROFILE)
    departments = set(clf.taxonomy.department_codes)
    dedup = Deduplicator()
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-baseline-{uuid.uuid4().hex}",
                         "enable.auto.commit": False})
    parts = consumer.list_topics(topics.RAW, timeout=10).topics[topics.RAW].partitions
    consumer.assign([TopicPartition(topics.RAW, p, 0) for p in parts])
    producer = Producer(producer_config(bootstrap, **{"queue.buffering.max.messages": 1_000_000}))
    outcomes: dict[str, int] = {}
    seen = produced = 0
    t0 = cpu0 = None
    sweep_due = 0.0
    deadline = time.monotonic() + budget
    while seen < n and time.monotonic() < deadline:
        msgs = [m for m in consumer.consume(BATCH, timeout=1.0) if not m.error()]
        if not msgs:
            continue
        if t0 is None:
            t0, cpu0 = time.monotonic(), time.process_time()
        seen += len(msgs)
        valid: list[tuple[CitizenRequest, str | None]] = []
        for m in msgs:
            trace = dict(m.headers() or []).get("trace-id", b"").decode() or None
            try:
                valid.append((CitizenRequest.from_json(m.value()), trace))
            except ValidationError as exc:
                letter = DeadLetter.of("stream:validate", describe_validation_error(exc), m.value(),
                                       source=f"{topics.RAW}[{m.partition()}@{m.offset()}]")
                send(producer, topics.DLQ, None, letter.to_json(), standard_headers(trace))
        for req, (_, trace) in zip(classify_requests(clf, [r for r, _ in valid]), valid):
            report = Report.from_request(req)
            decision = dedup.decide(report)
            outcomes[decision.outcome.value] = outcomes.get(decision.outcome.value, 0) + 1
            # As the worker does (streams/app.py): copies, our own values need no re-validation.
            req = decision.applied_to(req)
            if decision.outcome is not Outcome.redelivery:
                send(producer, topics.CLASSIFIED, req.request_id.encode(), req.to_json(),
                     standard_headers(trace, department=req.department,
                                      urgency=req.urgency.value if req.urgency else None))
                produced += 1
            for r in route(req, departments, decision):
                send(producer, r.topic, r.key, r.value, r.headers(trace))
            if report.at - sweep_due > SWEEP_SECONDS:
                sweep_due = report.at
                dedup.sweep(report.at)
        producer.poll(0)
    producer.flush(60)
    wall = time.monotonic() - (t0 or time.monotonic())
    cpu = time.process_time() - (cpu0 or 0.0)
    consumer.close()
    return {"requests": seen, "complete": seen >= n, "classified": produced, "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "per_s": round(seen / wall, 1) if wall else None, "per_cpu_s": round(seen / cpu, 1) if cpu else None,
            "outcomes": outcomes}


# --- (b) the Faust worker ---------------------------------------------------------------------

def worker_env(noida: Noida, data_dir: Path, app_id: str) -> dict[str, str]:
    env = {**os.environ, "CIVICDESK_KAFKA_BOOTSTRAP_SERVERS": noida.bootstrap, "CIVICDESK_ELASTICSEARCH_URL": noida.es_url,
           "CIVICDESK_DATA_DIR": str(data_dir), "CIVICDESK_FAUST_APP_ID": app_id, "CIVICDESK_WORKER_WEB_PORT": "0",
           "CIVICDESK_WORKER_METRICS_PORT": "0", "CIVICDESK_SINK_METRICS_PORT": "0", "PYTHONUNBUFFERED": "1"}
    env.update({f"CIVICDESK_{k.upper()}": v for k, v in SECRETS.items()})
    return env


# Seconds the worker is watched idle (after Ready, before any input) to measure what it costs
# doing nothing: on noida-db an idle aiokafka consumer re-fetches in a loop (the broker answers
# empty fetches at once instead of waiting fetch.max.wait), ~50 % of a core.
IDLE_SAMPLE_S = 5.0


def faust_worker(noida: Noida, records: list[tuple[bytes, bytes]], tmp: Path, timeout: float, profile: bool) -> dict:
    """Start the worker, wait until Ready, watch it idle, then produce the N raw requests at
    once (a backlog) and time it from the first to the N-th distinct id on requests.classified."""
    n = len(records)
    start = end_offsets(noida.bootstrap, topics.CLASSIFIED)
    log_path = tmp / "faust-worker.log"
    prof_path = tmp / "faust-worker.prof"
    argv = [sys.executable, *(["-m", "cProfile", "-o", str(prof_path)] if profile else []), "-m", "civicdesk.cli", "worker"]
    consumer = Consumer({"bootstrap.servers": noida.bootstrap, "group.id": f"bench-{uuid.uuid4().hex}",
                         "enable.auto.commit": False, "fetch.wait.max.ms": 50})
    consumer.assign(start)
    t_spawn = time.monotonic()
    proc = subprocess.Popen(argv, env=worker_env(noida, tmp / "worker-data", f"civicdesk-bench-{uuid.uuid4().hex[:8]}"),
                            stdout=open(log_path, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    ids: set[bytes] = set()
    first = last = None
    cpu_at_first = cpu_at_last = 0.0
    try:
        while "Worker]: Ready" not in log_path.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() - t_spawn > 120:
                raise RuntimeError(f"worker not ready: {log_path.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        ready = time.monotonic()
        time.sleep(1.0)  # partitions assigned, tables recovered (empty)
        t_idle, cpu_idle = time.monotonic(), cpu_seconds(proc.pid)
        time.sleep(IDLE_SAMPLE_S)
        idle_share = (cpu_seconds(proc.pid) - cpu_idle) / (time.monotonic() - t_idle)
        t_input, cpu_at_input = time.monotonic(), cpu_seconds(proc.pid)
        produce_s = produce_all(noida.bootstrap, records)
        while len(ids) < n and time.monotonic() - t_input < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"worker died: {log_path.read_text(errors='replace')[-2000:]}")
            for m in consumer.consume(1000, timeout=0.5):
                if m.error() or m.key() in ids:
                    continue
                ids.add(m.key())
                now = time.monotonic()
                if first is None:
                    first, cpu_at_first = now, cpu_seconds(proc.pid)
                last = now
            if first is not None and last is not None:
                cpu_at_last = cpu_seconds(proc.pid)
        t_end, cpu_at_end = time.monotonic(), cpu_seconds(proc.pid)
    finally:
        consumer.close()
        stop_process_group(proc, 60)
    span = (last - first) if first is not None and last is not None else 0.0
    cpu = cpu_at_last - cpu_at_first
    # CPU beyond what the worker burns idle: what the requests cost (an over-correction if
    # anything: a busy consumer's fetches return records, so it re-fetches less).
    busy = cpu - idle_share * span
    out = {"requests": len(ids), "complete": len(ids) >= n, "startup_s": round(ready - t_spawn, 2),
           "produce_s": round(produce_s, 2), "first_output_after_s": round((first or t_end) - t_input, 2),
           "seconds": round(span, 2), "cpu_seconds": round(cpu, 2),
           "per_s": round((len(ids) - 1) / span, 1) if span else None,
           "per_cpu_s": round((len(ids) - 1) / cpu, 1) if cpu > 0 else None,
           "idle_cpu_share": round(idle_share, 3), "busy_cpu_seconds": round(busy, 2),
           "per_busy_cpu_s": round((len(ids) - 1) / busy, 1) if busy > 0 else None, "log": str(log_path)}
    # With a backlog the intake agent may run ahead of the route agent: the stage topic says how
    # far each stage got between the input and the end of the budget.
    since = t_end - t_input
    out["since_input_s"], out["cpu_since_input_s"] = round(since, 2), round(cpu_at_end - cpu_at_input, 2)
    for stage, topic in (("deduplicated_stage", STAGE_INCIDENTS), ("routed", topics.CLASSIFIED)):
        done = sum(tp.offset for tp in end_offsets(noida.bootstrap, topic)) - (
            sum(tp.offset for tp in start) if topic == topics.CLASSIFIED else 0)
        out[stage] = {"requests": done, "per_s": round(done / since, 1) if since else None,
                      "per_cpu_s": round(done / (cpu_at_end - cpu_at_input), 1) if cpu_at_end > cpu_at_input else None}
    if profile and prof_path.exists():
        out["profile"] = str(prof_path)
    return out


def print_profile(path: str, limit: int = 30) -> None:
    import pstats

    stats = pstats.Stats(path)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


# --- main ---------------------------------------------------------------------------------------

def table(result: dict) -> str:
    a, b, c = result.get("baseline"), result.get("faust") or {}, result.get("latency") or {}
    rows = [
        ("baseline confluent loop", f"{a['per_s']} req/s", f"{a['per_cpu_s']} req/CPU-s", f"{a['requests']} in {a['seconds']} s"),
        ("faust worker", f"{b['per_s']} req/s", f"{b['per_cpu_s']} req/CPU-s",
         f"{b['requests']} in {b['seconds']} s (+{b['startup_s']} s start)"),
        ("  faust, idle CPU taken out", "", f"{b['per_busy_cpu_s']} req/CPU-s",
         f"idle worker: {round(b['idle_cpu_share'] * 100)} % of a core"),
    ] if a else [("(a), (b) not run", "", "", "--latency-only")]
    for stage in ("deduplicated_stage", "routed"):
        if stage in b:
            rows.append((f"  faust {stage} since input", f"{b[stage]['per_s']} req/s", f"{b[stage]['per_cpu_s']} req/CPU-s",
                         f"{b[stage]['requests']} in {b['since_input_s']} s"))
    if a:
        rows.append(("ratio faust/baseline", f"{result['ratio']}", f"{result['ratio_cpu']}", "target >= 5,000 req/s"))
    for name, key, target in (("HTTP 200", "http_ms", ""), ("post -> searchable", "searchable_ms", "p99 < 1000 ms"),
                              ("post -> indexed_at (ack)", "indexed_at_ms", ""),
                              ("post -> requests.urgent", "urgent_ms", "p99 < 200 ms")):
        if key in c:
            p = c[key]
            rows.append((name, f"p50 {p['p50']} ms", f"p95 {p['p95']} / p99 {p['p99']} ms", f"n={p['n']} {target}"))
    if c.get("cpu_ms_per_request"):
        rows.append(("CPU ms per webhook", " ".join(f"{k} {v}" for k, v in c["cpu_ms_per_request"].items()), "",
                     f"answered {c.get('answered_per_s')}/s"))
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, width)) for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=50_000, help="raw requests for (a) and (b)")
    ap.add_argument("--rate", type=int, default=200, help="webhooks per second for (c)")
    ap.add_argument("--seconds", type=int, default=30, help="duration of (c); 0 skips it")
    # Budgets keep one run near 5 minutes on the shared 2-core box; a stage that runs out
    # reports the rate over what it processed ("complete": false).
    ap.add_argument("--budget", type=float, default=60, help="seconds (a) may run")
    ap.add_argument("--worker-timeout", type=float, default=150, help="seconds (b) may run after its input is produced")
    ap.add_argument("--profile", action="store_true", help="run (b) under cProfile and print the hot spots")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data dirs and logs")
    ap.add_argument("--latency-only", action="store_true", help="run only (c), the webhook latency stage")
    args = ap.parse_args()
    # `timeout` sends SIGTERM: unwind through the finally blocks so the worker, the stack and
    # noida-db (own sessions, they would outlive us) are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    samples = load_samples()
    tmp = Path(tempfile.mkdtemp(prefix="bench-stream-"))
    result: dict = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "n": args.n,
                    "cores": os.cpu_count(), "loadavg_start": os.getloadavg()}
    t = time.monotonic()
    records = build_raw(args.n, samples)
    result["build_s"] = round(time.monotonic() - t, 2)
    departments = load_classifier(PROFILE).taxonomy.department_codes
    # One broker per stage: the worker's lifecycle agent reads requests.classified from the
    # start, so the baseline's output on a shared broker would become the worker's input.
    for stage in () if args.latency_only else ("baseline", "faust"):
        noida = start_noida(tmp / f"noida-{stage}")
        try:
            ensure_topics(noida.bootstrap, declare_topics(departments))
            if stage == "baseline":
                result["produce_baseline_s"] = round(produce_all(noida.bootstrap, records), 2)
            before = written(noida.bootstrap)
            print(f"({stage}) over {args.n} ...", flush=True)
            if stage == "baseline":
                result[stage] = baseline(noida.bootstrap, args.n, args.budget)
            else:
                result[stage] = faust_worker(noida, records, tmp, args.worker_timeout, args.profile)
                before[topics.RAW] = before.get(topics.RAW, 0) + args.n  # its input, not its output
            result[stage]["written_per_request"] = per_request(before, written(noida.bootstrap),
                                                               max(result[stage]["requests"], 1))
            print(f"    {result[stage]}", flush=True)
        finally:
            noida.server.stop()
    del records
    a, b = result.get("baseline") or {}, result.get("faust") or {}
    # End to end (first to N-th output) when the worker finished, else what got routed since its input.
    b_s, b_cpu = (b["per_s"], b["per_cpu_s"]) if b.get("complete") else (
        b.get("routed", {}).get("per_s"), b.get("routed", {}).get("per_cpu_s"))
    result["ratio"] = round(b_s / a["per_s"], 3) if a.get("per_s") and b_s is not None else None
    result["ratio_cpu"] = round(b_cpu / a["per_cpu_s"], 3) if a.get("per_cpu_s") and b_cpu is not None else None
    if args.seconds > 0:
        print(f"(c) {args.rate} webhooks/s for {args.seconds} s ...", flush=True)
        result["latency"] = latency(tmp, args.rate, args.seconds, samples)
    result["loadavg_end"] = os.getloadavg()
    print(table(result))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"stream-{datetime.now(timezone.utc):%Y-%m-%dT%H%M}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}; logs in {tmp}")
    if args.profile and b.get("profile"):
        print_profile(b["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
