"""Messaging windows. Pure module.

WhatsApp (Cloud API and Twilio alike) lets a business send free-form text only within 24
hours of the citizen's last message (the customer-service window); outside it only an
approved template may be sent. Messenger and Instagram have the same 24-hour standard window,
after which a human agent may still answer for 7 days with the HUMAN_AGENT message tag.
"""

from __future__ import annotations

from datetime import datetime, timedelta

SERVICE_WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)


def in_service_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True when free text may be sent. Unknown last message: outside (the template is always allowed)."""
    if last_inbound_at is None:
        return False
    return now - last_inbound_at < SERVICE_WINDOW
