"""`requests.outbound` -> `civicdesk outbound` worker -> fake providers -> `requests.outbound.results`,
on the embedded Kafka broker (noida-db); then a restart that must not send anything twice."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
from confluent_kafka import Producer

from connectors.outbound.worker import WorkerStats, run_outbound
from civicdesk.kafka import ensure_topics
from civicdesk.settings import Settings
from schemas.events import DeadLetter
from schemas.outbound import OutboundMessage, OutboundResult
from schemas.topics import DLQ, OUTBOUND, OUTBOUND_RESULTS, declare_topics
from tests.connectors.outbound.conftest import outbound_settings
from tests.connectors.outbound.fakes import FakeProviders, FakeSmtp
from tests.connectors.outbound.messages import outbound
from tests.support import Noida, read_topic, unique

pytestmark = pytest.mark.slow


class Running:
    def __init__(self, settings: Settings) -> None:
        self.stop = threading.Event()
        self.slept: list[float] = []
        self.stats: WorkerStats | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(settings,), daemon=True)
        self._thread.start()

    def _run(self, settings: Settings) -> None:
        try:
            self.stats = run_outbound(settings, self.stop, sleep=self.slept.append, poll_timeout=0.2)
        except BaseException as exc:  # surfaced by join()
            self.error = exc

    def join(self) -> WorkerStats:
        self.stop.set()
        self._thread.join(20)
        if self.error:
            raise self.error
        assert self.stats is not None
        return self.stats


@pytest.fixture
def worker_settings(noida: Noida, providers: FakeProviders, smtp: FakeSmtp, tmp_path: Path) -> Settings:
    settings = outbound_settings(providers, smtp, tmp_path, kafka_bootstrap_servers=noida.bootstrap,
                                 elasticsearch_url=noida.es_url, outbound_group_id=unique("outbound-"))
    ensure_topics(noida.bootstrap, [s for s in declare_topics(()) if s.name in (OUTBOUND, OUTBOUND_RESULTS, DLQ)])
    return settings


@pytest.fixture
def producer(noida: Noida) -> Iterator[Producer]:
    p = Producer({"bootstrap.servers": noida.bootstrap})
    yield p
    p.flush(10)


def publish(producer: Producer, *values: tuple[str, bytes]) -> None:
    for key, value in values:
        producer.produce(OUTBOUND, key=key.encode(), value=value)
    assert producer.flush(10) == 0


def results_for(noida: Noida, ids: set[str], until: int | None, timeout: float = 30) -> list[OutboundResult]:
    msgs = read_topic(noida.bootstrap, OUTBOUND_RESULTS, timeout=timeout, until=until,
                      match=lambda m: json.loads(m.value())["message_id"] in ids)
    return [OutboundResult.from_json(m.value()) for m in msgs]


def test_outbound_topic_to_providers_and_results_then_an_idempotent_restart(
        noida: Noida, worker_settings: Settings, providers: FakeProviders, smtp: FakeSmtp, producer: Producer) -> None:
    now = datetime.now(timezone.utc)
    request_id = unique("r")  # one key: one partition, so the sentinel below comes after the rest
    marker = unique("m")
    sms = outbound("sms", request_id=request_id, text=f"Talebiniz alındı {marker}", kind="acknowledgement", now=now)
    mail = outbound("email", request_id=request_id, text=f"Ekip yolda {marker}", now=now)
    late = outbound("instagram", request_id=request_id, text=f"Geç cevap {marker}", now=now,
                    since_citizen=timedelta(days=9))  # outside Meta's window: permanent, no call made
    malformed = json.dumps({"request_id": request_id, "channel": "pigeon", "marker": marker}).encode()
    publish(producer, *[(request_id, m.to_json()) for m in (sms, mail, late)], (request_id, malformed))

    first = Running(worker_settings)
    results = {r.message_id: r for r in results_for(noida, {sms.message_id, mail.message_id, late.message_id}, 3)}
    stats = first.join()

    assert results[sms.message_id].ok and results[mail.message_id].ok
    assert results[late.message_id].permanent and "7 days" in results[late.message_id].error
    assert results[sms.message_id].provider_message_id.startswith("SM")
    [sms_call] = [r for r in providers.requests_to("twilio") if marker in r.fields.get("Body", "")]
    assert sms_call.fields["To"] == "+905321234567"
    [sent_mail] = [m for m in smtp.mails if marker.encode() in m.content]
    assert b"In-Reply-To: <CAF=abc123@mail.example.com>" in sent_mail.content
    dead = [d for d in (DeadLetter.model_validate_json(m.value()) for m in
                        read_topic(noida.bootstrap, DLQ, timeout=10, until=1,
                                   match=lambda m: b'"outbound:validate"' in m.value()))
            if marker.encode() in d.raw()]
    assert len(dead) == 1 and dead[0].stage == "outbound:validate"
    assert stats.sent >= 2 and stats.failed >= 1

    # Restart from the beginning of the topic (a new consumer group, as after lost offsets):
    # the settled ids in the data dir keep every message from going out twice.
    sentinel = outbound("telegram", request_id=request_id, text=f"Son {marker}", now=now)
    restarted = worker_settings.model_copy(update={"outbound_group_id": unique("outbound-")})
    second = Running(restarted)
    publish(producer, (request_id, sentinel.to_json()))
    assert results_for(noida, {sentinel.message_id}, 1)[0].ok
    stats2 = second.join()
    assert stats2.already_sent >= 3
    assert len([r for r in providers.requests_to("twilio") if marker in r.fields.get("Body", "")]) == 1
    assert len([m for m in smtp.mails if marker.encode() in m.content]) == 1
    # Everything on the topic by now (read for 2 s, the results are already there).
    every = results_for(noida, {sms.message_id, mail.message_id, late.message_id, sentinel.message_id}, None, 2)
    assert sorted(r.message_id for r in every) == sorted({sms.message_id, mail.message_id, late.message_id,
                                                          sentinel.message_id})  # one result each, none doubled
