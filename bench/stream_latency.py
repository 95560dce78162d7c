"""Part (c) of bench/bench_stream.py: the whole stack (worker, sink, HTTP) fed signed Twilio
SMS webhooks at a steady rate; post -> searchable, post -> indexed, post -> requests.urgent."""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

from confluent_kafka import Consumer

from civicdesk.embedded import Stack, free_port
from civicdesk.settings import Settings
from schemas import topics
from schemas.request import make_request_id
from stream_measures import end_offsets, percentiles, tree_cpu_seconds
from tests.support import start_noida

SECRETS = {"twilio_auth_token": "bench-twilio-token", "meta_app_secret": "bench-meta", "meta_verify_token": "bench-verify",
           "telegram_secret_token": "bench-telegram", "voice_token": "bench-voice"}
API_KEYS = {"bench-supervisor-key": "supervisor"}
IN_FLIGHT = 64  # concurrent webhook posts: 200/s x ~0.3 s answered, with room to spare



# --- (c) webhooks -> searchable / urgent -------------------------------------------------------

def sms_samples(samples: list[dict]) -> tuple[list[dict], list[dict]]:
    urgent = [s for s in samples if (s.get("expected") or {}).get("urgency") in ("urgent", "emergency")]
    normal = [s for s in samples if s not in urgent]
    return normal, urgent


class UrgentWatcher(threading.Thread):
    """Arrival time (wall clock) of each request id on requests.urgent, read as the 24/7 desk would."""

    def __init__(self, bootstrap: str) -> None:
        super().__init__(daemon=True)
        self.seen: dict[str, float] = {}
        self.stop = threading.Event()
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-urgent-{uuid.uuid4().hex}",
                                  "enable.auto.commit": False, "fetch.wait.max.ms": 10})
        self.consumer.assign(end_offsets(bootstrap, topics.URGENT))

    def run(self) -> None:
        while not self.stop.is_set():
            for m in self.consumer.consume(100, timeout=0.05):
                if not m.error() and m.key():
                    self.seen.setdefault(m.key().decode(), time.time())
        self.consumer.close()


async def drive(settings: Settings, rate: int, seconds: int, samples: list[dict], watcher: UrgentWatcher) -> dict:
    import httpx

    from civicdesk.demo_channels import post_twilio

    normal, urgent = sms_samples(samples)
    rng = random.Random(200)
    posts: dict[str, dict] = {}  # request id -> times
    searchable: dict[str, float] = {}
    es_url = f"{settings.es_url}/{settings.index_alias}/_search"

    # At most IN_FLIGHT requests open, each on its own pooled connection: httpcore scans its whole
    # queue for every request, so thousands queued in the pool make the client, not the
    # service, the bottleneck. The clock starts at the scheduled send time, so time spent
    # waiting for a free slot counts against the service (open-loop load).
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def post(client: httpx.AsyncClient, i: int, tag: str) -> None:
        is_urgent = tag == "m" and i % 10 == 0
        s = (urgent if is_urgent else normal)[rng.randrange(len(urgent if is_urgent else normal))]
        sample = {"id": f"bench-{tag}-{uuid.uuid4().hex}", "channel": "sms", "from": {"phone": f"+90533{rng.randrange(10**7):07d}"},
                  "text": s["text"]}
        t_send = time.time()
        async with slots:
            sid, status = await post_twilio(client, sample, SECRETS, settings.public_base_url)
        rid = make_request_id("sms", sid)
        posts[rid] = {"sent": t_send, "ok": time.time(), "status": status, "urgent": is_urgent, "tag": tag}

    async def poll_es(es: httpx.AsyncClient, stop: asyncio.Event) -> None:
        while not stop.is_set():
            pending = [r for r, p in posts.items() if r not in searchable and p["status"] == 200]
            if pending:
                resp = await es.post(es_url, json={"query": {"ids": {"values": pending}}, "size": len(pending),
                                                   "_source": ["indexed_at"]})
                now = time.time()
                for hit in resp.json().get("hits", {}).get("hits", []):
                    searchable.setdefault(hit["_id"], now)
                    at = (hit.get("_source") or {}).get("indexed_at")
                    if at and hit["_id"] in posts:
                        posts[hit["_id"]]["indexed_at"] = datetime.fromisoformat(at).timestamp()
            await asyncio.sleep(0.05)

    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    async with httpx.AsyncClient(base_url=settings.public_base_url, limits=limits, timeout=30) as client, \
            httpx.AsyncClient(timeout=10) as es:
        stop = asyncio.Event()
        poller = asyncio.create_task(poll_es(es, stop))
        # Warm-up: the first requests pay for connections, JIT-less imports and index creation.
        await asyncio.gather(*(post(client, i, "w") for i in range(20)))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(1 for r, p in posts.items() if r in searchable) < 20:
            await asyncio.sleep(0.2)
        if not searchable:
            raise RuntimeError("warm-up requests never became searchable")
        t0, total, tasks = time.monotonic(), rate * seconds, []
        for i in range(total):
            delay = t0 + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(post(client, i, "m")))
        # A service slower than the offered rate would stretch the run without bound: whatever
        # is not answered 15 s after the last scheduled send is cancelled and counted as such.
        done, late = await asyncio.wait(tasks, timeout=15)
        for task in late:
            task.cancel()
        achieved = sum(1 for r, p in posts.items() if p["tag"] == "m") / (time.monotonic() - t0)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(r not in searchable for r, p in posts.items() if p["status"] == 200):
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # urgent copies still in flight
        stop.set()
        await poller
    measured = {r: p for r, p in posts.items() if p["tag"] == "m"}
    ok = {r: p for r, p in measured.items() if p["status"] == 200}
    urgent_seen = {r: watcher.seen[r] - p["sent"] for r, p in ok.items() if r in watcher.seen}
    return {
        "offered": total, "answered": len(measured), "unanswered_cancelled": len(late), "http_200": len(ok),
        "answered_per_s": round(achieved, 1),
        "http_ms": percentiles([p["ok"] - p["sent"] for p in ok.values()]),
        "searchable_ms": percentiles([searchable[r] - p["sent"] for r, p in ok.items() if r in searchable]),
        "searchable_after_200_ms": percentiles([searchable[r] - p["ok"] for r, p in ok.items() if r in searchable]),
        "indexed_at_ms": percentiles([p["indexed_at"] - p["sent"] for p in ok.values() if "indexed_at" in p]),
        "never_searchable": sum(1 for r in ok if r not in searchable),
        "urgent_posted": sum(1 for p in ok.values() if p["urgent"]),
        "urgent_ms": percentiles(list(urgent_seen.values())),
    }


