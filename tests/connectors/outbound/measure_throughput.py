"""Throughput of `civicdesk outbound` on the embedded broker against the local fake providers.

    .venv/bin/python -m tests.connectors.outbound.measure_throughput [N]

Publishes N SMS and N Telegram replies (distinct requests) to requests.outbound, runs the
worker, and times until all 2N results are on requests.outbound.results. Not a test: the
figure depends on the machine (the fakes answer in well under a millisecond, so this measures
the worker, not a provider).
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from confluent_kafka import Producer

from connectors.outbound.worker import run_outbound
from civicdesk.kafka import ensure_topics
from schemas.topics import DLQ, OUTBOUND, OUTBOUND_RESULTS, declare_topics
from tests.connectors.outbound.conftest import outbound_settings
from tests.connectors.outbound.fakes import FakeProviders, FakeSmtp
from tests.connectors.outbound.messages import outbound
from tests.support import read_topic, start_noida, unique


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    noida, providers, smtp = start_noida(tmp / "noida"), FakeProviders(), FakeSmtp()
    try:
        settings = outbound_settings(providers, smtp, tmp / "data", kafka_bootstrap_servers=noida.bootstrap,
                                     elasticsearch_url=noida.es_url, outbound_group_id=unique("bench-"))
        ensure_topics(noida.bootstrap, [s for s in declare_topics(()) if s.name in (OUTBOUND, OUTBOUND_RESULTS, DLQ)])
        now = datetime.now(timezone.utc)
        producer = Producer({"bootstrap.servers": noida.bootstrap, "linger.ms": 5})
        for i in range(n):
            for channel in ("sms", "telegram"):
                m = outbound(channel, request_id=f"{i:020d}", text=f"Talebiniz {i} alındı", now=now)
                producer.produce(OUTBOUND, key=m.request_id.encode(), value=m.to_json())
        producer.flush(30)
        stop = threading.Event()
        started = time.perf_counter()
        worker = threading.Thread(target=run_outbound, args=(settings, stop), daemon=True)
        worker.start()
        found = read_topic(noida.bootstrap, OUTBOUND_RESULTS, timeout=300, until=2 * n)
        elapsed = time.perf_counter() - started
        stop.set()
        worker.join(30)
        print(f"{len(found)} messages settled in {elapsed:.1f} s = {len(found) / elapsed:.0f} messages/s "
              f"(including consumer start-up and group join); provider calls: {len(providers.received)}")
    finally:
        providers.stop()
        smtp.stop()
        noida.server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
