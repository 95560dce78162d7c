"""Every HTTP connector's router. Adding a channel = one line here."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from fastapi import APIRouter

from civicdesk.settings import Settings
from connectors.ingest import Ingestor


def routers(settings: Settings, ingestor: Ingestor, now: Callable[[], datetime]) -> list[APIRouter]:
    from connectors.twilio.routes import make_router as twilio

    return [twilio(settings, ingestor, now)]
