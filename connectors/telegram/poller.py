"""getUpdates polling for deployments without a public URL, with python-telegram-bot's `Bot`.

The offset (last update id + 1) is saved in the data dir after each batch is on Kafka; the
next getUpdates with that offset also confirms the batch to Telegram. Replies (greetings,
acknowledgements) are sent with sendMessage, best effort: a failed reply loses no request.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Callable

import orjson
from telegram import Bot, ReplyParameters
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError

from civicdesk import metrics
from civicdesk.errors import Fatal, Ignored, Malformed, Retry
from connectors.batch import BatchResult
from connectors.checkpoint import Checkpoint
from connectors.ingest import Ingestor
from connectors.replies import acknowledgement, greeting
from connectors.telegram.normalise import BotCommand, ChatRef, normalise_telegram

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def make_bot(token: str, base_url: str) -> Bot:
    return Bot(token, base_url=base_url)


class TelegramPoller:
    def __init__(self, bot: Bot, checkpoint: Checkpoint, ingestor: Ingestor, *, now: Callable[[], datetime],
                 timeout: int = 30) -> None:
        self.bot = bot
        self.checkpoint = checkpoint
        self.ingestor = ingestor
        self.now = now
        self.timeout = timeout

    async def poll_once(self) -> BatchResult:
        offset = self.checkpoint.load().get("offset")
        try:
            updates = await self.bot.get_updates(offset=offset, timeout=self.timeout, allowed_updates=ALLOWED_UPDATES)
        except (InvalidToken, Forbidden) as exc:
            raise Fatal(f"Telegram refused the bot token: {exc}") from exc
        except NetworkError as exc:
            raise Retry(f"Telegram getUpdates failed: {exc}", retry_after=5) from exc
        result = BatchResult()
        greetings: list[BotCommand] = []
        for update in updates:
            data: dict[str, Any] = update.to_dict()
            source = f"telegram:update:{update.update_id}"
            try:
                result.accepted.append(normalise_telegram(data, self.now(), self.bot.username))
            except BotCommand as cmd:
                greetings.append(cmd)
                result.ignored.append((source, cmd.reason))
                metrics.IGNORED.labels("telegram").inc()
            except Ignored as exc:
                result.ignored.append((source, exc.reason))
                metrics.IGNORED.labels("telegram").inc()
            except Malformed as exc:
                result.dead.append((source, exc.reason))
                await self.ingestor.dead_letter("connector:telegram", exc.reason, orjson.dumps(data), source=source,
                                                content_type="application/json")
        if result.accepted:
            await self.ingestor.publish(result.accepted)
            metrics.RECEIVED.labels("telegram").inc(len(result.accepted))
        if updates:
            self.checkpoint.save({"offset": max(u.update_id for u in updates) + 1})
        for cmd in greetings:
            await self._reply(cmd.chat_id, greeting(cmd.language))
        for req in result.accepted:
            if not req.revision:
                ref = ChatRef.of(req)
                await self._reply(ref.chat_id, acknowledgement(req.number, req.language), ref.message_id)
        return result

    async def _reply(self, chat_id: int, text: str, reply_to: int | None = None) -> None:
        try:
            await self.bot.send_message(chat_id, text,
                                        reply_parameters=ReplyParameters(reply_to) if reply_to else None)
        except TelegramError as exc:
            log.warning("telegram reply to chat %s failed: %s", chat_id, exc)
