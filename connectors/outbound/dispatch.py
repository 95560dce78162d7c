"""Which sender a message goes out through, and the senders, built on first use."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Callable, Protocol

from connectors.outbound.failures import Sent
from civicdesk.settings import Settings
from schemas.outbound import OutboundMessage
from schemas.request import Channel


class Sender(Protocol):
    def send(self, message: OutboundMessage) -> Sent: ...


_BY_CHANNEL = {Channel.sms: "twilio", Channel.telegram: "telegram", Channel.facebook: "graph",
               Channel.instagram: "graph", Channel.email: "smtp", Channel.twitter: "x"}


def route_for(message: OutboundMessage, settings: Settings) -> str:
    """The sender for a message: WhatsApp goes back through the API the citizen wrote through."""
    if message.channel == Channel.whatsapp:
        return "graph" if (message.provider or settings.whatsapp_provider) == "cloud" else "twilio"
    return _BY_CHANNEL[message.channel]


def default_factories(settings: Settings, now: Callable[[], datetime]) -> dict[str, Callable[[], Sender]]:
    # Imported here: each SDK is loaded only when its channel is used.
    def twilio() -> Sender:
        from connectors.outbound.twilio_sender import TwilioSender
        return TwilioSender(settings, now)

    def telegram() -> Sender:
        from connectors.outbound.telegram_sender import TelegramSender
        return TelegramSender(settings)

    def graph() -> Sender:
        from connectors.outbound.graph_sender import GraphSender
        return GraphSender(settings, now)

    def smtp() -> Sender:
        from connectors.outbound.smtp_sender import SmtpSender
        return SmtpSender(settings)

    def x() -> Sender:
        from connectors.outbound.x_sender import XSender
        return XSender(settings, now)

    return {"twilio": twilio, "telegram": telegram, "graph": graph, "smtp": smtp, "x": x}


class Dispatcher:
    """Sends each message through its channel's sender. A sender whose secrets are missing
    raises `Rejected` when built, so that channel's messages are recorded as failed while the
    other channels keep working."""

    def __init__(self, settings: Settings, now: Callable[[], datetime],
                 factories: dict[str, Callable[[], Sender]] | None = None) -> None:
        self._settings = settings
        self._factories = factories or default_factories(settings, now)
        self._senders: dict[str, Sender] = {}
        self._lock = threading.Lock()

    def sender(self, route: str) -> Sender:
        with self._lock:
            if route not in self._senders:
                self._senders[route] = self._factories[route]()
            return self._senders[route]

    def send(self, message: OutboundMessage) -> Sent:
        return self.sender(route_for(message, self._settings)).send(message)

    def close(self) -> None:
        for sender in self._senders.values():
            close = getattr(sender, "close", None)
            if close is not None:
                close()
