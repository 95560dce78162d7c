"""GET/POST /webhooks/meta: verification handshake and signed notifications."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Callable, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from civicdesk import metrics
from civicdesk.errors import Refused
from civicdesk.settings import Settings, secret
from connectors.ingest import Ingestor
from connectors.jsonbody import parse_json
from connectors.meta.normalise import normalise_meta
from connectors.webhook import require_credentials, Webhook, error_response, run_webhook
from schemas.request import CitizenRequest


def signature_of(app_secret: str, body: bytes) -> str:
    """The X-Hub-Signature-256 value Meta sends: sha256= + HMAC-SHA256(app secret, raw body)."""
    return "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def make_verify(settings: Settings) -> Callable[[Request, bytes], None]:
    def verify(request: Request, body: bytes) -> None:
        app_secret = secret(settings.meta_app_secret)
        given = require_credentials(request, app_secret, provider="Meta", setting="meta_app_secret",
                                    header="X-Hub-Signature-256")
        assert app_secret is not None
        if not hmac.compare_digest(given.encode("utf-8", "replace"), signature_of(app_secret, body).encode()):
            raise Refused("X-Hub-Signature-256 does not match", status=403)

    return verify


def make_router(settings: Settings, ingestor: Ingestor, now: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(tags=["webhooks"])

    def normalise(request: Request, body: bytes) -> list[CitizenRequest]:
        return normalise_meta(parse_json(body), now())

    def respond(requests: Sequence[CitizenRequest]) -> Response:
        return JSONResponse({"received": len(requests), "numbers": [r.number for r in requests]})

    hook = Webhook("meta", ("application/json",), make_verify(settings), normalise, respond)

    @router.get("/webhooks/meta", summary="Meta webhook verification handshake")
    async def meta_handshake(request: Request) -> Response:
        params = request.query_params
        expected = secret(settings.meta_verify_token)
        token = params.get("hub.verify_token", "")
        if (expected is None or params.get("hub.mode") != "subscribe"
                or not hmac.compare_digest(token.encode(), expected.encode())):
            metrics.REFUSED.labels("meta").inc()
            return error_response(403, "hub.verify_token does not match (or hub.mode is not subscribe)")
        return PlainTextResponse(params.get("hub.challenge", ""))

    @router.post("/webhooks/meta", summary="Meta webhook (WhatsApp Cloud, Messenger, Instagram)")
    async def meta_webhook(request: Request) -> Response:
        return await run_webhook(request, hook, ingestor)

    return router
