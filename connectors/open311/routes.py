"""Open311 GeoReport v2 endpoints under /open311/v2 (JSON format only)."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any, Callable, Sequence

from elasticsearch import ApiError, AsyncElasticsearch, NotFoundError, TransportError
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from civicdesk.errors import Refused
from civicdesk.settings import Settings, secret
from classifiers import load_taxonomy
from connectors.form import Form
from connectors.ingest import Ingestor
from connectors.open311.normalise import FORM, errors, normalise_open311, service_request, services
from connectors.replies import acknowledgement
from connectors.webhook import Webhook, run_webhook
from schemas.request import CitizenRequest

SPEC = "http://wiki.open311.org/GeoReport_v2"


def open311_error(status: int, description: str) -> JSONResponse:
    return JSONResponse(errors(status, description), status_code=status)


def make_verify(settings: Settings) -> Callable[[Request, bytes], None]:
    def verify(request: Request, body: bytes) -> None:
        expected = secret(settings.open311_api_key)
        if expected is None:
            return  # open form: the issue makes the key optional for municipal web forms
        given = Form.parse(body).first("api_key") or ""
        if not given:
            raise Refused("api_key: missing", status=403)
        if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            raise Refused("api_key: invalid", status=403)

    return verify


def make_router(settings: Settings, ingestor: Ingestor, now: Callable[[], datetime],
                es: Callable[[], AsyncElasticsearch]) -> APIRouter:
    """`es` makes a client per status lookup: lookups are rare (a citizen checking one request)
    and a router has no shutdown hook that could close a shared client."""
    router = APIRouter(prefix="/open311/v2", tags=["open311"])
    taxonomy = load_taxonomy(settings.taxonomy_profile)
    codes = frozenset(taxonomy.department_codes)

    def normalise(request: Request, body: bytes) -> list[CitizenRequest]:
        return [normalise_open311(Form.parse(body), body, codes, now())]

    def respond(requests: Sequence[CitizenRequest]) -> Response:
        req = requests[0]
        return JSONResponse([{"service_request_id": req.request_id, "account_id": None,
                              "service_notice": acknowledgement(req.number, req.language)}])

    hook = Webhook("open311", (FORM,), make_verify(settings), normalise, respond, error=open311_error)

    @router.get("/discovery.json", summary="Open311 discovery")
    async def discovery() -> dict[str, Any]:
        return {"changeset": "2026-01-01T00:00:00Z", "contact": taxonomy.title, "key_service": None,
                "endpoints": [{"specification": SPEC, "url": settings.public_base_url.rstrip("/") + "/open311/v2",
                               "changeset": "2026-01-01T00:00:00Z", "type": "production",
                               "formats": ["application/json"]}]}

    @router.get("/services.json", summary="Open311 service list (the departments)")
    async def service_list(lang: str = "en") -> list[dict[str, Any]]:
        return services(taxonomy, lang)

    @router.post("/requests.json", summary="Open311 create service request")
    async def create_request(request: Request) -> Response:
        return await run_webhook(request, hook, ingestor)

    @router.get("/requests/{request_id}.json", summary="Open311 get service request")
    async def get_request(request_id: str) -> Response:
        try:
            async with es() as client:
                doc = await client.get(index=settings.index_alias, id=request_id)
        except NotFoundError:
            return open311_error(404, f"service request {request_id} not found")
        except (ApiError, TransportError) as exc:
            return JSONResponse(errors(503, f"search index unavailable: {type(exc).__name__}"), status_code=503,
                                headers={"Retry-After": "5"})
        return JSONResponse([service_request(doc["_source"])])

    return router
