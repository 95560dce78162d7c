"""Telegram `Update` JSON -> CitizenRequest. Pure: no I/O (the Bot object is never used to call out).

Parsed with python-telegram-bot's `Update.de_json`, the SDK's own model of the Bot API
"Update" and "Message" objects (message, edited_message, callback_query, photo as several
PhotoSize, location, entities with bot_command / mention).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from telegram import Message, Update
from telegram.constants import MessageEntityType

from civicdesk.errors import Ignored, Malformed
from schemas.request import Attachment, Channel, Citizen, CitizenRequest, Location, RawPayload

GROUP_CHATS = frozenset({"group", "supergroup"})


class BotCommand(Ignored):
    """/start or another command: answered with a greeting, never ingested."""

    def __init__(self, chat_id: int, command: str, language: str | None) -> None:
        super().__init__(f"bot command {command}")
        self.chat_id = chat_id
        self.command = command
        self.language = language


@dataclass(frozen=True)
class ChatRef:
    """Where to answer: parsed back from the external id `<chat_id>:<message_id>`."""

    chat_id: int
    message_id: int

    @classmethod
    def of(cls, req: CitizenRequest) -> "ChatRef":
        chat, _, message = req.external_id.rpartition(":")
        return cls(int(chat), int(message))


def parse_update(data: Any) -> Update:
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise Malformed("update_id: missing (not a Telegram Update)", status=422)
    try:
        return Update.de_json(data, None)  # type: ignore[arg-type]
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise Malformed(f"not a Telegram Update: {type(exc).__name__}: {exc}", status=422) from exc


def normalise_telegram(data: Any, now: datetime, bot_username: str | None = None,
                       raw: RawPayload | None = None) -> CitizenRequest:
    """`raw` is the body as received (webhook); polling passes none and the update is re-serialised."""
    update = parse_update(data)
    edited = update.edited_message is not None
    message = update.message or update.edited_message
    if message is None:
        kinds = [k for k in data if k != "update_id"]
        raise Ignored(f"update {update.update_id} is not a message ({', '.join(kinds) or 'empty'})")
    user = message.from_user
    if user is None:
        raise Ignored(f"message {message.message_id} has no sender (channel post)")
    if user.is_bot:
        raise Ignored(f"message {message.message_id} was sent by a bot")
    text = message.text or message.caption or ""
    command = _command(message)
    if command:
        raise BotCommand(message.chat.id, command, user.language_code)
    if message.chat.type in GROUP_CHATS and not _addressed_to_bot(message, bot_username):
        raise Ignored(f"group message {message.message_id} does not mention the bot")

    location = None
    if message.location is not None:
        location = Location(lat=message.location.latitude, lon=message.location.longitude,
                            address=message.venue.title if message.venue else None)
    attachments = _attachments(message)
    if not text.strip() and location is None and not attachments:
        raise Malformed(f"message {message.message_id}: no text, caption, location or media", status=422)
    revision = 0
    if edited and message.edit_date is not None:
        # Seconds between the original and this edit: grows with every later edit.
        revision = max(1, int(message.edit_date.timestamp() - message.date.timestamp()))
    reply_to = message.reply_to_message
    return CitizenRequest(
        channel=Channel.telegram,
        external_id=f"{message.chat.id}:{message.message_id}",
        revision=revision,
        received_at=message.date,
        citizen=Citizen.from_identities(handle=str(user.id), channel="telegram",
                                        display_name=user.full_name or user.username or None),
        text=text,
        language=(user.language_code or "")[:2] or None,
        location=location,
        attachments=attachments,
        conversation_id=f"{message.chat.id}:{reply_to.message_id}" if reply_to else None,
        raw=raw or RawPayload(content_type="application/json", body=orjson.dumps(data).decode("utf-8")),
    )


def _command(message: Message) -> str | None:
    for entity, value in message.parse_entities([MessageEntityType.BOT_COMMAND]).items():
        if entity.offset == 0:
            return value.split("@", 1)[0]
    return None


def _addressed_to_bot(message: Message, bot_username: str | None) -> bool:
    reply_to = message.reply_to_message
    if reply_to is not None and reply_to.from_user is not None and reply_to.from_user.is_bot:
        return True
    if not bot_username:
        return False
    wanted = "@" + bot_username.lstrip("@").lower()
    mentions = {**message.parse_entities([MessageEntityType.MENTION]),
                **message.parse_caption_entities([MessageEntityType.MENTION])}
    return any(v.lower() == wanted for v in mentions.values())


def _attachments(message: Message) -> tuple[Attachment, ...]:
    items: list[Attachment] = []
    if message.photo:
        # Telegram sends one photo in several sizes; the largest stands for all of them.
        best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        items.append(Attachment(url=f"tg://file/{best.file_id}", content_type="image/jpeg", size=best.file_size))
    for media in (message.voice, message.audio, message.video, message.document):
        if media is not None:
            items.append(Attachment(url=f"tg://file/{media.file_id}", content_type=getattr(media, "mime_type", None),
                                    size=media.file_size))
    return tuple(items)
