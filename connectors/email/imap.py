"""The IMAP adapter: imaplib behind a small interface the poller drives.

imaplib in Python 3.11 has no IDLE (it arrives in 3.14), so `idle` speaks RFC 2177 itself
through imaplib's public `send`/`readline`/`socket` methods.
"""

from __future__ import annotations

import imaplib
import re
import select
from dataclasses import dataclass

from civicdesk.errors import Fatal, Retry

_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")
_IDLE_TAG = b"CDIDLE"


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    ssl: bool = True
    timeout: float = 30.0


class Mailbox:
    def __init__(self, config: ImapConfig) -> None:
        self.config = config
        try:
            cls = imaplib.IMAP4_SSL if config.ssl else imaplib.IMAP4
            self.imap = cls(config.host, config.port, timeout=config.timeout)
        except OSError as exc:
            raise Retry(f"IMAP {config.host}:{config.port} unreachable: {exc}", retry_after=5) from exc
        try:
            self.imap.login(config.user, config.password)
        except imaplib.IMAP4.error as exc:
            self.imap.logout()
            raise Fatal(f"IMAP login refused for {config.user}: {exc}") from exc
        status, data = self.imap.select(_quote(config.folder))
        if status != "OK":
            raise Fatal(f"IMAP folder {config.folder!r} cannot be selected: {data!r}")
        status, data = self.imap.status(_quote(config.folder), "(UIDVALIDITY)")
        found = _UIDVALIDITY.search(data[0] or b"") if status == "OK" and data else None
        if not found:
            raise Retry(f"IMAP server gave no UIDVALIDITY for {config.folder!r}")
        self.uidvalidity = int(found.group(1))

    @property
    def supports_idle(self) -> bool:
        return "IDLE" in self.imap.capabilities

    def uids_after(self, last_uid: int) -> list[int]:
        # NOOP first: a server shows a session mail delivered meanwhile only after it has
        # reported it (EXISTS), and SEARCH alone may run on the older view (dovecot does).
        self.imap.noop()
        status, data = self.imap.uid("SEARCH", None, f"UID {last_uid + 1}:*")
        if status != "OK":
            raise Retry(f"IMAP UID SEARCH failed: {data!r}")
        # "n:*" always matches the highest message even when n is above it: filter again.
        return sorted(u for u in (int(x) for x in (data[0] or b"").split()) if u > last_uid)

    def fetch(self, uid: int) -> bytes | None:
        # BODY.PEEK[] does not set \Seen: a message is marked only once it is safely on Kafka.
        status, data = self.imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
        if status != "OK":
            raise Retry(f"IMAP UID FETCH {uid} failed: {data!r}")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                return bytes(item[1])
        return None  # expunged meanwhile

    def mark_processed(self, uids: list[int]) -> None:
        if not uids:
            return
        status, data = self.imap.uid("STORE", ",".join(map(str, uids)), "+FLAGS.SILENT", r"(\Seen)")
        if status != "OK":
            raise Retry(f"IMAP UID STORE failed: {data!r}")

    def idle(self, timeout: float) -> bool:
        """Wait up to `timeout` s for new mail with IDLE; True when the server announced some."""
        self.imap.send(_IDLE_TAG + b" IDLE\r\n")
        line = self.imap.readline()
        if not line.startswith(b"+"):
            raise Retry(f"IMAP IDLE refused: {line!r}")
        sock = self.imap.socket()
        news = False
        pending = getattr(sock, "pending", lambda: 0)
        ready = pending() or select.select([sock], [], [], timeout)[0]
        if ready:
            news = b"EXISTS" in self.imap.readline()
        self.imap.send(b"DONE\r\n")
        while True:
            line = self.imap.readline()
            if not line:
                raise Retry("IMAP connection closed during IDLE")
            if b"EXISTS" in line:
                news = True
            if line.startswith(_IDLE_TAG):
                return news

    def close(self) -> None:
        try:
            self.imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass  # already gone: closing is best effort


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
