"""The HTTP service: webhooks, the search API, health and metrics, assembled from routers."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import AsyncIterator, Callable

from elasticsearch import AsyncElasticsearch
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from civicdesk.kafka import AsyncProducer, producer_config
from civicdesk.settings import Settings
from connectors.http import plain_routes, routers as connector_routers
from connectors.ingest import Ingestor, KafkaIngestor
from sinks.console.routes import make_router as console_router
from sinks.search_api import make_router as search_router

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def create_app(settings: Settings, *, ingestor: Ingestor | None = None,
               es: AsyncElasticsearch | None = None, now: Callable[[], datetime] = utc_now) -> FastAPI:
    """Build the app. Tests may inject an ingestor or client; by default they are created at startup."""
    state: dict[str, object] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        producer = None
        if ingestor is None:
            producer = AsyncProducer(producer_config(settings.kafka_servers, **{"client.id": "civicdesk-http"}))
            state["ingestor"] = KafkaIngestor(producer)
        client = es or AsyncElasticsearch(settings.es_url, request_timeout=10)
        state["es"] = client
        try:
            yield
        finally:
            if producer is not None:
                producer.close()
            if es is None:
                await client.close()

    # Metrics are Prometheus (/metrics); no OpenTelemetry provider is configured, yet FastAPI's
    # native telemetry asks three OTel globals per request whether one is (~5 % of a webhook's CPU).
    app = FastAPI(title="civicdesk", version="0.1.0", lifespan=lifespan,
                  description="Citizen request intake: channel webhooks, search and status.",
                  telemetry={"tracing": False, "metrics": False, "logs": False})

    class _LateIngestor:
        """Resolves the producer created at startup (routers are built before it exists)."""

        async def publish(self, requests):  # type: ignore[no-untyped-def]
            await (ingestor or state["ingestor"]).publish(requests)  # type: ignore[union-attr]

        async def dead_letter(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            await (ingestor or state["ingestor"]).dead_letter(*args, **kwargs)  # type: ignore[union-attr]

    webhook_routers = connector_routers(settings, _LateIngestor(), now)
    # Webhooks are matched first as plain Starlette routes (see plain_routes: ~25 % less CPU).
    app.router.routes.extend(plain_routes(webhook_routers))
    for router in webhook_routers:
        app.include_router(router)
    app.include_router(search_router(settings, lambda: state["es"]))  # type: ignore[arg-type,return-value]
    app.include_router(console_router(settings, lambda: state["es"]))  # type: ignore[arg-type,return-value]

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": problems}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Last line of defence; a bug here is ours, logged with its traceback, answered 503 so
        # providers retry rather than drop the message.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": "temporarily unavailable"}, status_code=503, headers={"Retry-After": "5"})

    @app.get("/health", tags=["operations"], summary="Liveness and dependencies")
    async def health() -> JSONResponse:
        es_ok = False
        try:
            es_ok = bool(await state["es"].ping())  # type: ignore[union-attr]
        except Exception as exc:  # noqa: BLE001 - reported, not raised: health must answer
            log.debug("elasticsearch ping failed: %s", exc)
        return JSONResponse({"status": "ok" if es_ok else "degraded", "elasticsearch": es_ok},
                            status_code=200 if es_ok else 503)

    from classifiers import load_taxonomy
    from civicdesk.pipeline_metrics import register as register_pipeline_metrics

    register_pipeline_metrics(settings, load_taxonomy(settings.taxonomy_profile).department_codes)

    @app.get("/metrics", tags=["operations"], include_in_schema=False)
    async def metrics() -> PlainTextResponse:
        # In a thread: the pipeline gauges read topic offsets and the index (up to seconds when
        # the broker is busy), which on the event loop would stall every webhook meanwhile.
        text = await asyncio.to_thread(generate_latest)
        return PlainTextResponse(text.decode(), media_type=CONTENT_TYPE_LATEST)

    return app
