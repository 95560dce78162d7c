"""Is this message the citizen's answer to a satisfaction check? Pure decisions.

A check (streams.satisfaction) asks for "a single number". The citizen's next message on the
channel the check went out on is its answer when it holds a 1-5 rating (`parse_rating`) and
nothing that reads like a new problem:

- at most 8 words (MAX_WORDS), every one of them a rating or courtesy word (the vocabulary
  below; @mentions are ignored): "5", "5 teşekkürler", "4/5 çok iyi, sağolun", "Πέντε,
  ευχαριστώ πολύ", "@AnkaraBB ⭐⭐⭐⭐ thanks" are answers; "5 numaralı binada su yok",
  "no water 5" and "Sokak lambası 3 gündür yanmıyor" are new problems, processed as usual.
  Strict on purpose: a problem taken for an answer is closed unseen, while an answer taken
  for a problem is only one more short request for the desk;
- no attachment or coordinates (a photo or a pin is a report);
- within 7 days of the check (PENDING_WINDOW) and not before it (2 minutes of CLOCK_SKEW: the
  check's time is the department's status time, the answer's the provider's);
- from the same citizen (the table is keyed by `answer_key`) on the same channel, and only
  the first answer counts: a check is answered once.

`PendingChecks` keeps one pending check per citizen id (the latest sent) over a
MutableMapping: a Faust table co-partitioned with requests.raw in the worker, a dict in tests.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from schemas.outbound import OutboundMessage
from schemas.request import Channel, CitizenRequest, Status, Urgency
from schemas.satisfaction import SatisfactionAnswer, SatisfactionPending
from streams.satisfaction import NUMBER_WORDS, parse_rating
from streams.textfold import local_fold

# Citizens answer within hours; a week matches the redelivery window (streams.dedup) and
# bounds the table at one entry per citizen resolved in the last 7 days (~200 bytes each).
PENDING_WINDOW = timedelta(days=7)
CLOCK_SKEW = timedelta(minutes=2)
# "4/5 çok iyi, teşekkür ederim, sağ olun" is 8 words; the vocabulary does the real work
# and the cap only stops long messages made of courtesy words.
MAX_WORDS = 8

_COURTESY = """
tesekkurler tesekkur teşekkür teşekkürler ederim ederiz sağol sağolun sag sağ ol olun çok cok iyi güzel
harika mükemmel süper super kötü berbat orta idare eder puan puanım puanim puanımız yıldız üzerinden
verdim veriyorum memnunum memnun değilim kaldım kaldik tamam evet hayır merhaba günler iyi akşamlar
rica elinize sağlık allah razı olsun bence notum hizmet tşk tsk tşkler saol saolun eyvallah
ευχαριστώ ευχαριστούμε ευχαριστίες πολύ καλά καλό καλή άριστα τέλεια άψογα κακό κακή μέτρια
βαθμός βαθμολογία αστέρια από στα ναι γεια σας efxaristo efharisto eyxaristw efxaristw poly kala kalo
thanks thank you very good great excellent ok okay bad poor terrible average fine rating rate stars star
out of points score i give it a lot yes hi hello cheers so much service thx ty
"""
COURTESY_WORDS = frozenset(local_fold(w) for w in _COURTESY.split()) | NUMBER_WORDS
_WORD = re.compile(r"\w+|★|⭐")
_MENTION = re.compile(r"@\w+")


def answer_key(request: CitizenRequest, check: OutboundMessage) -> str:
    """The citizen id an answer to `check` will carry on requests.raw (its Kafka key).

    On the request's own channel that is the request's citizen id. A call or a web form is
    answered by SMS (the number) or email (the address), which the connectors make the
    citizen id of the answer (Citizen.from_identities: phone, else email)."""
    if check.channel == request.channel:
        return request.citizen.id
    return check.to.strip().lower() if check.channel is Channel.email else check.to


def pending_for(request: CitizenRequest, check: OutboundMessage) -> SatisfactionPending:
    return SatisfactionPending(request_id=request.request_id, citizen_id=answer_key(request, check),
                               channel=check.channel, department=request.department, number=request.number,
                               sent_at=check.created_at)


def rating_answer(text: str) -> int | None:
    """The 1-5 score when `text` reads as an answer to the check, else None."""
    text = _MENTION.sub(" ", text)
    words = _WORD.findall(local_fold(text))
    if not words or len(words) > MAX_WORDS:
        return None
    if any(not w.isdigit() and w not in ("★", "⭐") and w not in COURTESY_WORDS for w in words):
        return None
    return parse_rating(text)


@dataclass(frozen=True)
class Answer:
    """What an answer becomes: its own document, marked (never routed), and the score."""

    request: CitizenRequest
    score: SatisfactionAnswer


def answer_outcome(req: CitizenRequest, pending: SatisfactionPending | None) -> Answer | None:
    """The answer `req` gives to `pending`, or None when it is an ordinary request."""
    if pending is None or req.channel != pending.channel or req.request_id == pending.request_id:
        return None
    if not pending.sent_at - CLOCK_SKEW <= req.received_at <= pending.sent_at + PENDING_WINDOW:
        return None
    if req.attachments or (req.location is not None and req.location.lat is not None):
        return None
    score = rating_answer(req.text)
    if score is None:
        return None
    return Answer(as_answer(req, pending, score),
                  SatisfactionAnswer(request_id=pending.request_id, answer_id=req.request_id, score=score,
                                     channel=req.channel, at=req.received_at))


def as_answer(req: CitizenRequest, pending: SatisfactionPending, score: int) -> CitizenRequest:
    """Indexed as its own document (the accounting counts every message), filed with the
    request it answers: the original's department, closed, no classification of its own."""
    return req.enrich(answer_to=pending.request_id, department=pending.department, status=Status.closed,
                      type=None, urgency=Urgency.normal, confidence=None, needs_review=False,
                      duplicate_of=None, incident_id=None,
                      reasons=(f"satisfaction answer {score}/5 to request {pending.number}",))


class PendingChecks:
    """citizen id -> [pending check (JSON), id of the request that answered it or None]."""

    def __init__(self, table: MutableMapping[str, Any], window: timedelta = PENDING_WINDOW) -> None:
        self.table = table
        self.window = window

    def put(self, pending: SatisfactionPending) -> bool:
        """Keep the latest check per citizen. False when an older or the same one arrives
        again (a replay must not reopen an answered check)."""
        current = self.get(pending.citizen_id)
        if current is not None and current[0].sent_at >= pending.sent_at:
            return False
        self.table[pending.citizen_id] = [pending.model_dump(mode="json"), None]
        return True

    def get(self, citizen_id: str) -> tuple[SatisfactionPending, str | None] | None:
        entry = self.table.get(citizen_id)
        if entry is None:
            return None
        return SatisfactionPending.model_validate(entry[0]), entry[1]

    def mark_answered(self, pending: SatisfactionPending, answer_id: str) -> None:
        self.table[pending.citizen_id] = [pending.model_dump(mode="json"), answer_id]

    def sweep(self, now: datetime) -> int:
        # Reads sent_at without validating each entry: the sweep walks the whole table.
        oldest = now - self.window
        old = [k for k in self.table
               if (e := self.table.get(k)) is not None and datetime.fromisoformat(e[0]["sent_at"]) < oldest]
        for k in old:
            del self.table[k]
        return len(old)
