"""Publishing normalised requests and dead letters to Kafka (the connectors' only I/O seam)."""

from __future__ import annotations

from typing import Protocol, Sequence

from civicdesk import metrics
from civicdesk.kafka import AsyncProducer, Record, standard_headers
from schemas import topics
from schemas.events import DeadLetter
from schemas.request import CitizenRequest


class Ingestor(Protocol):
    async def publish(self, requests: Sequence[CitizenRequest]) -> None: ...

    async def dead_letter(self, stage: str, reason: str, raw: bytes, *, source: str | None = None,
                          content_type: str | None = None) -> None: ...


def raw_record(req: CitizenRequest) -> Record:
    # Keyed by citizen id: one citizen's messages stay in order on one partition.
    headers = standard_headers(channel=req.channel.value, request_id=req.request_id)
    return Record(topics.RAW, req.citizen.id.encode("utf-8"), req.to_json(), headers)


class KafkaIngestor:
    def __init__(self, producer: AsyncProducer) -> None:
        self._producer = producer

    async def publish(self, requests: Sequence[CitizenRequest]) -> None:
        await self._producer.send_many([raw_record(r) for r in requests])

    async def dead_letter(self, stage: str, reason: str, raw: bytes, *, source: str | None = None,
                          content_type: str | None = None) -> None:
        letter = DeadLetter.of(stage, reason, raw, source=source, content_type=content_type)
        await self._producer.send_many([Record(topics.DLQ, None, letter.to_json(), standard_headers(stage=stage))])
        metrics.DEAD_LETTERED.labels(stage).inc()
