"""The email poller: new messages since the checkpoint -> Kafka -> flagged \\Seen -> checkpoint.

Order matters for "nothing lost, nothing read twice": a message is flagged and the checkpoint
(UIDVALIDITY + last UID, in the data dir) advanced only after its batch is on Kafka. A crash
in between re-reads it, which is harmless because the request id comes from the Message-ID.
A new UIDVALIDITY (the folder was recreated) starts from UID 1 for the same reason.
"""

from __future__ import annotations

import asyncio
import imaplib
import logging
from datetime import datetime
from typing import Awaitable, Callable

from civicdesk.errors import Fatal, Retry
from connectors.batch import BatchResult, Payload, ingest_batch
from connectors.checkpoint import Checkpoint
from connectors.email.imap import ImapConfig, Mailbox
from connectors.email.normalise import CONTENT_TYPE, normalise_email
from connectors.ingest import Ingestor

log = logging.getLogger(__name__)

# Fetching 50 messages per round keeps one Kafka batch small (50 x ~50 KiB) after an outage.
FETCH_BATCH = 50
# Reconnect backoff: 1, 2, 4 ... capped at 60 s so a mail server restart is picked up within a minute.
MAX_BACKOFF = 60.0


class EmailPoller:
    def __init__(self, config: ImapConfig, checkpoint: Checkpoint, ingestor: Ingestor, *,
                 now: Callable[[], datetime], idle_seconds: float = 300.0, poll_seconds: float = 60.0,
                 connect: Callable[[ImapConfig], Mailbox] = Mailbox) -> None:
        self.config = config
        self.checkpoint = checkpoint
        self.ingestor = ingestor
        self.now = now
        self.idle_seconds = idle_seconds
        self.poll_seconds = poll_seconds
        self.connect = connect

    async def poll_once(self, mailbox: Mailbox) -> BatchResult:
        state = self.checkpoint.load()
        last = int(state.get("last_uid", 0)) if state.get("uidvalidity") == mailbox.uidvalidity else 0
        total = BatchResult()
        uids = await asyncio.to_thread(mailbox.uids_after, last)
        for start in range(0, len(uids), FETCH_BATCH):
            chunk = uids[start:start + FETCH_BATCH]
            payloads = []
            for uid in chunk:
                data = await asyncio.to_thread(mailbox.fetch, uid)
                if data is not None:
                    payloads.append(Payload(f"imap:{self.config.folder}:{mailbox.uidvalidity}:{uid}", data, CONTENT_TYPE))
            result = await ingest_batch(self.ingestor, "email", payloads,
                                        lambda p: [normalise_email(p.data, self.now())])
            await asyncio.to_thread(mailbox.mark_processed, chunk)
            self.checkpoint.save({"uidvalidity": mailbox.uidvalidity, "last_uid": chunk[-1]})
            log.info("imap %s uids %d-%d: %s", self.config.folder, chunk[0], chunk[-1], result.summary())
            total.accepted += result.accepted
            total.ignored += result.ignored
            total.dead += result.dead
        return total

    async def run(self, stop: asyncio.Event, on_pass: Callable[[BatchResult], Awaitable[None]] | None = None) -> None:
        backoff = 1.0
        while not stop.is_set():
            mailbox: Mailbox | None = None
            try:
                mailbox = await asyncio.to_thread(self.connect, self.config)
                backoff = 1.0
                while not stop.is_set():
                    result = await self.poll_once(mailbox)
                    if on_pass is not None:
                        await on_pass(result)
                    if stop.is_set():
                        break
                    if mailbox.supports_idle:
                        await asyncio.to_thread(mailbox.idle, self.idle_seconds)
                    else:
                        await _wait(stop, self.poll_seconds)
            except Fatal:
                raise
            except (Retry, OSError, EOFError, imaplib.IMAP4.error) as exc:
                # IMAP4.abort (a subclass of IMAP4.error) means the connection is unusable: start over.
                log.warning("imap %s:%d: %s; reconnecting in %.0f s", self.config.host, self.config.port, exc, backoff)
                await _wait(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            finally:
                if mailbox is not None:
                    await asyncio.to_thread(mailbox.close)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass
