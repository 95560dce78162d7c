"""Ingesting a batch of provider payloads outside HTTP (pollers and `civicdesk ingest`).

Same policy as the webhook pipeline: each payload is normalised on its own; Ignored is
counted, Malformed (or a normaliser crash) is dead-lettered with its bytes, and everything
accepted is published in one call so the producer batches it.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Iterable, Sequence, TypeVar

from civicdesk import metrics
from civicdesk.errors import Ignored, Malformed
from civicdesk.settings import Settings
from connectors.ingest import Ingestor
from schemas.request import CitizenRequest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Payload:
    source: str  # file name, imap uid, tweet id: where it came from, for logs and the DLQ
    data: bytes
    content_type: str


@dataclass
class BatchResult:
    accepted: list[CitizenRequest] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    dead: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"accepted {len(self.accepted)}, ignored {len(self.ignored)}, dead-lettered {len(self.dead)}"


def normalise_all(connector: str, payloads: Iterable[Payload],
                  normalise: Callable[[Payload], Sequence[CitizenRequest]]) -> tuple[BatchResult, list[tuple[Payload, str]]]:
    """Pure part: the outcome of every payload, and the payloads to dead-letter with their reasons."""
    result = BatchResult()
    to_dlq: list[tuple[Payload, str]] = []
    for payload in payloads:
        try:
            found = list(normalise(payload))
            if not found:
                raise Ignored("no citizen message in payload")
            result.accepted.extend(found)
        except Ignored as exc:
            result.ignored.append((payload.source, exc.reason))
            metrics.IGNORED.labels(connector).inc()
        except Malformed as exc:
            result.dead.append((payload.source, exc.reason))
            to_dlq.append((payload, exc.reason))
        except Exception as exc:  # a normaliser bug must not lose the payload or stop the batch
            log.error("%s normaliser failed on %s: %s\n%s", connector, payload.source, exc, traceback.format_exc())
            reason = f"could not normalise payload: {type(exc).__name__}: {exc}"
            result.dead.append((payload.source, reason))
            to_dlq.append((payload, reason))
    return result, to_dlq


async def ingest_batch(ingestor: Ingestor, connector: str, payloads: Iterable[Payload],
                       normalise: Callable[[Payload], Sequence[CitizenRequest]]) -> BatchResult:
    payloads = list(payloads)
    result, to_dlq = normalise_all(connector, payloads, normalise)
    for payload, reason in to_dlq:
        await ingestor.dead_letter(f"connector:{connector}", reason, payload.data,
                                   source=payload.source, content_type=payload.content_type)
    if result.accepted:
        await ingestor.publish(result.accepted)
        metrics.RECEIVED.labels(connector).inc(len(result.accepted))
    return result


T = TypeVar("T")


def run_with_kafka(settings: Settings, work: Callable[[Ingestor], Awaitable[T]]) -> T:
    """Run `work` with a Kafka ingestor for the lifetime of one command."""
    from civicdesk.kafka import AsyncProducer, producer_config
    from connectors.ingest import KafkaIngestor

    async def main() -> T:
        producer = AsyncProducer(producer_config(settings.kafka_servers, **{"client.id": "civicdesk-ingest"}))
        try:
            return await work(KafkaIngestor(producer))
        finally:
            producer.close()

    return asyncio.run(main())
