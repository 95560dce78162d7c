"""Deliver one message: send, back off on transient failures, stop on permanent ones. Pure:
the sender, the clock and the sleep are passed in, so tests run retries without waiting."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from connectors.outbound.failures import Rejected, Sent, Transient
from schemas.outbound import OutboundMessage, OutboundResult

log = logging.getLogger(__name__)

Send = Callable[[OutboundMessage], Sent]


@dataclass(frozen=True)
class RetryPolicy:
    # 5 attempts at 1, 2, 4, 8 s apart: ~15 s of retrying covers a provider's brief 5xx burst or
    # a one-second 429 without holding a batch for minutes; what is still failing is recorded.
    max_attempts: int = 5
    base_seconds: float = 1.0
    # Retry-After is honoured up to this cap: a provider asking for an hour gets its message
    # recorded as failed (not sent) after max_attempts rather than a worker blocked for an hour.
    max_seconds: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        backoff = self.base_seconds * (2 ** (attempt - 1))
        return min(self.max_seconds, max(backoff, retry_after or 0.0))


def deliver(send: Send, message: OutboundMessage, policy: RetryPolicy, *,
            now: Callable[[], datetime], sleep: Callable[[float], None]) -> OutboundResult:
    """Send `message`, retrying transient failures; the result says what happened, never raises
    for a provider failure (a sender bug, any other exception, propagates)."""
    attempts = 0
    while True:
        attempts += 1
        try:
            sent = send(message)
        except Rejected as exc:
            log.warning("outbound %s request_id=%s %s: rejected: %s", message.message_id, message.request_id,
                        message.channel.value, exc.reason)
            return _result(message, now(), attempts, error=exc.reason, permanent=True)
        except Transient as exc:
            if attempts >= policy.max_attempts:
                log.warning("outbound %s request_id=%s %s: giving up after %d attempts: %s", message.message_id,
                            message.request_id, message.channel.value, attempts, exc.reason)
                return _result(message, now(), attempts, error=f"gave up after {attempts} attempts: {exc.reason}")
            wait = policy.delay(attempts, exc.retry_after)
            log.info("outbound %s %s: attempt %d failed (%s), retrying in %.1f s", message.message_id,
                     message.channel.value, attempts, exc.reason, wait)
            sleep(wait)
            continue
        return _result(message, now(), attempts, provider_message_id=sent.provider_message_id)


def _result(message: OutboundMessage, at: datetime, attempts: int, *, error: str | None = None,
            permanent: bool = False, provider_message_id: str | None = None) -> OutboundResult:
    return OutboundResult(message_id=message.message_id, request_id=message.request_id, channel=message.channel,
                          kind=message.kind, ok=error is None, error=error, permanent=permanent, attempts=attempts,
                          provider_message_id=provider_message_id, at=at)
