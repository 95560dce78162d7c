"""The HTTP service alone: signed Twilio SMS webhooks -> requests.raw (issue 5, "Speed", latency half).

    .venv/bin/python bench/bench_http.py [--clients 32] [--seconds 10] [--rate 200] [--profile]

One run, on a fresh noida-db broker (own data dir, free ports), topics created as the stack does,
two servers measured one after the other with the same load:
  baseline  a bare Starlette app on uvicorn (same loop and HTTP parser as the service): read the
            body, one produce to requests.raw with `producer_config`, await its delivery report;
  service   `civicdesk serve` (the real app: signature check, normalise, publish, TwiML answer).
Each server gets two phases from this process (raw HTTP/1.1 keep-alive sockets on uvloop, requests
signed beforehand, so the load generator costs little of the 2 cores):
  closed    `--clients` connections posting back to back for `--seconds`: capacity;
  open      `--rate` posts/s on a schedule for `--seconds`: latency at the issue's load; the clock
            starts at the scheduled send time, so waiting for a free connection counts.
Reported per phase: requests/s, p50/p99/max of the answer, and the server process's CPU-seconds per
request from /proc (on a shared box the CPU cost is what a load spike does not distort; 1/that is
the rate one core would sustain). Ratios service/baseline close the table. `--profile` records the
service's closed phase with py-spy and prints the functions with the most samples.
Writes bench/results/http-<UTC date>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from civicdesk.embedded import free_port, stop_process_group, wait_for  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TOKEN = "bench-twilio-token"
PATH = "/webhooks/twilio/sms"
TEXTS = ("Sokakta su borusu patladı, yol göl oldu", "Çöpler üç gündür alınmadı, koku dayanılmaz",
         "Parktaki sokak lambası yanmıyor", "Otobüs durağının camı kırık, çocuklar için tehlikeli")


# --- the baseline server (run as a child: `bench_http.py --serve-baseline`) --------------------

def serve_baseline(port: int, bootstrap: str) -> None:
    """What any webhook endpoint must do at least: read the body, produce it, await its delivery."""
    import uvicorn
    from confluent_kafka import Producer
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from civicdesk.embedded import uvicorn_options
    from civicdesk.kafka import producer_config

    producer = Producer(producer_config(bootstrap, **{"client.id": "bench-baseline"}))
    stop = False

    def poll() -> None:
        while not stop:
            producer.poll(0.05)

    import threading

    threading.Thread(target=poll, daemon=True).start()

    async def webhook(request: Request) -> Response:
        body = await request.body()
        loop = asyncio.get_running_loop()
        fut = loop.create_future()

        def delivered(err: object, msg: object) -> None:
            loop.call_soon_threadsafe(lambda: fut.done() or fut.set_result(err))

        producer.produce("requests.raw", value=body, key=uuid.uuid4().bytes, on_delivery=delivered)
        if await fut is not None:
            return Response("kafka", status_code=503)
        return Response("<Response/>", media_type="application/xml")

    async def health(request: Request) -> Response:
        return Response("ok")

    app = Starlette(routes=[Route(PATH, webhook, methods=["POST"]), Route("/health", health)])
    uvicorn.run(app, host="127.0.0.1", port=port, **uvicorn_options(access_log=False, log_level="warning"))


# --- load -------------------------------------------------------------------------------------

def signed_requests(n: int, base_url: str, host: str) -> list[bytes]:
    """n distinct Twilio SMS webhooks as raw HTTP/1.1 requests, signed as Twilio signs them."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(TOKEN)
    run = uuid.uuid4().hex[:8]
    out = []
    for i in range(n):
        sid = f"SM{run}{i:024d}"
        params = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32,
                  "From": f"+90533{i % 10**7:07d}", "To": "+908501530153", "Body": TEXTS[i % len(TEXTS)],
                  "NumMedia": "0", "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01",
                  "FromCountry": "TR"}
        body = urlencode(params).encode()
        sig = validator.compute_signature(base_url + PATH, params)
        head = (f"POST {PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"X-Twilio-Signature: {sig}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        out.append(head + body)
    return out


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "Connection":
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def post(self, raw: bytes) -> int:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50": None, "p99": None, "max": None}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"n": len(ordered), "p50": at(0.5), "p99": at(0.99), "max": round(ordered[-1] * 1000, 2)}


async def closed_loop(port: int, requests: list[bytes], clients: int, seconds: float) -> tuple[list[float], Counter]:
    conns = [await Connection.open(port) for _ in range(clients)]
    latencies: list[float] = []
    statuses: Counter = Counter()
    feed = iter(requests)
    deadline = time.perf_counter() + seconds

    async def client(conn: Connection) -> None:
        for raw in feed:
            t = time.perf_counter()
            if t > deadline:
                return
            statuses[await conn.post(raw)] += 1
            latencies.append(time.perf_counter() - t)

    await asyncio.gather(*(client(c) for c in conns))
    for c in conns:
        c.close()
    return latencies, statuses


async def open_loop(port: int, requests: list[bytes], rate: int, seconds: float) -> tuple[list[float], Counter]:
    idle: list[Connection] = [await Connection.open(port) for _ in range(16)]
    latencies: list[float] = []
    statuses: Counter = Counter()

    async def one(raw: bytes, scheduled: float) -> None:
        conn = idle.pop() if idle else await Connection.open(port)
        statuses[await conn.post(raw)] += 1
        latencies.append(time.perf_counter() - scheduled)
        idle.append(conn)

    tasks = []
    t0 = time.perf_counter()
    for i in range(int(rate * seconds)):
        at = t0 + i / rate
        delay = at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(requests[i], at)))
    await asyncio.wait(tasks, timeout=30)
    for c in idle:
        c.close()
    return latencies, statuses


