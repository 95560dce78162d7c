"""The HTTP app in-process (Starlette TestClient, lifespan run) with a real Kafka producer on
the session's noida-db, and a recorder in front of it: the ingestor is the app's only way to
Kafka, so what it saw is what was produced. Tests still read the topics for the end result."""

from __future__ import annotations

import asyncio
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import pytest
from fastapi.testclient import TestClient

from civicdesk.kafka import AsyncProducer, ensure_topics, producer_config
from civicdesk.settings import Settings
from connectors.ingest import KafkaIngestor
from schemas.events import DeadLetter
from schemas.request import CitizenRequest
from schemas.topics import declare_topics
from tests.conftest import settings_for
from tests.support import Noida

OPEN311_KEY = "test-open311-key"


@dataclass
class Recorder:
    """Forwards to Kafka and remembers what went through."""

    inner: KafkaIngestor
    published: list[CitizenRequest] = field(default_factory=list)
    dead: list[DeadLetter] = field(default_factory=list)

    async def publish(self, requests: Sequence[CitizenRequest]) -> None:
        await self.inner.publish(requests)
        self.published.extend(requests)

    async def dead_letter(self, stage: str, reason: str, raw: bytes, *, source: str | None = None,
                          content_type: str | None = None) -> None:
        await self.inner.dead_letter(stage, reason, raw, source=source, content_type=content_type)
        self.dead.append(DeadLetter.of(stage, reason, raw, source=source, content_type=content_type))

    def mark(self) -> tuple[int, int]:
        return len(self.published), len(self.dead)

    def since(self, mark: tuple[int, int]) -> tuple[list[CitizenRequest], list[DeadLetter]]:
        return self.published[mark[0]:], self.dead[mark[1]:]


@dataclass
class Harness:
    settings: Settings
    client: TestClient
    recorder: Recorder
    producer: AsyncProducer

    @property
    def bootstrap(self) -> str:
        return self.settings.kafka_servers

    def run(self, coro: Any) -> Any:
        """Run a batch-path coroutine (email, tweets) with the same producer."""
        return asyncio.run(coro)


@pytest.fixture(scope="session")
def harness(noida: Noida, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    from civicdesk.service import create_app

    data_dir: Path = tmp_path_factory.mktemp("connectors")
    settings = settings_for(noida, data_dir, open311_api_key=OPEN311_KEY, telegram_bot_username="BeyazMasaBot")
    ensure_topics(noida.bootstrap, declare_topics([], partitions=2))
    producer = AsyncProducer(producer_config(noida.bootstrap, **{"client.id": "civicdesk-connector-tests"}))
    recorder = Recorder(KafkaIngestor(producer))
    app = create_app(settings, ingestor=recorder)
    with TestClient(app, base_url=settings.public_base_url, raise_server_exceptions=False) as client:
        h = Harness(settings, client, recorder, producer)
        yield h
    producer.close()
    # Drop every reference so librdkafka's client is destroyed now, not after noida-db has
    # stopped (it would log reconnect failures at exit).
    h.producer = recorder.inner = None  # type: ignore[assignment]
    del producer, h
    gc.collect()
