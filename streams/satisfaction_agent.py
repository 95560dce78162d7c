"""Faust wiring of the satisfaction answers: the pending-checks table, the agent that fills
it, and the intake hook that reads it.

    lifecycle (resolved) ── check -> requests.outbound
                         └─ `send_pending`: SatisfactionPending -> requests.satisfaction.pending
                              key: the citizen id an answer will carry (= the key on requests.raw)
    satisfaction-pending agent ── table "satisfaction-pending" (citizen id -> latest check, 7 days)
    intake (streams.app) ── `SatisfactionIntake.take` reads the table on the same partition

Co-partitioning: connectors produce requests.raw with murmur2 (civicdesk.kafka.producer_config),
Faust's producer hashes keys with murmur2 too, and both topics are declared with the same
partition count (schemas/topics.py), so one citizen's pending check and their answer are on
the same partition number, which Faust assigns to one worker together with the table's
changelog partition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import faust

from civicdesk.kafka import standard_headers
from civicdesk.settings import Settings
from schemas import topics
from schemas.outbound import OutboundMessage
from schemas.request import CitizenRequest
from schemas.satisfaction import SatisfactionAnswer, SatisfactionPending
from streams.dedup import RedeliveryFilter
from streams.faust_tables import PartitionScopedTable, run_to_completion
from streams.satisfaction_answers import PendingChecks, pending_for
from streams.satisfaction_intake import SatisfactionIntake, SendRequest

log = logging.getLogger(__name__)

# Expired checks are swept every 10 minutes of event time per partition, as the dedup state is
# (streams.app): a sweep reads the whole table (~1 us a check, 130,000 checks in a busy week).
SWEEP_SECONDS = 600.0

TopicFn = Callable[[str], Any]


async def send_pending(topic: TopicFn, request: dict[str, Any], check: OutboundMessage, trace: str | None) -> None:
    """Called by the lifecycle agent right after it sent `check` for the resolved `request`
    (its table copy). Keyed by the answer's citizen id, not the request id."""
    pending = pending_for(CitizenRequest.model_validate(request), check)
    await topic(topics.SATISFACTION_PENDING).send(key=pending.citizen_id.encode(), value=pending.to_json(),
                                                  headers=standard_headers(trace, kind="satisfaction_pending"))


def register_satisfaction(app: faust.App, settings: Settings, topic: TopicFn, send_classified: SendRequest,
                          redelivery: RedeliveryFilter, raw: dict[str, Any]) -> SatisfactionIntake:
    """The agent filling the pending-checks table; returns the intake's hook over that table."""
    table = PartitionScopedTable(app.Table("satisfaction-pending", default=None,
                                           partitions=settings.topic_partitions))
    checks = PendingChecks(table)
    source = app.topic(topics.SATISFACTION_PENDING, partitions=settings.topic_partitions, **raw)
    swept_at: dict[int, float] = {}  # partition -> event time of its last sweep

    async def send_answer(answer: SatisfactionAnswer, trace: str | None) -> None:
        await topic(topics.SATISFACTION).send(key=answer.request_id.encode(), value=answer.to_json(),
                                              headers=standard_headers(trace, kind="satisfaction_answer"))

    async def remember(value: bytes, where: str, partition: int) -> None:
        try:
            pending = SatisfactionPending.from_json(value)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            # Only the lifecycle agent writes this internal topic: a bad record is a bug to
            # see in the log, and no citizen message is lost by skipping it.
            log.error("%s: unusable satisfaction-pending record skipped: %s", where, exc)
            return
        # Only this partition's expired keys can be deleted here (streams.faust_tables), so
        # each partition keeps its own sweep time.
        at = pending.sent_at.timestamp()
        if checks.put(pending) and at - swept_at.get(partition, 0.0) > SWEEP_SECONDS:
            swept_at[partition] = at
            checks.sweep(pending.sent_at)

    @app.agent(source)
    async def satisfaction_pending(stream: faust.StreamT) -> None:
        async for event in stream.events():
            msg = event.message
            await run_to_completion(remember(event.value or b"", f"{msg.topic}[{msg.partition}]@{msg.offset}",
                                             msg.partition))

    return SatisfactionIntake(checks, redelivery, send_classified, send_answer)

