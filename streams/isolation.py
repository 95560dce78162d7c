"""One bad record must not take its batch down with it. Pure module: no Kafka, no Faust.

Faust acknowledges a batch from `take_events` when the agent's loop moves on, also when the
agent crashed on one of its events: an unexpected exception (a civicdesk bug meeting an input
nobody foresaw) would silently lose up to a whole batch (500 requests). Instead, the record
that raised is dead-lettered with the error and its raw bytes, so it is kept, counted
(received = indexed + redeliveries + dead-lettered still holds) and can be replayed once the
bug is fixed, and the rest of the batch goes on.

Two exceptions keep their meaning (civicdesk/errors.py) and are re-raised: `Retry` (nothing
is wrong with the record; the environment is) and `Fatal` (the process must stop).
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable, Iterable, Sequence, TypeVar

from civicdesk.errors import Fatal, Retry

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# The reason is read by people in the dead-letter topic and the console: a class name and a
# short message say what broke; the traceback goes to the worker's log.
MAX_REASON = 500


def unexpected_reason(stage: str, exc: BaseException) -> str:
    text = f"{stage}: unexpected error, kept for replay after a fix: {type(exc).__name__}: {exc}"
    return text[:MAX_REASON]


async def each_isolated(items: Iterable[T], work: Callable[[T], Awaitable[None]],
                        on_error: Callable[[T, Exception], Awaitable[None]]) -> int:
    """Run `work(item)` for every item; an item whose work raises (other than Retry or Fatal)
    goes to `on_error(item, exc)` and the others still run. Returns how many failed."""
    failed = 0
    for item in items:
        try:
            await work(item)
        except (Retry, Fatal):
            raise
        except Exception as exc:  # noqa: BLE001 - the point of this module; see the docstring
            log.exception("record isolated after an unexpected error")
            failed += 1
            await on_error(item, exc)
    return failed


def map_isolated(items: Sequence[T], batch: Callable[[Sequence[T]], list[R]],
                 ) -> list[R | Exception]:
    """`batch(items)` in one call (the fast path); if it raises, item by item, so only the
    items that raise on their own get their exception back in place of a result."""
    try:
        return list(batch(items))
    except (Retry, Fatal):
        raise
    except Exception:  # noqa: BLE001 - fall back to finding the culprit
        log.exception("batch call failed; retrying its %d items one by one", len(items))
    out: list[R | Exception] = []
    for item in items:
        try:
            [result] = batch([item])
            out.append(result)
        except (Retry, Fatal):
            raise
        except Exception as exc:  # noqa: BLE001
            out.append(exc)
    return out
