"""Sign requests the way each provider does, for tests and the demo alike."""

from __future__ import annotations

from urllib.parse import urlencode

from twilio.request_validator import RequestValidator


def twilio_form(token: str, url: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """(body, headers) of a Twilio webhook POST signed for `url`."""
    signature = RequestValidator(token).compute_signature(url, params)
    return urlencode(params), {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
