"""Telegram replies: Bot API `sendMessage` through python-telegram-bot's `Bot`, with the base
URL from settings (`telegram_base_url`, shared with the inbound poller)."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from typing import Any

from connectors.outbound.failures import Rejected, Sent, Transient
from civicdesk.settings import Settings, secret
from schemas.outbound import OutboundMessage
from schemas.request import Channel

# Bot API: "Text of the message to be sent, 1-4096 characters after entities parsing".
MAX_TEXT = 4096


def build_telegram_message(message: OutboundMessage) -> dict[str, Any]:
    """sendMessage parameters: chat id, text, and the citizen's message to reply to when known."""
    if message.channel != Channel.telegram:
        raise Rejected(f"telegram does not send {message.channel.value}")
    if len(message.text) > MAX_TEXT:
        raise Rejected(f"telegram: text of {len(message.text)} characters exceeds {MAX_TEXT}")
    params: dict[str, Any] = {"chat_id": message.to, "text": message.text}
    # Telegram message ids are integers, unique per chat; anything else is not a reply target.
    reply_to = (message.in_reply_to or "").rsplit(":", 1)[-1]
    if reply_to.isdigit():
        # Sent even when the citizen has deleted their message since.
        params["reply_parameters"] = {"message_id": int(reply_to), "allow_sending_without_reply": True}
    return params


class TelegramSender:
    """PTB's Bot is asyncio; it lives on one event loop in its own thread, so worker threads
    can send concurrently through `run_coroutine_threadsafe`."""

    def __init__(self, settings: Settings, timeout: float = 15.0) -> None:
        from telegram import Bot

        token = secret(settings.telegram_bot_token)
        if not token:
            raise Rejected("telegram: telegram_bot_token is not set")
        self._timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="telegram-sender", daemon=True)
        self._thread.start()
        self._bot = Bot(token, base_url=settings.telegram_base_url)

    def send(self, message: OutboundMessage) -> Sent:
        params = build_telegram_message(message)
        future = asyncio.run_coroutine_threadsafe(self._send(params), self._loop)
        return future.result(self._timeout + 5)

    async def _send(self, params: dict[str, Any]) -> Sent:
        from telegram import ReplyParameters
        from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, \
            TelegramError

        reply = params.pop("reply_parameters", None)
        try:
            sent = await self._bot.send_message(
                **params, reply_parameters=ReplyParameters(**reply) if reply else None,
                read_timeout=self._timeout, write_timeout=self._timeout, connect_timeout=self._timeout)
        except RetryAfter as exc:  # 429 with parameters.retry_after
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise Transient(f"telegram 429: {exc.message}", seconds) from exc
        except (BadRequest, Forbidden, InvalidToken, ChatMigrated) as exc:
            # 400 (chat not found), 403 (the citizen blocked the bot), 401/404 (bad token): permanent.
            raise Rejected(f"telegram {exc.__class__.__name__}: {exc.message}") from exc
        except NetworkError as exc:  # 5xx, timeouts (TimedOut is a NetworkError), refused connections
            raise Transient(f"telegram {exc.__class__.__name__}: {exc.message}") from exc
        except TelegramError as exc:
            raise Rejected(f"telegram {exc.__class__.__name__}: {exc.message}") from exc
        return Sent(str(sent.message_id))

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._bot.shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
