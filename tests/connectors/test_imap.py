"""The IMAP poller against a real dovecot on a loopback port (installed from Debian's
dovecot-imapd; see scripts/system-packages.txt)."""

from __future__ import annotations

import asyncio
import imaplib
import time
from typing import Iterator

import pytest

from civicdesk.errors import Retry
from connectors.checkpoint import Checkpoint
from connectors.email.imap import ImapConfig, Mailbox
from connectors.email.poller import EmailPoller
from tests.connectors.dovecot import PASSWORD, Dovecot, dovecot_binary, start_dovecot
from tests.connectors.payloads import NOW, email_bytes
from tests.support import unique

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    binary = dovecot_binary()
    if binary is None:
        pytest.skip("dovecot not installed: apt-get install dovecot-imapd (listed in scripts/system-packages.txt)")
    server = start_dovecot(binary)
    yield server
    server.stop()


@pytest.fixture
def account(dovecot: Dovecot) -> ImapConfig:
    # The static passdb takes any user name: one fresh mailbox per test.
    return ImapConfig("127.0.0.1", dovecot.port, unique("desk"), PASSWORD, ssl=False, timeout=10)


def deliver(config: ImapConfig, *messages: bytes) -> None:
    imap = imaplib.IMAP4(config.host, config.port)
    imap.login(config.user, config.password)
    for data in messages:
        imap.append("INBOX", None, None, data)
    imap.logout()


def seen_flags(config: ImapConfig) -> list[bool]:
    imap = imaplib.IMAP4(config.host, config.port)
    imap.login(config.user, config.password)
    imap.select("INBOX", readonly=True)
    _, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    imap.logout()
    return [b"\\Seen" in item for item in data if isinstance(item, bytes)]


def poller(config: ImapConfig, harness, tmp_path, **kw) -> EmailPoller:
    return EmailPoller(config, Checkpoint(tmp_path / "imap.json"), harness.recorder, now=lambda: NOW, **kw)


def test_new_mail_is_ingested_once_flagged_seen_and_checkpointed(account, harness, tmp_path) -> None:
    first, second = unique("e"), unique("e")
    deliver(account, email_bytes(first, "Sokakta su borusu patladı."), email_bytes(second, "Çöp alınmadı."))
    p = poller(account, harness, tmp_path)
    box = Mailbox(account)
    try:
        result = asyncio.run(p.poll_once(box))
        assert sorted(r.external_id for r in result.accepted) == sorted([f"<{first}@mail.example.org>",
                                                                         f"<{second}@mail.example.org>"])
        assert asyncio.run(p.poll_once(box)).accepted == []  # nothing read twice
        third = unique("e")
        deliver(account, email_bytes(third, "Park lambası yanmıyor."))
        assert [r.external_id for r in asyncio.run(p.poll_once(box)).accepted] == [f"<{third}@mail.example.org>"]
    finally:
        box.close()
    assert seen_flags(account) == [True, True, True]
    state = Checkpoint(tmp_path / "imap.json").load()
    assert state["last_uid"] == 3 and state["uidvalidity"] > 0


def test_checkpoint_survives_a_restart_and_a_new_uidvalidity_rereads(account, harness, tmp_path) -> None:
    deliver(account, email_bytes(unique("e"), "Köpek saldırdı."))
    box = Mailbox(account)
    try:
        assert len(asyncio.run(poller(account, harness, tmp_path).poll_once(box)).accepted) == 1
        # A new process with the same data dir reads nothing again.
        assert asyncio.run(poller(account, harness, tmp_path).poll_once(box)).accepted == []
        # The folder was recreated (another UIDVALIDITY): start over; ids stay idempotent.
        Checkpoint(tmp_path / "imap.json").save({"uidvalidity": box.uidvalidity + 1, "last_uid": 99})
        assert len(asyncio.run(poller(account, harness, tmp_path).poll_once(box)).accepted) == 1
    finally:
        box.close()


def test_auto_replies_are_flagged_but_not_ingested_and_junk_is_dead_lettered(account, harness, tmp_path) -> None:
    auto = email_bytes(unique("e"), "I am away.").replace(b"Subject:", b"Auto-Submitted: auto-replied\r\nSubject:", 1)
    junk = unique("junk")
    deliver(account, auto, f"Subject: {junk}\r\n\r\nno sender at all\r\n".encode())
    box = Mailbox(account)
    try:
        result = asyncio.run(poller(account, harness, tmp_path).poll_once(box))
    finally:
        box.close()
    assert result.accepted == [] and len(result.ignored) == 1 and len(result.dead) == 1
    assert junk.encode() in harness.recorder.dead[-1].raw()
    assert seen_flags(account) == [True, True]


def test_idle_delivers_new_mail_without_waiting_for_the_timeout(account, harness, tmp_path) -> None:
    p = poller(account, harness, tmp_path, idle_seconds=5)
    wanted = unique("idle")
    got: list[float] = []

    async def scenario() -> None:
        stop = asyncio.Event()

        async def on_pass(result) -> None:  # type: ignore[no-untyped-def]
            if any(wanted in r.external_id for r in result.accepted):
                got.append(time.monotonic())
                stop.set()

        task = asyncio.create_task(p.run(stop, on_pass))
        await asyncio.sleep(0.5)  # connected, first pass done, now in IDLE
        sent = time.monotonic()
        await asyncio.to_thread(deliver, account, email_bytes(wanted, "IDLE ile gelen şikâyet."))
        await asyncio.wait_for(task, 10)
        assert got and got[0] - sent < 2.0, "IDLE did not wake on new mail"

    asyncio.run(scenario())


def test_reconnects_with_backoff_after_the_server_is_unreachable(account, harness, tmp_path) -> None:
    attempts: list[float] = []
    wanted = unique("back")
    deliver(account, email_bytes(wanted, "Yeniden bağlanınca okunacak."))

    def flaky_connect(config: ImapConfig) -> Mailbox:
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            return Mailbox(ImapConfig(config.host, 1, config.user, config.password, ssl=False, timeout=2))
        return Mailbox(config)

    p = EmailPoller(account, Checkpoint(tmp_path / "imap.json"), harness.recorder, now=lambda: NOW,
                    idle_seconds=1, connect=flaky_connect)

    async def scenario() -> None:
        stop = asyncio.Event()

        async def on_pass(result) -> None:  # type: ignore[no-untyped-def]
            if any(wanted in r.external_id for r in result.accepted):
                stop.set()

        await asyncio.wait_for(p.run(stop, on_pass), 10)

    asyncio.run(scenario())
    assert len(attempts) == 2 and attempts[1] - attempts[0] >= 0.9  # waited the 1 s backoff


def test_unreachable_server_is_a_retry_not_a_crash() -> None:
    with pytest.raises(Retry):
        Mailbox(ImapConfig("127.0.0.1", 1, "x", "y", ssl=False, timeout=2))