def tree_cpu_seconds(pid: int) -> float:
    """CPU of a process and its live children (noida-db's launcher runs the engine as a child)."""
    total = cpu_seconds(pid)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                total += cpu_seconds(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    return total


BROKER_PID = 0  # noida-db's launcher, set in main(): its CPU per request is reported beside the server's


def phase(name: str, pid: int, run, *args) -> dict:  # type: ignore[no-untyped-def]
    cpu0, broker0, t0 = cpu_seconds(pid), tree_cpu_seconds(BROKER_PID), time.perf_counter()
    latencies, statuses = asyncio.run(run(*args))
    wall, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
    broker = tree_cpu_seconds(BROKER_PID) - broker0
    n = len(latencies)
    return {"phase": name, "requests": n, "statuses": dict(statuses), "wall_s": round(wall, 2),
            "per_s": round(n / wall, 1), "cpu_s": round(cpu, 2),
            "cpu_ms_per_request": round(cpu / max(n, 1) * 1000, 3),
            "broker_cpu_ms_per_request": round(broker / max(n, 1) * 1000, 3),
            "per_cpu_s": round(n / cpu, 1) if cpu else None, **{f"ms_{k}": v for k, v in percentiles(latencies).items()}}


# --- servers ------------------------------------------------------------------------------------

def start_server(kind: str, port: int, bootstrap: str, es_url: str, log_path: Path) -> subprocess.Popen[bytes]:
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, CIVICDESK_KAFKA_BOOTSTRAP_SERVERS=bootstrap, CIVICDESK_ELASTICSEARCH_URL=es_url,
               CIVICDESK_HTTP_PORT=str(port), CIVICDESK_PUBLIC_BASE_URL=base, CIVICDESK_TWILIO_AUTH_TOKEN=TOKEN,
               CIVICDESK_API_KEYS=json.dumps({"bench-key": "supervisor"}), CIVICDESK_LOG_LEVEL="WARNING",
               PYTHONUNBUFFERED="1")
    if kind == "baseline":
        argv = [sys.executable, __file__, "--serve-baseline", str(port), bootstrap]
    else:
        argv = [sys.executable, "-m", "civicdesk.cli", "serve"]
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    import httpx

    wait_for(lambda: proc.poll() is None and httpx.get(f"{base}/health", timeout=1).status_code in (200, 503),
             60, f"{kind} server")
    return proc


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    stop_process_group(proc, 15)


