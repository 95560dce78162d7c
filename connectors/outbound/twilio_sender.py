"""SMS and WhatsApp replies on the Twilio Messages API, through the official twilio Client.

`POST {twilio_api_base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json` with To, From and
Body, or, for WhatsApp outside the 24-hour window, ContentSid and ContentVariables (an
approved template; free text there fails with Twilio error 63016).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable

from connectors.outbound.failures import Rejected, Sent, Transient, http_failure, parse_retry_after
from connectors.outbound.rebase import rebase
from connectors.outbound.window import in_service_window
from civicdesk.settings import Settings, secret
from schemas.outbound import OutboundMessage
from schemas.request import Channel, request_number

# Twilio splits a body into segments but refuses one over 1,600 characters (error 21617).
MAX_BODY = 1600


def build_twilio_message(message: OutboundMessage, settings: Settings, now: datetime) -> dict[str, str]:
    """The keyword arguments of `client.messages.create` for this message."""
    if message.channel == Channel.sms:
        if not settings.twilio_sms_from:
            raise Rejected("sms: twilio_sms_from is not set")
        return {"to": message.to, "from_": settings.twilio_sms_from, "body": _body(message)}
    if message.channel != Channel.whatsapp:
        raise Rejected(f"twilio does not send {message.channel.value}")
    if not settings.twilio_whatsapp_from:
        raise Rejected("whatsapp: twilio_whatsapp_from is not set")
    params = {"to": f"whatsapp:{message.to}", "from_": f"whatsapp:{settings.twilio_whatsapp_from}"}
    if in_service_window(message.last_inbound_at, now):
        return {**params, "body": _body(message)}
    if not settings.whatsapp_template_content_sid:
        raise Rejected("whatsapp: outside the 24-hour window and whatsapp_template_content_sid is not set")
    # The template's {{1}} is the request number, so the citizen knows which request it is about.
    variables = {"1": request_number(message.request_id)}
    return {**params, "content_sid": settings.whatsapp_template_content_sid,
            "content_variables": json.dumps(variables, ensure_ascii=False)}


def _body(message: OutboundMessage) -> str:
    if len(message.text) > MAX_BODY:
        raise Rejected(f"{message.channel.value}: text of {len(message.text)} characters exceeds Twilio's {MAX_BODY}")
    return message.text


def _rebasing_http_client(base_url: str, now: Callable[[], datetime], timeout: float) -> Any:
    from requests.exceptions import RequestException
    from twilio.http.http_client import TwilioHttpClient

    class RebasingTwilioHttpClient(TwilioHttpClient):
        """twilio's documented custom http_client seam: rebase the URL, classify transport
        failures and retryable statuses (429, 5xx with Retry-After) before the SDK parses."""

        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            try:
                response = super().request(method, rebase(url, base_url), *args, **kwargs)
            except RequestException as exc:
                raise Transient(f"twilio unreachable: {exc.__class__.__name__}: {exc}") from exc
            status = response.status_code
            if status in (408, 429) or status >= 500:
                raise http_failure("twilio", status, _twilio_message(response.text),
                                   parse_retry_after((response.headers or {}).get("Retry-After"), now()))
            return response

    return RebasingTwilioHttpClient(timeout=timeout)


def _twilio_message(text: str) -> str:
    try:
        body = json.loads(text)
    except ValueError:
        return text[:200]
    return f"{body.get('code', '')} {body.get('message', '')}".strip() if isinstance(body, dict) else text[:200]


class TwilioSender:
    def __init__(self, settings: Settings, now: Callable[[], datetime], timeout: float = 10.0) -> None:
        from twilio.rest import Client

        token = secret(settings.twilio_auth_token)
        if not settings.twilio_account_sid or not token:
            raise Rejected("twilio: twilio_account_sid and twilio_auth_token are not set")
        self._settings = settings
        self._now = now
        self._client = Client(settings.twilio_account_sid, token,
                              http_client=_rebasing_http_client(settings.twilio_api_base_url, now, timeout))

    def send(self, message: OutboundMessage) -> Sent:
        from twilio.base.exceptions import TwilioRestException

        params = build_twilio_message(message, self._settings, self._now())
        try:
            created = self._client.messages.create(**params)
        except TwilioRestException as exc:  # 4xx: transient statuses were raised by the http client
            raise Rejected(f"twilio HTTP {exc.status}: {exc.code} {exc.msg}") from exc
        return Sent(created.sid)
