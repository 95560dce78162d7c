"""The intake's satisfaction hook: a citizen's 1-5 answer to a check is taken out of the
ordinary flow (no dedup, no routing) and attached to the request it rates.

    intake (requests.raw, key citizen id) ── pending check for this citizen? (co-partitioned
      table, streams.satisfaction_agent) ── answer_outcome (pure, streams.satisfaction_answers)
         ├─ an answer: requests.classified (its own document: answer_to, the original's
         │             department, closed) + requests.satisfaction (key: the rated request id);
         │             the check is marked answered (one answer per check)
         └─ otherwise: the ordinary intake (a new problem from the same citizen is unaffected)

Redeliveries keep reconciling: the answer is remembered by the redelivery filter with outcome
"answer", so a provider's redelivery is dropped and counted by the ordinary path, and our own
replay after a restart (same source offset) sends the same two records again (both idempotent:
the document id is the request id, the index update keeps the first answer).
No Kafka or Faust import: the sends are injected.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from schemas.request import CitizenRequest
from schemas.satisfaction import SatisfactionAnswer, SatisfactionPending
from streams.dedup import RedeliveryFilter
from streams.report import Report
from streams.satisfaction_answers import (
    Answer,
    PendingChecks,
    answer_outcome,
    as_answer,
)

log = logging.getLogger(__name__)

OUTCOME = "answer"

SendRequest = Callable[[CitizenRequest, "str | None"], Awaitable[None]]
SendAnswer = Callable[[SatisfactionAnswer, "str | None"], Awaitable[None]]


class SatisfactionIntake:
    def __init__(self, pending: PendingChecks, redelivery: RedeliveryFilter, send_classified: SendRequest,
                 send_answer: SendAnswer) -> None:
        self.pending = pending
        self.redelivery = redelivery
        self.send_classified = send_classified
        self.send_answer = send_answer
        self.answers = 0

    async def take(self, req: CitizenRequest, trace: str | None, source: str) -> bool:
        """True when `req` was a satisfaction answer, handled here; False: process it as usual.
        One table read per message; everything else only for citizens with a pending check."""
        found = self.pending.get(req.citizen.id)
        if found is None:
            return False
        pending, answered_by = found
        # The redelivery filter reads only id, time and revision; Report.from_request would
        # also parse phone numbers (~1 ms, bench/bench_satisfaction.py), which the ordinary path does.
        report = Report(req.request_id, req.received_at, "", (), revision=req.revision)
        previous = self.redelivery.previous(report)
        if previous is not None:
            decided = previous[2] or {}
            if decided.get("outcome") == OUTCOME and decided.get("source") == source:
                await self._send(self._replayed(req, decided), trace)  # our own replay
                return True
            return False  # a redelivery: the ordinary path drops and counts it
        if answered_by is not None and answered_by != req.request_id:
            return False  # answered already: one answer per check (an edit of the answer itself goes on)
        answer = answer_outcome(req, pending)
        if answer is None:
            return False
        self.redelivery.remember(report, {"outcome": OUTCOME, "source": source, "score": answer.score.score,
                                          "pending": pending.model_dump(mode="json")})
        self.pending.mark_answered(pending, req.request_id)
        await self._send(answer, trace)
        self.answers += 1
        log.info("satisfaction answer %d/5 to %s from request %s", answer.score.score, pending.request_id,
                 req.request_id)
        return True

    def _replayed(self, req: CitizenRequest, decided: dict) -> Answer:
        pending = SatisfactionPending.model_validate(decided["pending"])
        score = int(decided["score"])
        return Answer(as_answer(req, pending, score),
                      SatisfactionAnswer(request_id=pending.request_id, answer_id=req.request_id, score=score,
                                         channel=req.channel, at=req.received_at))

    async def _send(self, answer: Answer, trace: str | None) -> None:
        await self.send_classified(answer.request, trace)
        await self.send_answer(answer.score, trace)
