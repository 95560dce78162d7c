"""One webhook pipeline every HTTP connector runs: size and type checks, authentication,
normalisation, publish, answer. A connector supplies only `verify`, `normalise` and `respond`.

Outcomes (never a 500 for anything the caller sent):
    Refused    -> 401/403, nothing produced (not even a dead letter)
    Malformed  -> 4xx naming the problem, and a requests.dlq record with the raw bytes
    Ignored    -> 200, counted, nothing produced
    Retry      -> 503 with Retry-After (Kafka down): the provider redelivers later
    Answered   -> an Ignored event the provider expects an answer to (a Telegram /start greeting)
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Awaitable, Callable, Sequence

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect

from civicdesk import metrics
from civicdesk.errors import Ignored, Malformed, Refused, Retry
from connectors.ingest import Ingestor
from schemas.request import CitizenRequest

log = logging.getLogger(__name__)

# Providers' own limits are far below this (Twilio 64 KiB per request, Meta batches a few
# hundred KiB); 1 MiB leaves room for long emails forwarded by a form while bounding memory.
MAX_BODY_BYTES = 1024 * 1024

Verify = Callable[[Request, bytes], None]
Normalise = Callable[[Request, bytes], Sequence[CitizenRequest]]
Respond = Callable[[Sequence[CitizenRequest]], Response]


class Answered(Ignored):
    """Not a citizen message, but answered in the response body (a bot command's greeting)."""

    def __init__(self, reason: str, response: Response) -> None:
        super().__init__(reason)
        self.response = response


def error_response(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"error": reason}, status_code=status)


@dataclass(frozen=True)
class Webhook:
    connector: str
    content_types: tuple[str, ...]
    verify: Verify
    normalise: Normalise
    respond: Respond
    ignored: Callable[[], Response] = lambda: Response(status_code=200)
    # How errors are worded on the wire (Open311 answers a list of {code, description}).
    error: Callable[[int, str], Response] = error_response


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Malformed(f"body of {declared} bytes is over the {limit} byte limit", status=413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Malformed(f"body is over the {limit} byte limit", status=413)
        chunks.append(chunk)
    return b"".join(chunks)


def check_content_type(request: Request, allowed: tuple[str, ...]) -> None:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in allowed:
        raise Malformed(f"content type {media or '(none)'!r} not accepted; send {' or '.join(allowed)}", status=415)


@lru_cache(maxsize=None)
def _connector_metrics(connector: str) -> tuple[Any, Any]:
    # A labelled child looked up once per connector, not per request (labels() costs a lock
    # and a dict lookup: ~5 us of a ~1 ms webhook each time).
    return metrics.RECEIVED.labels(connector), metrics.WEBHOOK_SECONDS.labels(connector)


async def run_webhook(request: Request, hook: Webhook, ingestor: Ingestor) -> Response:
    started = time.perf_counter()
    body = b""
    # The path from the ASGI scope: `request.url` would build a URL object on every request.
    source = f"{request.method} {request.scope['path']}"
    try:
        body = await read_body(request)
        check_content_type(request, hook.content_types)
        hook.verify(request, body)
        try:
            requests = hook.normalise(request, body)
        except (Ignored, Malformed, Refused):
            raise
        except Exception as exc:  # a normaliser bug must not become a 500 or lose the payload
            log.error("%s normaliser failed: %s\n%s", hook.connector, exc, traceback.format_exc())
            raise Malformed(f"could not normalise payload: {type(exc).__name__}: {exc}", status=422) from exc
        if not requests:
            raise Ignored("no citizen message in payload")
        await ingestor.publish(requests)
        received, seconds = _connector_metrics(hook.connector)
        received.inc(len(requests))
        seconds.observe(time.perf_counter() - started)
        return hook.respond(requests)
    except Refused as exc:
        metrics.REFUSED.labels(hook.connector).inc()
        log.warning("%s refused %s: %s", hook.connector, source, exc.reason)
        return hook.error(exc.status, exc.reason)
    except Ignored as exc:
        metrics.IGNORED.labels(hook.connector).inc()
        log.info("%s ignored %s: %s", hook.connector, source, exc.reason)
        return exc.response if isinstance(exc, Answered) else hook.ignored()
    except Malformed as exc:
        log.warning("%s rejected %s (%d): %s", hook.connector, source, exc.status, exc.reason)
        if body or exc.status == 413:
            try:
                await ingestor.dead_letter(f"connector:{hook.connector}", exc.reason, body, source=source,
                                           content_type=request.headers.get("content-type"))
            except Retry as retry:
                return _unavailable(retry)
        return hook.error(exc.status, exc.reason)
    except Retry as exc:
        return _unavailable(exc)
    except ClientDisconnect:
        # The provider hung up before its body arrived: nothing was published, nobody reads an
        # answer, and it redelivers what it did not see acknowledged. Not an error of ours.
        log.info("%s client disconnected during %s", hook.connector, source)
        return Response(status_code=499)


def _unavailable(exc: Retry) -> JSONResponse:
    log.error("broker unavailable: %s", exc.reason)
    resp = error_response(503, f"temporarily unavailable, retry later: {exc.reason}")
    resp.headers["Retry-After"] = str(max(1, int(exc.retry_after)))
    return resp


Handler = Callable[[Request], Awaitable[Response]]


def require_credentials(request: Request, configured: str | None, *, provider: str, setting: str,
                        header: str, missing_status: int = 401) -> str:
    """The configured secret and the header that must prove it, or Refused (fail closed).

    Returns the header's value; no secret configured means the route refuses everything.
    """
    if configured is None:
        raise Refused(f"{provider} webhooks are disabled: {setting} is not configured", status=403)
    given = request.headers.get(header)
    if not given:
        raise Refused(f"{header} header missing", status=missing_status)
    return given
