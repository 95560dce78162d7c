"""Every HTTP connector's router. Adding a channel = one line here."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

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
        open311(settings, ingestor, now, LazySearchClient(settings.es_url)),
    ]


class LazySearchClient:
    """The Elasticsearch client Open311's status lookup uses, created on first call (inside
    the running event loop), not at import or router build time."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._client = None

    def __call__(self):  # type: ignore[no-untyped-def]
        if self._client is None:
            from elasticsearch import AsyncElasticsearch

            self._client = AsyncElasticsearch(self._url, request_timeout=10)
        return self._client
