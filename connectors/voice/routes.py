"""POST /ingest/voice: transcripts pushed by the call-centre platform, Bearer-authenticated."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Callable, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from civicdesk.errors import Refused
from civicdesk.settings import Settings, secret
from connectors.ingest import Ingestor
from connectors.jsonbody import parse_json
from connectors.voice.normalise import normalise_voice
from connectors.webhook import Webhook, run_webhook
from schemas.request import CitizenRequest, RawPayload


def make_verify(settings: Settings) -> Callable[[Request, bytes], None]:
    def verify(request: Request, body: bytes) -> None:
        expected = secret(settings.voice_token)
        if expected is None:
            raise Refused("voice ingest is disabled: voice_token is not configured", status=403)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Refused("Authorization: Bearer token missing", status=401)
        if not hmac.compare_digest(token.strip().encode("utf-8", "replace"), expected.encode("utf-8")):
            raise Refused("Authorization: wrong bearer token", status=403)

    return verify


def make_router(settings: Settings, ingestor: Ingestor, now: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(tags=["ingest"])

    def normalise(request: Request, body: bytes) -> list[CitizenRequest]:
        return [normalise_voice(parse_json(body), RawPayload.from_bytes("application/json", body))]

    def respond(requests: Sequence[CitizenRequest]) -> Response:
        req = requests[0]
        return JSONResponse({"request_id": req.request_id, "number": req.number})

    hook = Webhook("voice", ("application/json",), make_verify(settings), normalise, respond)

    @router.post("/ingest/voice", summary="Voice call transcript")
    async def ingest_voice(request: Request) -> Response:
        return await run_webhook(request, hook, ingestor)

    return router