def measure(kind: str, args: argparse.Namespace, bootstrap: str, es_url: str, tmp: Path) -> dict:
    import uvloop

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    per_phase = int(6000 * args.seconds)  # more than the closed phase can post (the baseline does ~3,500/s)
    reqs = signed_requests(per_phase + int(args.rate * args.seconds) + 200, base, f"127.0.0.1:{port}")
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    proc = start_server(kind, port, bootstrap, es_url, tmp / f"{kind}.log")
    out: dict = {"server": kind}
    try:
        phase("warm-up", proc.pid, closed_loop, port, reqs[:200], 8, 30.0)
        spy = None
        if args.profile and kind == "service":
            spy = subprocess.Popen([shutil.which("py-spy", path=os.path.dirname(sys.executable)) or "py-spy", "record",
                                    "--pid", str(proc.pid), "--format", "raw", "--rate", "250", "--nonblocking",
                                    "--output", str(tmp / "service.pyspy.txt")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
        out["closed"] = phase("closed", proc.pid, closed_loop, port, reqs[200:200 + per_phase], args.clients,
                              args.seconds)
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(30)
            out["profile"] = str(tmp / "service.pyspy.txt")
        time.sleep(1.0)
        out["open"] = phase("open", proc.pid, open_loop, port, reqs[200 + per_phase:], args.rate, args.seconds)
    finally:
        stop_server(proc)
    return out


def top_functions(raw_path: Path, limit: int = 25) -> list[tuple[str, float, float]]:
    """(function, % of samples on the stack, % as the innermost frame) from py-spy's raw (collapsed) output."""
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in raw_path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0].rsplit("/", 1)[-1] + ")" if " (" in f else f
                  for f in stack.split(";")]
        for f in set(frames):
            inclusive[f] += n
        own[frames[-1]] += n
    return [(f, round(100 * inclusive[f] / total, 1), round(100 * own[f] / total, 1))
            for f, _ in (own + inclusive).most_common(limit)] if total else []


def table(result: dict) -> str:
    rows = [("server", "phase", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "req/CPU-s", "broker CPU ms/req")]
    for kind in ("baseline", "service"):
        for ph in ("closed", "open"):
            p = result[kind][ph]
            rows.append((kind, ph, str(p["per_s"]), str(p["ms_p50"]), str(p["ms_p99"]), str(p["cpu_ms_per_request"]),
                         str(p["per_cpu_s"]), str(p["broker_cpu_ms_per_request"])))
    r = result["ratios"]
    rows.append(("service/baseline", "closed", str(r["closed_per_s"]), "", "", str(r["closed_cpu_per_request"]), "", ""))
    rows.append(("service/baseline", "open", "", str(r["open_p50"]), str(r["open_p99"]), str(r["open_cpu_per_request"]),
                 "", ""))
    width = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, width)) for row in rows)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-baseline":
        serve_baseline(int(sys.argv[2]), sys.argv[3])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=32, help="connections of the closed phase")
    ap.add_argument("--seconds", type=float, default=10, help="duration of each phase")
    ap.add_argument("--rate", type=int, default=200, help="posts per second of the open phase")
    ap.add_argument("--profile", action="store_true", help="py-spy the service's closed phase")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from classifiers import load_taxonomy
    from civicdesk.kafka import ensure_topics
    from schemas.topics import declare_topics
    from tests.support import start_noida

    tmp = Path(tempfile.mkdtemp(prefix="bench-http-"))
    result: dict = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cores": os.cpu_count(),
                    "clients": args.clients, "seconds": args.seconds, "rate": args.rate,
                    "loadavg_start": os.getloadavg()}
    noida = start_noida(tmp / "noida")
    global BROKER_PID
    BROKER_PID = noida.server.proc.pid
    try:
        ensure_topics(noida.bootstrap, declare_topics(load_taxonomy("municipal").department_codes))
        for kind in ("baseline", "service"):
            print(f"{kind} ...", flush=True)
            result[kind] = measure(kind, args, noida.bootstrap, noida.es_url, tmp)
            print(f"    {result[kind]}", flush=True)
    finally:
        noida.server.stop()
    b, s = result["baseline"], result["service"]

    def ratio(x: float | None, y: float | None) -> float | None:
        return round(x / y, 2) if x is not None and y else None

    result["ratios"] = {
        "closed_per_s": ratio(s["closed"]["per_s"], b["closed"]["per_s"]),
        "closed_cpu_per_request": ratio(s["closed"]["cpu_ms_per_request"], b["closed"]["cpu_ms_per_request"]),
        "open_p50": ratio(s["open"]["ms_p50"], b["open"]["ms_p50"]),
        "open_p99": ratio(s["open"]["ms_p99"], b["open"]["ms_p99"]),
        "open_cpu_per_request": ratio(s["open"]["cpu_ms_per_request"], b["open"]["cpu_ms_per_request"]),
    }
    result["loadavg_end"] = os.getloadavg()
    print(table(result))
    if s.get("profile"):
        result["profile_top"] = top_functions(Path(s["profile"]))
        print("\nservice, closed phase, py-spy: % of samples on the stack / innermost")
        for f, inc, own in result["profile_top"]:
            print(f"  {inc:5.1f} {own:5.1f}  {f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"http-{datetime.now(timezone.utc):%Y-%m-%dT%H%M}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}; logs in {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
