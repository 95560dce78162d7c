"""A citizen's reply to the satisfaction check: which messages are answers, what an answer
becomes, and the intake hook over plain dicts (the worker uses Faust tables)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from schemas.request import Attachment, Status
from schemas.satisfaction import SatisfactionAnswer
from streams.dedup import RedeliveryFilter
from streams.satisfaction import satisfaction_check
from streams.satisfaction_answers import (
    PendingChecks,
    answer_key,
    answer_outcome,
    pending_for,
    rating_answer,
)
from streams.satisfaction_intake import SatisfactionIntake
from tests.streams.conftest import T0

RESOLVED = T0 + timedelta(days=2)
LATER = RESOLVED + timedelta(hours=3)


@pytest.mark.parametrize("text,score", [
    ("5", 5), ("  4 ", 4), ("5 teşekkürler", 5), ("4/5 çok iyi, sağolun", 4), ("beş", 5), ("BEŞ!", 5),
    ("Πέντε, ευχαριστώ πολύ", 5), ("3 από 5", 3), ("⭐⭐⭐⭐", 4), ("@AnkaraBB 2", 2), ("1 çok kötü", 1),
    ("5 üzerinden 4", 4), ("five, thanks a lot", 5), ("4 out of 5", 4), ("tesekkurler 5 puan", 5),
])
def test_short_ratings_with_courtesy_words_are_answers(text, score):
    assert rating_answer(text) == score


@pytest.mark.parametrize("text", [
    "5 numaralı binada su yok",  # a problem with a number in it
    "no water 5",
    "Sokak lambası 3 gündür yanmıyor",
    "Kapı no 3 önünde çöp var",
    "5 teşekkürler ama çöp hâlâ alınmadı",  # rating plus a new complaint: the desk must see it
    "teşekkürler",  # no rating
    "3 ya da 4",  # ambiguous
    "çok teşekkür ederim hizmetiniz çok iyi çok memnun kaldım 5",  # 10 words: over the cap
])
def test_problems_and_non_ratings_are_not_answers(text):
    assert rating_answer(text) is None


def resolved_request(make_request, **kw):
    return make_request("Dikmen cad su borusu patladı", external_id="SM-original", department="water-sewer", **kw)


def pending_of(req):
    return pending_for(req, satisfaction_check(req, RESOLVED))


def test_a_rating_after_the_check_is_filed_with_the_request_it_rates(make_request):
    original = resolved_request(make_request)
    reply = make_request("5", external_id="SM-reply", department="roads", urgency="urgent", received_at=LATER)
    answer = answer_outcome(reply, pending_of(original))
    assert answer is not None
    doc = answer.request
    assert (doc.request_id, doc.answer_to, doc.department, doc.status) == (
        reply.request_id, original.request_id, "water-sewer", Status.closed)
    assert doc.urgency.value == "normal" and original.number in doc.reasons[0]
    assert answer.score == SatisfactionAnswer(request_id=original.request_id, answer_id=reply.request_id, score=5,
                                              channel="sms", at=LATER)


@pytest.mark.parametrize("change", [
    {"channel": "whatsapp"},  # another channel: the check went out by SMS
    {"received_at": RESOLVED - timedelta(hours=1)},  # written before the check
    {"received_at": RESOLVED + timedelta(days=8)},  # the check expired after 7 days
    {"attachments": (Attachment(url="https://x/photo.jpg"),)},  # a photo is a report
    {"text": "5 numaralı binada su yok"},
])
def test_a_message_that_does_not_answer_the_check_is_left_alone(make_request, change):
    original = resolved_request(make_request)
    fields = {"text": "5", "external_id": "SM-reply", "received_at": LATER, **change}
    reply = make_request(fields.pop("text"), **fields)
    assert answer_outcome(reply, pending_of(original)) is None


def test_no_pending_check_means_no_answer(make_request):
    assert answer_outcome(make_request("5", received_at=LATER), None) is None


def test_the_answer_key_is_the_id_the_citizens_reply_will_carry(make_request):
    sms = resolved_request(make_request)
    assert answer_key(sms, satisfaction_check(sms, RESOLVED)) == "+905321234567"
    # A call is answered by SMS, and an SMS from that number is keyed by the number.
    call = make_request("x", channel="voice", external_id="CA1", phone="+905321234568")
    check = satisfaction_check(call, RESOLVED)
    assert (check.channel.value, pending_of(call).citizen_id) == ("sms", "+905321234568")
    # A web form with a phone and an email is answered by email: keyed by the address.
    form = make_request("x", channel="web", external_id="F1", phone="+905321234569", email="Ayse@Example.org")
    assert form.citizen.id == "+905321234569"
    assert pending_of(form).citizen_id == "ayse@example.org"
    tweet = make_request("x", channel="twitter", external_id="T1", phone=None, handle="@ayse_k")
    assert pending_of(tweet).citizen_id == "twitter:@ayse_k"


def test_pending_checks_keep_the_latest_check_and_expire_after_a_week(make_request):
    checks = PendingChecks({})
    first = pending_of(resolved_request(make_request))
    second = pending_of(make_request("lamba", external_id="SM-2")).model_copy(
        update={"sent_at": RESOLVED + timedelta(hours=1)})
    assert checks.put(first) and checks.put(second)
    assert not checks.put(first)  # an older check replayed does not replace the newer one
    checks.mark_answered(second, "ans")
    assert not checks.put(second)  # nor reopens an answered one
    assert checks.get("+905321234567") == (second, "ans")
    assert checks.sweep(RESOLVED + timedelta(days=6)) == 0
    assert checks.sweep(RESOLVED + timedelta(days=7, hours=2)) == 1 and checks.get("+905321234567") is None


class Sent:
    def __init__(self) -> None:
        self.requests: list = []
        self.answers: list = []

    async def request(self, req, trace) -> None:
        self.requests.append(req)

    async def answer(self, answer, trace) -> None:
        self.answers.append(answer)


def hook(make_request):
    original = resolved_request(make_request)
    checks = PendingChecks({})
    checks.put(pending_of(original))
    redelivery = RedeliveryFilter({})
    sent = Sent()
    return original, SatisfactionIntake(checks, redelivery, sent.request, sent.answer), redelivery, sent


def take(intake, req, source):
    return asyncio.run(intake.take(req, None, source))


def test_the_intake_takes_one_answer_per_check_and_leaves_new_problems_alone(make_request):
    original, intake, _, sent = hook(make_request)
    problem = make_request("Sokak lambası 3 gündür yanmıyor", external_id="SM-p", received_at=LATER)
    assert not take(intake, problem, "0@1")
    answer = make_request("4", external_id="SM-a", received_at=LATER + timedelta(minutes=1))
    assert take(intake, answer, "0@2")
    assert [(r.request_id, r.answer_to) for r in sent.requests] == [(answer.request_id, original.request_id)]
    assert [(a.request_id, a.score) for a in sent.answers] == [(original.request_id, 4)]
    again = make_request("5", external_id="SM-b", received_at=LATER + timedelta(minutes=2))
    assert not take(intake, again, "0@3")  # the check is answered: an ordinary message now
    assert len(sent.answers) == 1


def test_a_redelivered_answer_is_dropped_by_the_ordinary_path_and_our_replay_resends_it(make_request):
    _original, intake, redelivery, sent = hook(make_request)
    answer = make_request("5", external_id="SM-a", received_at=LATER)
    assert take(intake, answer, "0@2")
    # The provider delivers it again (another offset): the ordinary path drops and counts it.
    assert not take(intake, answer, "0@9")
    from streams.report import Report
    assert redelivery.previous(Report.from_request(answer)) is not None
    # The worker restarts before committing 0@2: the same records go out again (idempotent).
    assert take(intake, answer, "0@2")
    assert sent.answers[0] == sent.answers[1] and sent.requests[0] == sent.requests[1]


def test_the_answer_decisions_import_no_kafka_faust_or_elasticsearch():
    import subprocess
    import sys

    code = ("import sys, streams.satisfaction_answers, streams.satisfaction_intake, schemas.satisfaction\n"
            "print(sorted({n.split('.')[0] for n in sys.modules} & {'faust', 'confluent_kafka', 'aiokafka', "
            "'elasticsearch', 'httpx'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_edited_answer_stays_an_answer(make_request):
    original, intake, _, sent = hook(make_request)
    answer = make_request("4", channel="sms", external_id="SM-a", received_at=LATER)
    assert take(intake, answer, "0@2")
    edited = answer.model_copy(update={"revision": 1, "text": "5"})  # a Telegram-style edit of the same message
    assert take(intake, edited, "0@3")
    assert [(r.request_id, r.revision, r.answer_to) for r in sent.requests][-1] == (
        answer.request_id, 1, original.request_id)
