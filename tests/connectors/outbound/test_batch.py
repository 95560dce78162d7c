"""Settling a batch: idempotent across restarts, ordered per request, malformed records
dead-lettered; and the retry schedule. A plain recording function stands in for the senders."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest

from connectors.outbound.batch import Incoming, settle_batch
from connectors.outbound.delivery import RetryPolicy
from connectors.outbound.failures import Rejected, Sent, Transient
from connectors.outbound.sent_ids import SentIds
from schemas.outbound import OutboundMessage
from tests.connectors.outbound.conftest import NOW
from tests.connectors.outbound.messages import outbound


class Recorder:
    def __init__(self, fail: dict[str, Exception] | None = None) -> None:
        self.sent: list[str] = []
        self._fail = fail or {}
        self._lock = threading.Lock()

    def __call__(self, message: OutboundMessage) -> Sent:
        if message.message_id in self._fail:
            raise self._fail[message.message_id]
        with self._lock:
            self.sent.append(message.message_id)
        return Sent(f"p-{message.message_id}")


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as executor:
        yield executor


def incoming(*messages: OutboundMessage) -> list[Incoming]:
    return [Incoming(m.to_json(), f"requests.outbound[0]@{i}") for i, m in enumerate(messages)]


def settle(batch: list[Incoming], send: Recorder, ids: SentIds, pool: ThreadPoolExecutor):  # type: ignore[no-untyped-def]
    return settle_batch(batch, send, ids, RetryPolicy(3, 1.0, 30.0), now=lambda: NOW, sleep=lambda s: None, pool=pool)


def test_a_restart_does_not_resend_what_was_settled(tmp_path: Path, pool: ThreadPoolExecutor) -> None:
    a, b = outbound("sms", key="a"), outbound("telegram", key="b")
    send = Recorder()
    ids = SentIds(tmp_path / "settled.txt")
    outcome = settle(incoming(a, b), send, ids, pool)
    ids.add_many(outcome.settled_ids())
    # The process restarts and Kafka redelivers the batch (offsets not committed), plus one new message.
    c = outbound("email", key="c")
    reloaded = SentIds(tmp_path / "settled.txt")
    again = settle(incoming(a, b, c), send, reloaded, pool)
    assert sorted(send.sent) == sorted([a.message_id, b.message_id, c.message_id])
    assert again.already_sent == 2 and [r.message_id for r in again.results] == [c.message_id]


def test_the_same_message_twice_in_a_batch_is_sent_once(tmp_path: Path, pool: ThreadPoolExecutor) -> None:
    a = outbound("sms")
    send = Recorder()
    outcome = settle(incoming(a, a), send, SentIds(tmp_path / "s.txt"), pool)
    assert send.sent == [a.message_id] and outcome.already_sent == 1


def test_messages_of_one_request_keep_their_order(tmp_path: Path, pool: ThreadPoolExecutor) -> None:
    ack = outbound("sms", kind="acknowledgement", request_id="r" * 20, text="Alındı")
    reply = outbound("sms", request_id="r" * 20, text="Ekip yolda")
    check = outbound("sms", kind="satisfaction_check", request_id="r" * 20, text="1-5?")
    others = [outbound("telegram", request_id=f"x{i:019d}") for i in range(6)]
    send = Recorder()
    settle(incoming(ack, others[0], reply, *others[1:], check), send, SentIds(tmp_path / "s.txt"), pool)
    mine = [m for m in send.sent if m in {ack.message_id, reply.message_id, check.message_id}]
    assert mine == [ack.message_id, reply.message_id, check.message_id] and len(send.sent) == 9


def test_malformed_records_are_dead_lettered_and_failures_reported(tmp_path: Path, pool: ThreadPoolExecutor) -> None:
    bad = outbound("sms", key="bad")
    gone = outbound("sms", key="gone")
    send = Recorder({bad.message_id: Rejected("twilio HTTP 400: 21211 invalid To"),
                     gone.message_id: Transient("twilio HTTP 503")})
    batch = incoming(bad, gone) + [Incoming(b'{"channel": "pigeon"}', "requests.outbound[1]@9")]
    outcome = settle(batch, send, SentIds(tmp_path / "s.txt"), pool)
    [dead] = outcome.dead_letters
    assert dead.stage == "outbound:validate" and "channel" in dead.reason and dead.source == "requests.outbound[1]@9"
    by_id = {r.message_id: r for r in outcome.results}
    assert by_id[bad.message_id].permanent and by_id[bad.message_id].attempts == 1
    assert not by_id[gone.message_id].permanent and by_id[gone.message_id].attempts == 3
    # Refused for good: never again. Given up on a provider outage: publishing it again retries.
    assert outcome.settled_ids() == [bad.message_id]


def test_backoff_doubles_from_the_base_and_is_capped() -> None:
    policy = RetryPolicy(max_attempts=8, base_seconds=1.0, max_seconds=60.0)
    assert [policy.delay(n, None) for n in range(1, 8)] == [1, 2, 4, 8, 16, 32, 60]
    assert policy.delay(1, 7.0) == 7.0  # Retry-After longer than the backoff wins
    assert policy.delay(4, 2.0) == 8.0  # ... but never shortens it
    assert policy.delay(1, 3600.0) == 60.0  # and is capped
