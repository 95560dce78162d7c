"""What a failed send means for the next step. Pure module.

    civicdesk.errors.Retry
    └── Transient    5xx, 429, timeouts, refused connections: back off and send again,
                     after `retry_after` seconds when the provider said so
    civicdesk.errors.DeadLetter
    └── Rejected     4xx, an invalid address, a text too long, a channel not configured:
                     sending again cannot help; recorded on requests.outbound.results

Senders translate their SDK's exceptions into these at the boundary (`raise ... from exc`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from civicdesk.errors import DeadLetter, Retry


@dataclass(frozen=True)
class Sent:
    """A successful send: the provider's id for the message (Twilio SID, wamid, tweet id, ...)."""

    provider_message_id: str | None


class Transient(Retry):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after: float | None = retry_after  # None: the provider did not say; back off


class Rejected(DeadLetter):
    """Permanent: the provider refused this message, or it cannot be built for the channel."""


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


def http_failure(provider: str, status: int, detail: str, retry_after: float | None = None) -> Transient | Rejected:
    """The policy for an HTTP error status: 429, 408 and 5xx are transient, other 4xx permanent."""
    reason = f"{provider} HTTP {status}: {detail}".strip()
    if status in (408, 429) or status >= 500:
        return Transient(reason, retry_after)
    return Rejected(reason)
