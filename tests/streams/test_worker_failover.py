"""Two Faust workers in one consumer group on a real broker: stop one mid-stream and nothing
is lost, nothing doubled; the other takes over its partitions and its table state (a
redelivery of a request first seen by the stopped worker is still dropped)."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from confluent_kafka import Producer

from civicdesk.kafka import ensure_topics, producer_config, standard_headers
from classifiers import load_taxonomy
from schemas import topics
from schemas.links import Link
from schemas.request import Citizen, CitizenRequest, RawPayload
from schemas.topics import declare_topics
from tests.support import Server, read_topic, start_noida, start_tansu

pytestmark = pytest.mark.slow

PARTITIONS = 4
TEXTS = [
    "{hood} mahallesinde sokak lambası yanmıyor, akşamları karanlık",
    "{hood} çöpler üç gündür toplanmadı, konteyner taştı",
    "{hood} otobüs durağındaki tabela kırık",
    "{hood} parktaki salıncak kırık çocuklar için tehlikeli",
    "{hood} köpek sahipsiz ve yaralı, yardım edin",
]
HOODS = ["Dikmen", "Kızılay", "Bahçelievler", "Ayrancı", "Etlik", "Çayyolu", "Keçiören", "Sincan"]


@dataclass
class Broker:
    name: str
    bootstrap: str
    es_url: str = "http://127.0.0.1:9"  # workers never call Elasticsearch


# Tansu is left out: Faust's table recovery needs the latest-offset lookup, which Tansu gets
# wrong (it crashes recovery with ConsistencyError, see shared/BACKENDS.md).
@pytest.fixture(scope="module", params=["noida"])
def broker(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    # Its own broker: the session's `live` pipeline would otherwise consume these topics too.
    tmp = tmp_path_factory.mktemp(f"failover-{request.param}")
    if request.param == "noida":
        noida = start_noida(tmp / "noida")
        server, found = noida.server, Broker("noida", noida.bootstrap)
    else:
        server, bootstrap = start_tansu(tmp)
        found = Broker("tansu", bootstrap)
    ensure_topics(found.bootstrap, declare_topics(load_taxonomy("municipal").department_codes, PARTITIONS))
    yield found
    server.stop()


def make_request(i: int, base: datetime) -> CitizenRequest:
    hood = HOODS[i % len(HOODS)]
    text = f"{TEXTS[i % len(TEXTS)].format(hood=hood)} (no {i})"
    return CitizenRequest(channel="sms", external_id=f"SMfail{i:05d}", received_at=base + timedelta(seconds=i),
                          citizen=Citizen.from_identities(phone=f"+90532{i:07d}"), text=text,
                          raw=RawPayload(content_type="text/plain", body=text))


def produce(bootstrap: str, requests: list[CitizenRequest]) -> None:
    p = Producer(producer_config(bootstrap))
    for r in requests:
        p.produce(topics.RAW, key=r.citizen.id.encode(), value=r.to_json(), headers=standard_headers())
    assert p.flush(20) == 0


def start_worker(noida: Broker, name: str, log_dir: Path) -> Server:
    # Tansu completes a group join only after half the session timeout: keep it short there.
    env = {**os.environ, "CIVICDESK_PROCESSING_GUARANTEE": os.environ.get("FAILOVER_GUARANTEE", "at_least_once"), "CIVICDESK_KAFKA_SESSION_TIMEOUT": "6" if noida.name == "tansu" else "10", "CIVICDESK_KAFKA_BOOTSTRAP_SERVERS": noida.bootstrap,
           "CIVICDESK_ELASTICSEARCH_URL": noida.es_url, "CIVICDESK_FAUST_APP_ID": "civicdesk-failover",
           "CIVICDESK_TOPIC_PARTITIONS": str(PARTITIONS), "CIVICDESK_WORKER_WEB_PORT": "0", "CIVICDESK_WORKER_METRICS_PORT": "0",
           "CIVICDESK_DATA_DIR": str(log_dir / name)}
    os.environ.update({})  # the child gets `env`; the test process keeps its own
    import subprocess

    fh = open(log_dir / f"{name}.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "civicdesk.cli", "worker"], env=env, stdout=fh,
                            stderr=subprocess.STDOUT, start_new_session=True)
    return Server(proc, log_dir / f"{name}.log")


def wait_ready(worker: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "Worker]: Ready" in worker.log_path.read_text(errors="replace"):
            return
        assert worker.proc.poll() is None, worker.log_path.read_text()[-3000:]
        time.sleep(0.2)
    raise AssertionError(f"worker not ready: {worker.log_path}")


def wait_taken_over(worker: Server, since: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "Worker ready" in worker.log_path.read_text(errors="replace")[since:]:
            return
        time.sleep(0.2)
    raise AssertionError(f"worker B did not take over within {timeout} s: {worker.log_path}")


def wait_distinct(bootstrap: str, topic: str, key, want: int, timeout: float) -> list:  # type: ignore[no-untyped-def]
    """Every message on `topic` once `want` distinct keys (per `key`) arrived, or at timeout.
    Waits 2 s more before the final read, so a late double would be seen."""
    deadline = time.monotonic() + timeout
    while True:
        msgs = read_topic(bootstrap, topic, timeout=3)
        if len({key(m) for m in msgs} - {None}) >= want or time.monotonic() > deadline:
            time.sleep(2)
            return read_topic(bootstrap, topic, timeout=3)
        time.sleep(1)


def classified_ids(bootstrap: str, want: int, timeout: float) -> Counter[str]:
    msgs = wait_distinct(bootstrap, topics.CLASSIFIED, lambda m: m.key(), want, timeout)
    return Counter(CitizenRequest.from_json(m.value()).request_id for m in msgs)


def redelivery_source(msg) -> str | None:  # type: ignore[no-untyped-def]
    link = Link.model_validate_json(msg.value())
    return link.source if link.kind == "redelivery" else None


def test_stopping_one_of_two_workers_loses_nothing_and_doubles_nothing(broker: Broker, tmp_path: Path) -> None:
    base = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    first = [make_request(i, base) for i in range(300)]
    second = [make_request(i, base) for i in range(300, 600)]
    a = start_worker(broker, "worker-a", tmp_path)
    b = None
    try:  # from the first start: a worker that never gets ready is stopped too, not left running
        wait_ready(a)
        b = start_worker(broker, "worker-b", tmp_path)
        wait_ready(b)
        produce(broker.bootstrap, first)
        seen = classified_ids(broker.bootstrap, 300, timeout=90)
        assert len(seen) == 300, f"only {len(seen)} of the first 300 were processed; see {tmp_path}"
        b_log_before_stop = len(b.log_path.read_text(errors="replace"))
        os.killpg(a.proc.pid, signal.SIGTERM)  # stop worker A
        a.proc.wait(30)
        # Produce the rest once B has taken over A's partitions and restored their tables.
        # (Producing during the rebalance itself lost 1-4% of those messages on noida-db in
        # our runs: an open finding, noted on issue 5; Apache Kafka was not available here.)
        wait_taken_over(b, since=b_log_before_stop)
        # Redeliveries of every first-half request: half of them were first seen by worker A,
        # so B can only drop them if it took over A's table state.
        produce(broker.bootstrap, second + first)
        seen = classified_ids(broker.bootstrap, 600, timeout=120)
        dupes = [m for m in wait_distinct(broker.bootstrap, topics.DUPLICATES, redelivery_source, 300, timeout=60)
                 if redelivery_source(m)]
    finally:
        for w in (a, b):
            if w is not None:
                w.stop()
    if len(seen) != 600:
        lost = {r.request_id for r in first + second} - set(seen)
        where = {stage: len(lost & {CitizenRequest.from_json(m.value()).request_id
                                    for m in read_topic(broker.bootstrap, stage, timeout=3)})
                 for stage in ("civicdesk-stage-dedup", "civicdesk-stage-incidents")}
        half = sum(1 for r in first if r.request_id in lost)
        raise AssertionError(f"lost {len(lost)} requests ({half} from the first half); reached stages: {where}")
    assert max(seen.values()) == 1, f"doubled: {[k for k, v in seen.items() if v > 1][:5]}"
    # A replay after the rebalance may publish a link twice; it names the same raw delivery.
    links = {Link.model_validate_json(m.value()) for m in dupes}
    by_source = {link.source: link.request_id for link in links}
    assert sorted(by_source.values()) == sorted(r.request_id for r in first)
    routed = Counter()
    for dept in load_taxonomy("municipal").department_codes:
        for m in read_topic(broker.bootstrap, topics.dept_topic(dept), timeout=2):
            if dict(m.headers()).get("kind") == b"request":
                routed[m.key().decode()] += 1
    assert max(routed.values()) == 1  # nobody's request reached a department twice
    assert_state_filed_under_its_event(broker.bootstrap)


def assert_state_filed_under_its_event(bootstrap: str) -> None:
    """Agents take batches; every table write must still land on the changelog partition of
    the event that made it (the partition a takeover restores with that event's stream).
    Redelivery state is keyed by request id: its changelog partition must be the partition of
    requests.raw the request came in on, for every write, and every stored value names the
    partition it was written from (streams.faust_tables.PartitionScopedTable)."""
    import json

    raw_partition = {CitizenRequest.from_json(m.value()).request_id: m.partition()
                     for m in read_topic(bootstrap, topics.RAW, timeout=3)}
    writes = read_topic(bootstrap, "civicdesk-failover-redelivery-changelog", timeout=3)
    assert len({json.loads(m.key()) for m in writes}) == 600
    misfiled = [(json.loads(m.key()), m.partition()) for m in writes
                if m.value() and raw_partition[json.loads(m.key())] != m.partition()]
    assert not misfiled, f"redelivery state on the wrong changelog partition: {misfiled[:5]}"
    for table in ("recent-by-person", "incidents", "routed"):
        stored = [(m.partition(), json.loads(m.value())[0])
                  for m in read_topic(bootstrap, f"civicdesk-failover-{table}-changelog", timeout=3) if m.value()]
        assert stored and all(p == written_from for p, written_from in stored), table
