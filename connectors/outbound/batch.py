"""Settle one batch from `requests.outbound`: parse, skip what was already sent, deliver the
rest. No Kafka here: the worker hands in raw values and publishes what comes back.

Messages of one request are sent in order (an acknowledgement before the reply that follows
it); different requests are sent in parallel, so one slow provider retrying does not hold
up the citizens waiting on other channels.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Sequence

from pydantic import ValidationError

from connectors.outbound.delivery import RetryPolicy, Send, deliver
from connectors.outbound.sent_ids import SentIds
from schemas.events import DeadLetter
from schemas.outbound import OutboundMessage, OutboundResult
from schemas.request import describe_validation_error


@dataclass(frozen=True)
class Incoming:
    value: bytes
    source: str  # topic[partition]@offset, for the dead letter and the logs


@dataclass(frozen=True)
class BatchOutcome:
    results: tuple[OutboundResult, ...]
    dead_letters: tuple[DeadLetter, ...]
    already_sent: int  # skipped: settled before (a redelivery after a crash, or a second publish)

    def settled_ids(self) -> list[str]:
        """Ids never to send again: sent, or refused for good. A message given up after
        transient failures stays sendable: publishing it again (same id) retries it."""
        return [r.message_id for r in self.results if r.ok or r.permanent]


def settle_batch(batch: Sequence[Incoming], send: Send, sent_ids: SentIds, policy: RetryPolicy, *,
                 now: Callable[[], datetime], sleep: Callable[[float], None],
                 pool: ThreadPoolExecutor) -> BatchOutcome:
    dead: list[DeadLetter] = []
    by_request: dict[str, list[OutboundMessage]] = {}
    seen: set[str] = set()
    skipped = 0
    for item in batch:
        try:
            message = OutboundMessage.from_json(item.value)
        except ValidationError as exc:
            dead.append(DeadLetter.of("outbound:validate", describe_validation_error(exc), item.value,
                                      source=item.source, content_type="application/json", at=now()))
            continue
        if message.message_id in sent_ids or message.message_id in seen:
            skipped += 1
            continue
        seen.add(message.message_id)
        by_request.setdefault(message.request_id, []).append(message)

    def settle_in_order(messages: list[OutboundMessage]) -> list[OutboundResult]:
        return [deliver(send, m, policy, now=now, sleep=sleep) for m in messages]

    results = [r for group in pool.map(settle_in_order, by_request.values()) for r in group]
    return BatchOutcome(tuple(results), tuple(dead), skipped)
