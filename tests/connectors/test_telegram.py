"""Telegram: webhook behaviour a citizen notices, and getUpdates polling against a local fake Bot API."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Iterator

import pytest

from connectors.checkpoint import Checkpoint
from connectors.telegram.poller import TelegramPoller, make_bot
from tests.connectors.channels import BY_NAME
from tests.connectors.fake_servers import FakeServer
from tests.connectors.payloads import NOW, dumps, message_id, telegram_update
from tests.support import unique

pytestmark = pytest.mark.slow
TELEGRAM = BY_NAME["telegram"]


def post(harness, update: dict[str, Any]):  # type: ignore[no-untyped-def]
    return TELEGRAM.submit(harness, dumps(update))


def test_text_message_is_acknowledged_in_the_webhook_reply(harness) -> None:
    uid = unique("tg")
    out = post(harness, telegram_update(uid, "Sokak köpekleri saldırgan"))
    reply = json.loads(out.body)
    req = out.published[0]
    assert reply["method"] == "sendMessage" and reply["chat_id"] == 424242
    assert req.number in reply["text"] and "Talep" in reply["text"]  # language_code tr
    assert req.citizen.id == "telegram:424242" and req.citizen.display_name == "Ayşe Yılmaz"


def test_photo_in_several_sizes_is_one_attachment_with_its_caption(harness) -> None:
    sizes = [{"file_id": f"AgAD{n}", "file_unique_id": f"u{n}", "width": w, "height": w, "file_size": w * 40}
             for n, w in enumerate((90, 320, 800, 1280))]
    update = telegram_update(unique("tg"), "", photo=sizes, caption="Devrilmiş ağaç yolu kapattı")
    del update["message"]["text"]
    req = post(harness, update).published[0]
    assert req.text == "Devrilmiş ağaç yolu kapattı"
    assert [a.url for a in req.attachments] == ["tg://file/AgAD3"] and req.attachments[0].size == 51200


def test_location_message(harness) -> None:
    update = telegram_update(unique("tg"), "", location={"latitude": 39.9208, "longitude": 32.8541})
    del update["message"]["text"]
    req = post(harness, update).published[0]
    assert (req.location.lat, req.location.lon) == (39.9208, 32.8541)


def test_group_messages_count_only_when_they_mention_the_bot(harness) -> None:
    group = {"id": -1001234567890, "type": "supergroup", "title": "Mahalle"}
    text = "@BeyazMasaBot parktaki salıncak kırık"
    mention = telegram_update(unique("tg"), text, chat=group,
                              entities=[{"type": "mention", "offset": 0, "length": 13}])
    chatter = telegram_update(unique("tg"), "bugün hava güzel", chat=group)
    assert len(post(harness, mention).published) == 1
    ignored = post(harness, chatter)
    assert ignored.status == 200 and ignored.published == [] and ignored.dead == []


def test_edited_message_updates_the_same_request_with_a_higher_revision(harness) -> None:
    uid = unique("tg")
    original = post(harness, telegram_update(uid, "Su kesik")).published[0]
    edited = telegram_update(uid, "Su kesik, iki gündür", update_id=10001)
    edited["edited_message"] = {**edited.pop("message"), "edit_date": 1772703300}
    out = post(harness, edited)
    again = out.published[0]
    assert again.request_id == original.request_id and again.revision > original.revision == 0
    assert again.text == "Su kesik, iki gündür" and out.body == b""  # no second acknowledgement


def test_start_command_gets_a_greeting_and_is_not_ingested(harness) -> None:
    update = telegram_update(unique("tg"), "/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}])
    out = post(harness, update)
    reply = json.loads(out.body)
    assert out.status == 200 and out.published == [] and out.dead == []
    assert reply["method"] == "sendMessage" and "Merhaba" in reply["text"]


def test_callback_queries_are_ignored(harness) -> None:
    update = {"update_id": 10002, "callback_query": {
        "id": "4382bfdwdsb323b2d9", "chat_instance": "42a", "data": "rate:5",
        "from": {"id": 424242, "is_bot": False, "first_name": "Ayşe"}}}
    out = post(harness, update)
    assert out.status == 200 and out.published == [] and out.dead == []


# --- getUpdates polling against a local fake Bot API ----------------------------------------

class FakeBotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, list[str]]] = []
        self.server = FakeServer({"/getMe": self.get_me, "/getUpdates": self.get_updates,
                                  "/sendMessage": self.send_message}).start()

    @property
    def base_url(self) -> str:
        return self.server.url + "/bot"

    def _check(self, path: str) -> None:
        assert path.startswith(f"/bot{self.token}/"), path

    def get_me(self, path: str, q: dict[str, list[str]], body: bytes) -> tuple[int, dict[str, str], Any]:
        self._check(path)
        return 200, {}, {"ok": True, "result": {"id": 7000000001, "is_bot": True, "first_name": "Beyaz Masa",
                                                "username": "BeyazMasaBot", "can_join_groups": True,
                                                "can_read_all_group_messages": False, "supports_inline_queries": False}}

    def get_updates(self, path: str, q: dict[str, list[str]], body: bytes) -> tuple[int, dict[str, str], Any]:
        self._check(path)
        offset = int(q.get("offset", ["0"])[0])
        return 200, {}, {"ok": True, "result": [u for u in self.updates if u["update_id"] >= offset]}

    def send_message(self, path: str, q: dict[str, list[str]], body: bytes) -> tuple[int, dict[str, str], Any]:
        self._check(path)
        self.sent.append(q)
        return 200, {}, {"ok": True, "result": {"message_id": 1, "date": 1772703000, "text": q["text"][0],
                                                "chat": {"id": int(q["chat_id"][0]), "type": "private"}}}


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    fake = FakeBotApi("123456:TEST-telegram-bot-token")
    yield fake
    fake.server.stop()


def test_polling_ingests_messages_greets_commands_and_keeps_the_offset(bot_api: FakeBotApi, harness, tmp_path) -> None:
    uid = unique("poll")
    bot_api.updates = [
        telegram_update(uid, "Çöp konteyneri yanıyor", update_id=500),
        telegram_update(unique("poll"), "/start", update_id=501, entities=[{"type": "bot_command", "offset": 0, "length": 6}]),
    ]
    checkpoint = Checkpoint(tmp_path / "tg.json")

    async def scenario() -> Any:
        async with make_bot(bot_api.token, bot_api.base_url) as bot:
            poller = TelegramPoller(bot, checkpoint, harness.recorder, now=lambda: NOW, timeout=0)
            first = await poller.poll_once()
            second = await poller.poll_once()
            return first, second

    first, second = asyncio.run(scenario())
    assert [r.external_id for r in first.accepted] == [f"424242:{message_id(uid)}"] and len(first.ignored) == 1
    assert second.accepted == [] and second.ignored == []
    assert checkpoint.load() == {"offset": 502}
    assert bot_api.server.calls("/getUpdates")[-1]["offset"] == ["502"]
    texts = [q["text"][0] for q in bot_api.sent]
    assert any("Merhaba" in t for t in texts) and any(first.accepted[0].number in t for t in texts)
