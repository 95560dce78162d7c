"""Every HTTP connector's router. Adding a channel = one line here."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from elasticsearch import AsyncElasticsearch
from fastapi import APIRouter

from civicdesk.settings import Settings
from connectors.ingest import Ingestor


def routers(settings: Settings, ingestor: Ingestor, now: Callable[[], datetime]) -> list[APIRouter]:
    from connectors.meta.routes import make_router as meta
    from connectors.open311.routes import make_router as open311
    from connectors.telegram.routes import make_router as telegram
    from connectors.twilio.routes import make_router as twilio
    from connectors.voice.routes import make_router as voice

    return [
        twilio(settings, ingestor, now),
        meta(settings, ingestor, now),
        telegram(settings, ingestor, now),
        voice(settings, ingestor, now),
        open311(settings, ingestor, now, lambda: AsyncElasticsearch(settings.es_url, request_timeout=10)),
    ]
