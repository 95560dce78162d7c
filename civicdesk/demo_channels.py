"""How the demo posts a sample message through each channel's real entry point.

Each function builds the provider's wire format (signed the way the provider signs it) from
a sample line and returns (external_id, status code). Channels are added here as their
connectors are built.
"""

from __future__ import annotations

import hashlib
from typing import Any, Awaitable, Callable
from urllib.parse import urlencode

import httpx
from twilio.request_validator import RequestValidator

Sample = dict[str, Any]
Poster = Callable[[httpx.AsyncClient, Sample, dict[str, str], str], Awaitable[tuple[str, int]]]


def provider_id(prefix: str, sample: Sample, width: int = 32) -> str:
    return prefix + hashlib.sha256(f"demo:{sample['id']}".encode()).hexdigest()[:width]


async def post_twilio(client: httpx.AsyncClient, sample: Sample, secrets: dict[str, str], base_url: str) -> tuple[str, int]:
    whatsapp = sample["channel"] == "whatsapp"
    sid = provider_id("SM", sample)
    sender = sample["from"]["phone"]
    params = {
        "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32,
        "From": f"whatsapp:{sender}" if whatsapp else sender,
        "To": "whatsapp:+908501530153" if whatsapp else "+908501530153",
        "Body": sample["text"], "NumMedia": "0", "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01",
        "FromCity": "", "FromState": "", "FromZip": "", "FromCountry": "TR",
    }
    if whatsapp:
        params["ProfileName"] = sample["from"].get("profile_name", "")
        params["WaId"] = sender.lstrip("+")
        if sample.get("lat") is not None:
            params.update({"Latitude": str(sample["lat"]), "Longitude": str(sample["lon"]), "MessageType": "location"})
    path = "/webhooks/twilio/whatsapp" if whatsapp else "/webhooks/twilio/sms"
    signature = RequestValidator(secrets["twilio_auth_token"]).compute_signature(base_url.rstrip("/") + path, params)
    resp = await client.post(path, content=urlencode(params), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    return sid, resp.status_code


POSTERS: dict[str, Poster] = {
    "sms": post_twilio,
    "whatsapp": post_twilio,
}
