"""Exceptions that say what to do next. Pure module.

    CivicdeskError
    ├── Retry            transient: back off and try again (broker down, Elasticsearch 429/5xx)
    ├── DeadLetter       skip this record: send it to requests.dlq with the reason and raw bytes
    │   └── Malformed        a payload that cannot be normalised (HTTP 400/413/415/422)
    ├── Refused          authentication failed: answer 401/403, produce nothing (not dead-lettered:
    │                    a forged request must leave no trace a forger could use to fill the DLQ)
    ├── Ignored          a provider event that is not a citizen message (status callback, read
    │                    receipt, bounce, retweet): acknowledge with 200, count, never ingest
    └── Fatal            stop the process: misconfiguration, a broken invariant

Adapters translate library errors into these with `raise ... from exc`.
"""

from __future__ import annotations


class CivicdeskError(Exception):
    """Base of every civicdesk error."""


class Retry(CivicdeskError):
    def __init__(self, reason: str, retry_after: float = 1.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class DeadLetter(CivicdeskError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Malformed(DeadLetter):
    """`status` is the HTTP status to answer: 400 unreadable, 413 too large, 415 wrong type, 422 invalid."""

    def __init__(self, reason: str, status: int = 422) -> None:
        super().__init__(reason)
        self.status = status


class Refused(CivicdeskError):
    def __init__(self, reason: str, status: int = 403) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class Ignored(CivicdeskError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Fatal(CivicdeskError):
    """Stop: the process cannot go on correctly."""
