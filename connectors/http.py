"""Every HTTP connector's router. Adding a channel = one line here."""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Callable

from elasticsearch import AsyncElasticsearch
from fastapi import APIRouter, Request
from fastapi.routing import APIRoute
from starlette.routing import Route

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


def plain_routes(routers: list[APIRouter]) -> list[Route]:
    """The webhook endpoints again as plain Starlette routes, for the app to match first.

    A webhook endpoint takes the raw `Request` and answers a `Response`: FastAPI's dependency
    solving, body handling and exit-stack wrapping add nothing to it, yet cost ~25 % of the
    app's CPU per Twilio webhook (650 -> 475 us in process, no server, no Kafka). Only POST endpoints whose single parameter is
    the Request, with no router dependencies, are served this way; the FastAPI routes stay
    registered so the OpenAPI document still lists them.
    """
    out: list[Route] = []
    for router in routers:
        for route in router.routes:
            if (isinstance(route, APIRoute) and route.methods == {"POST"} and not route.dependencies
                    and _takes_only_request(route.endpoint)):
                out.append(Route(route.path, route.endpoint, methods=["POST"], name=f"{route.name}-plain",
                                 include_in_schema=False))
    return out


def _takes_only_request(endpoint: Callable[..., object]) -> bool:
    params = list(inspect.signature(endpoint, eval_str=True).parameters.values())
    return len(params) == 1 and params[0].annotation is Request and inspect.iscoroutinefunction(endpoint)
