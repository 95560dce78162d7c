"""POST /webhooks/telegram. Replies ride in the webhook response body (the Bot API's
"reply directly to the webhook" feature): no outbound call, no token needed to answer."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any, Callable, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from civicdesk.errors import Refused
from civicdesk.settings import Settings, secret
from connectors.ingest import Ingestor
from connectors.jsonbody import parse_json
from connectors.replies import acknowledgement, greeting
from connectors.telegram.normalise import BotCommand, ChatRef, normalise_telegram
from connectors.webhook import require_credentials, Answered, Webhook, run_webhook
from schemas.request import CitizenRequest, RawPayload


def send_message(chat_id: int, text: str, reply_to: int | None = None) -> dict[str, Any]:
    """A Bot API sendMessage call, as a webhook response body or a getUpdates-mode request."""
    call: dict[str, Any] = {"method": "sendMessage", "chat_id": chat_id, "text": text}
    if reply_to is not None:
        call["reply_parameters"] = {"message_id": reply_to}
    return call


def ack_call(req: CitizenRequest) -> dict[str, Any]:
    ref = ChatRef.of(req)
    return send_message(ref.chat_id, acknowledgement(req.number, req.language), ref.message_id)


def greeting_call(cmd: BotCommand) -> dict[str, Any]:
    return send_message(cmd.chat_id, greeting(cmd.language))


def make_verify(settings: Settings) -> Callable[[Request, bytes], None]:
    def verify(request: Request, body: bytes) -> None:
        expected = secret(settings.telegram_secret_token)
        given = require_credentials(request, expected, provider="Telegram", setting="telegram_secret_token",
                                    header="X-Telegram-Bot-Api-Secret-Token")
        assert expected is not None
        if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
            raise Refused("X-Telegram-Bot-Api-Secret-Token does not match", status=403)

    return verify


def make_router(settings: Settings, ingestor: Ingestor, now: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(tags=["webhooks"])

    def normalise(request: Request, body: bytes) -> list[CitizenRequest]:
        try:
            return [normalise_telegram(parse_json(body), now(), settings.telegram_bot_username,
                                       RawPayload.from_bytes("application/json", body))]
        except BotCommand as cmd:
            raise Answered(cmd.reason, JSONResponse(greeting_call(cmd))) from cmd

    def respond(requests: Sequence[CitizenRequest]) -> Response:
        req = requests[0]
        if req.revision:
            return Response(status_code=200)  # an edit updates the request: no second acknowledgement
        return JSONResponse(ack_call(req))

    hook = Webhook("telegram", ("application/json",), make_verify(settings), normalise, respond)

    @router.post("/webhooks/telegram", summary="Telegram bot webhook")
    async def telegram_webhook(request: Request) -> Response:
        return await run_webhook(request, hook, ingestor)

    return router
