"""The embedded stack: noida-db (Kafka + Elasticsearch APIs) and the civicdesk processes.

One supervisor starts the children in order, prefixes their logs, stops them in reverse order
on Ctrl-C or SIGTERM, and stops everything if one dies (a half-running pipeline silently
loses requests; better to stop loudly).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Sequence

import httpx

from civicdesk.settings import Settings

log = logging.getLogger("civicdesk.stack")

DEV_SECRET_NAMES = ("twilio_auth_token", "meta_app_secret", "meta_verify_token", "telegram_secret_token",
                    "voice_token")


def uvicorn_options(*, access_log: bool, log_level: str) -> dict[str, object]:
    """How `civicdesk serve` runs uvicorn (the benchmark's baseline endpoint runs the same way).

    uvloop and httptools (C event loop and HTTP parser, what `uvicorn[standard]` brings) when
    installed, else asyncio and h11. bench/bench_http.py measures the service against a bare
    endpoint served the same way. The access log (a setting, off by default) writes one line
    per request; the webhook metrics already count every answer by connector.
    """
    import importlib.util

    fast = importlib.util.find_spec("uvloop") is not None and importlib.util.find_spec("httptools") is not None
    return {
        "loop": "uvloop" if fast else "asyncio",
        "http": "httptools" if fast else "h11",
        "access_log": access_log,
        "log_level": log_level.lower(),
        # Providers reuse connections; 5 s (uvicorn's default) is kept, stated here to be seen.
        "timeout_keep_alive": 5,
    }


class StackError(RuntimeError):
    """The stack cannot start; the message says why and what to do."""


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc: subprocess.Popen[bytes], timeout: float) -> bool:
    """SIGTERM the process group (children started with start_new_session), wait `timeout`,
    then SIGKILL. False when it had to be killed (it did not stop in time)."""
    if proc.poll() is not None:
        return True
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    try:
        proc.wait(timeout)
        return True
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
        return False


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        time.sleep(interval)
    raise StackError(f"{what} did not become ready within {timeout:.0f} s")


class StackLock:
    """One `civicdesk up` per data directory: an exclusive flock on `<data_dir>/up.lock`."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "up.lock"
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            pid = fh.read().strip() or "?"
            fh.close()
            raise StackError(f"civicdesk is already running on data directory {self.path.parent} (pid {pid}); "
                             "stop it with Ctrl-C first, or use another CIVICDESK_DATA_DIR") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def held_by_other(self) -> bool:
        if not self.path.exists():
            return False
        with open(self.path, "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
            return False

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def dev_secrets(settings: Settings) -> dict[str, str]:
    """Secrets for the embedded development stack, generated once and kept in the data dir (0600).

    Only for settings left unset: production sets them in the environment and nothing is generated.
    """
    path = settings.data_dir / "dev-secrets.json"
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for name in DEV_SECRET_NAMES:
        if getattr(settings, name) is None and name not in stored:
            stored[name] = secrets.token_urlsafe(24)
            changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
    return {k: v for k, v in stored.items() if getattr(settings, k, None) is None}


def noida_binary() -> str:
    found = shutil.which("noida-db", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not found:
        raise StackError("the noida-db binary is missing: pip install noida-db==0.2.3 (make demo does this)")
    return found


@dataclass
class Child:
    name: str
    proc: subprocess.Popen[bytes]
    pump: threading.Thread | None = None


def _pump(name: str, stream: IO[bytes], sink: IO[str]) -> None:
    for line in iter(stream.readline, b""):
        text = line.decode("utf-8", "replace").rstrip()
        if "GLIBC_2.39" in text:  # harmless weak-symbol warning of the noida-db build on Debian 12
            continue
        sink.write(f"{name:>7} | {text}\n")
        sink.flush()


@dataclass
class Stack:
    """Start and stop the embedded servers and the civicdesk processes."""

    settings: Settings
    log_sink: IO[str] = field(default_factory=lambda: sys.stderr)
    extra_env: dict[str, str] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        s = self.settings
        env = dict(os.environ)
        env.update({
            "CIVICDESK_KAFKA_BOOTSTRAP_SERVERS": s.kafka_servers,
            "CIVICDESK_ELASTICSEARCH_URL": s.es_url,
            "CIVICDESK_DATA_DIR": str(s.data_dir),
            "PYTHONUNBUFFERED": "1",
        })
        if s.embedded_kafka or s.embedded_elasticsearch:
            env.update({f"CIVICDESK_{k.upper()}": v for k, v in dev_secrets(s).items()})
        if not s.api_keys:
            # No key configured: a supervisor key kept in the data dir, so the API is never open.
            from sinks.api_keys import dev_api_keys

            env["CIVICDESK_API_KEYS"] = json.dumps(dev_api_keys(s))
        env.update(self.extra_env)
        return env

    def check_ports(self) -> None:
        s = self.settings
        wanted = [("HTTP service", s.http_host, s.http_port, "CIVICDESK_HTTP_PORT")]
        if s.embedded_kafka:
            wanted.append(("embedded Kafka broker", "127.0.0.1", s.embedded_kafka_port, "CIVICDESK_EMBEDDED_KAFKA_PORT"))
        if s.embedded_elasticsearch:
            wanted.append(("embedded Elasticsearch", "127.0.0.1", s.embedded_elasticsearch_port,
                           "CIVICDESK_EMBEDDED_ELASTICSEARCH_PORT"))
        for what, port, var in (("Faust worker web", s.worker_web_port, "CIVICDESK_WORKER_WEB_PORT"),
                                ("worker metrics", s.worker_metrics_port, "CIVICDESK_WORKER_METRICS_PORT"),
                                ("sink metrics", s.sink_metrics_port, "CIVICDESK_SINK_METRICS_PORT")):
            if port:
                wanted.append((what, "127.0.0.1", port, var))
        for what, host, port, var in wanted:
            if port_in_use(host, port):
                raise StackError(f"port {port} ({what}) is already taken on {host}; stop what uses it or set {var}")

    def spawn(self, name: str, argv: Sequence[str]) -> Child:
        proc = subprocess.Popen(list(argv), env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        child = Child(name, proc)
        assert proc.stdout is not None
        child.pump = threading.Thread(target=_pump, args=(name, proc.stdout, self.log_sink), daemon=True)
        child.pump.start()
        self.children.append(child)
        return child

    def start_backends(self) -> None:
        s = self.settings
        if not (s.embedded_kafka or s.embedded_elasticsearch):
            return
        only = ",".join(x for x, on in (("kafka", s.embedded_kafka), ("elasticsearch", s.embedded_elasticsearch)) if on)
        data = (s.data_dir / "noida").resolve()
        data.mkdir(parents=True, exist_ok=True)
        self.spawn("noida", [noida_binary(), "start", "--data-dir", str(data), "--only", only,
                             "--kafka-port", str(s.embedded_kafka_port),
                             "--elasticsearch-port", str(s.embedded_elasticsearch_port)])
        if s.embedded_kafka:
            wait_for(lambda: port_in_use("127.0.0.1", s.embedded_kafka_port), 20, "embedded Kafka broker")
        if s.embedded_elasticsearch:
            wait_for(lambda: httpx.get(s.es_url, timeout=1).status_code == 200, 20, "embedded Elasticsearch")

    def prepare(self) -> None:
        """Topics and index, created idempotently before any worker starts."""
        from classifiers import load_taxonomy
        from civicdesk.kafka import ensure_topics
        from elasticsearch import Elasticsearch
        from schemas.topics import declare_topics
        from sinks.index_admin import ensure_index

        taxonomy = load_taxonomy(self.settings.taxonomy_profile)
        ensure_topics(self.settings.kafka_servers, declare_topics(taxonomy.department_codes, self.settings.topic_partitions))
        with Elasticsearch(self.settings.es_url) as es:
            ensure_index(es, self.settings.index_alias)

    def start_services(self, workers: int = 1) -> None:
        py = [sys.executable, "-m", "civicdesk.cli"]
        for i in range(workers):
            self.spawn(f"worker{i + 1}" if workers > 1 else "worker", [*py, "worker"])
        self.spawn("sink", [*py, "sink"])
        self.spawn("outbound", [*py, "outbound"])
        self.spawn("http", [*py, "serve"])
        url = f"http://{self.settings.http_host}:{self.settings.http_port}/health"
        wait_for(lambda: httpx.get(url, timeout=1).status_code == 200, 60, "HTTP service")

    def start(self) -> None:
        self.check_ports()
        self.start_backends()
        self.prepare()
        self.start_services()

    def dead_child(self) -> Child | None:
        return next((c for c in self.children if c.proc.poll() is not None), None)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop children in reverse start order, each before the next, so workers flush and
        commit while the broker and the search engine are still up."""
        for child in reversed(self.children):
            if not stop_process_group(child.proc, timeout):
                log.warning("%s did not stop within %.0f s; it was killed", child.name, timeout)
        self.children.clear()