def latency(tmp: Path, rate: int, seconds: int, samples: list[dict]) -> dict:
    noida = start_noida(tmp / "noida-latency")
    port = free_port()
    settings = Settings(data_dir=tmp / "stack", kafka_bootstrap_servers=noida.bootstrap,  # type: ignore[call-arg]
                        elasticsearch_url=noida.es_url, http_port=port, public_base_url=f"http://127.0.0.1:{port}",
                        worker_web_port=0, worker_metrics_port=0, sink_metrics_port=0, api_keys=API_KEYS, **SECRETS)
    env = {f"CIVICDESK_{k.upper()}": v for k, v in SECRETS.items()}
    env.update({"CIVICDESK_API_KEYS": json.dumps(API_KEYS), "CIVICDESK_HTTP_PORT": str(port),
                "CIVICDESK_PUBLIC_BASE_URL": settings.public_base_url, "CIVICDESK_WORKER_WEB_PORT": "0",
                "CIVICDESK_WORKER_METRICS_PORT": "0", "CIVICDESK_SINK_METRICS_PORT": "0"})
    log_path = tmp / "stack.log"
    log = open(log_path, "w")
    stack = Stack(settings, log_sink=log, extra_env=env)
    try:
        stack.prepare()
        stack.start_services()
        deadline = time.monotonic() + 90
        while "Worker]: Ready" not in log_path.read_text(errors="replace"):
            if time.monotonic() > deadline or stack.dead_child():
                raise RuntimeError(f"worker not ready; see {log_path}")
            time.sleep(0.2)
        watcher = UrgentWatcher(noida.bootstrap)
        watcher.start()
        procs = {c.name: c.proc.pid for c in stack.children} | {"noida": noida.server.proc.pid}
        cpu0 = {name: tree_cpu_seconds(pid) for name, pid in procs.items()}
        try:
            result = asyncio.run(drive(settings, rate, seconds, samples, watcher))
        finally:
            watcher.stop.set()
            watcher.join(5)
        # CPU per answered webhook of each process: what the shared 2 cores must supply per
        # request whatever else runs on them (wall-clock latency is distorted by that load).
        answered = max(1, result["http_200"])
        result["cpu_ms_per_request"] = {name: round((tree_cpu_seconds(pid) - cpu0[name]) / answered * 1000, 2)
                                        for name, pid in procs.items()}
        result["rate"], result["seconds"], result["log"] = rate, seconds, str(log_path)
        return result
    finally:
        stack.stop()
        log.close()
        noida.server.stop()

