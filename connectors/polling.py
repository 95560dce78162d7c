"""The loop every poller shares: poll, wait, back off on Retry, stop on Fatal or request."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

from civicdesk.errors import Retry

log = logging.getLogger(__name__)

# Backoff 1, 2, 4 ... s, capped at 60 s: a provider outage is re-checked at least once a minute.
MAX_BACKOFF = 60.0


async def wait_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), max(0.0, seconds))
    except asyncio.TimeoutError:
        pass


async def poll_forever(name: str, poll_once: Callable[[], Awaitable[Any]], stop: asyncio.Event, interval: float,
                       on_pass: Callable[[Any], None] | None = None) -> None:
    backoff = 1.0
    while not stop.is_set():
        try:
            result = await poll_once()
            backoff = 1.0
            if on_pass is not None:
                on_pass(result)
            await wait_or_stop(stop, interval)
        except Retry as exc:
            wait = max(exc.retry_after, backoff)
            log.warning("%s: %s; retrying in %.0f s", name, exc.reason, wait)
            await wait_or_stop(stop, wait)
            backoff = min(backoff * 2, MAX_BACKOFF)
