"""WhatsApp Cloud, Messenger and Instagram replies on the Graph API send endpoints (httpx).

    WhatsApp Cloud  POST {base}/{version}/{whatsapp_phone_number_id}/messages   (whatsapp_access_token)
    Messenger       POST {base}/{version}/me/messages                            (meta_page_access_token)
    Instagram       POST {base}/{version}/me/messages (Messenger Platform, the page's token)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from connectors.outbound.failures import Rejected, Sent, Transient, http_failure, parse_retry_after
from connectors.outbound.window import HUMAN_AGENT_WINDOW, in_service_window
from civicdesk.settings import Settings, secret
from schemas.outbound import OutboundMessage
from schemas.request import Channel, request_number

# WhatsApp text bodies take up to 4,096 characters; Messenger and Instagram text up to 2,000.
MAX_TEXT = {Channel.whatsapp: 4096, Channel.facebook: 2000, Channel.instagram: 2000}

# Graph answers throttling with HTTP 400 and these error codes, not 429: 4 app, 17 user, 32 page,
# 613 hourly call limit, 80007 WhatsApp Business Account, 130429 Cloud API throughput,
# 131048 spam rate limit, 131056 (business, consumer) pair rate limit. Codes 1 and 2 are
# "unknown"/"service temporarily unavailable". All of these pass with time.
_TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 613, 80007, 130429, 131048, 131056})


@dataclass(frozen=True)
class GraphRequest:
    url: str
    token: str
    body: dict[str, Any]


def build_graph_request(message: OutboundMessage, settings: Settings, now: datetime) -> GraphRequest:
    """URL, access token and JSON body of the send call for this message."""
    base = f"{settings.meta_graph_base_url.rstrip('/')}/{settings.meta_graph_version}"
    limit = MAX_TEXT.get(message.channel)
    if limit is None:
        raise Rejected(f"graph does not send {message.channel.value}")
    if len(message.text) > limit:
        raise Rejected(f"{message.channel.value}: text of {len(message.text)} characters exceeds {limit}")
    if message.channel == Channel.whatsapp:
        token = secret(settings.whatsapp_access_token)
        if not token or not settings.whatsapp_phone_number_id:
            raise Rejected("whatsapp cloud: whatsapp_access_token and whatsapp_phone_number_id are not set")
        return GraphRequest(f"{base}/{settings.whatsapp_phone_number_id}/messages", token,
                            _whatsapp_body(message, settings, now))
    token = secret(settings.meta_page_access_token)
    if not token:
        raise Rejected(f"{message.channel.value}: meta_page_access_token is not set")
    body: dict[str, Any] = {"recipient": {"id": message.to}, "message": {"text": message.text}}
    if in_service_window(message.last_inbound_at, now):
        body["messaging_type"] = "RESPONSE"
    elif message.last_inbound_at is not None and now - message.last_inbound_at < HUMAN_AGENT_WINDOW:
        # After 24 hours a person on the complaint team may still answer for 7 days, tagged.
        body["messaging_type"] = "MESSAGE_TAG"
        body["tag"] = "HUMAN_AGENT"
    else:
        raise Rejected(f"{message.channel.value}: the citizen last wrote more than 7 days ago; "
                       "Meta allows no reply outside the messaging window")
    return GraphRequest(f"{base}/me/messages", token, body)


def _whatsapp_body(message: OutboundMessage, settings: Settings, now: datetime) -> dict[str, Any]:
    body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual",
                            "to": message.to.lstrip("+")}  # Cloud API takes the number without "+"
    if in_service_window(message.last_inbound_at, now):
        body.update(type="text", text={"body": message.text, "preview_url": False})
        if message.in_reply_to:
            body["context"] = {"message_id": message.in_reply_to}  # shown as a reply to the citizen's message
        return body
    if not settings.whatsapp_template_name:
        raise Rejected("whatsapp cloud: outside the 24-hour window and whatsapp_template_name is not set")
    # The approved template's {{1}} is the request number.
    body.update(type="template", template={
        "name": settings.whatsapp_template_name,
        "language": {"code": message.language or settings.whatsapp_template_language},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": request_number(message.request_id)}]}],
    })
    return body


def graph_failure(status: int, body: Any, retry_after: float | None) -> Transient | Rejected:
    """Graph's error object decides, then the HTTP status (429/5xx transient, 4xx permanent)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return http_failure("graph", status, str(body)[:200], retry_after)
    code = error.get("code")
    detail = f"code {code}: {error.get('message', '')}"
    if error.get("is_transient") or code in _TRANSIENT_CODES:
        return Transient(f"graph HTTP {status} {detail}", retry_after)
    return http_failure("graph", status, detail, retry_after)


class GraphSender:
    def __init__(self, settings: Settings, now: Callable[[], datetime], timeout: float = 10.0) -> None:
        import httpx

        self._settings = settings
        self._now = now
        self._client = httpx.Client(timeout=timeout)

    def send(self, message: OutboundMessage) -> Sent:
        import httpx

        request = build_graph_request(message, self._settings, self._now())
        try:
            response = self._client.post(request.url, json=request.body,
                                         headers={"Authorization": f"Bearer {request.token}"})
        except httpx.TransportError as exc:  # refused, reset, timed out
            raise Transient(f"graph unreachable: {exc.__class__.__name__}: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = response.text
        if response.status_code >= 300:
            raise graph_failure(response.status_code, body,
                                parse_retry_after(response.headers.get("Retry-After"), self._now()))
        if isinstance(body, dict) and body.get("messages"):
            return Sent(str(body["messages"][0].get("id")))  # WhatsApp: wamid
        return Sent(str(body.get("message_id")) if isinstance(body, dict) and body.get("message_id") else None)

    def close(self) -> None:
        self._client.close()
