"""Elasticsearch bulk writes that either land or are rejected for good. Adapter over the
official client's `helpers.streaming_bulk`.

    write(actions) -> [Rejected]
      429 / 5xx item or connection error -> back off (0.5 s doubling to 30 s) and resend, forever:
                                            the caller must not commit its offsets meanwhile
      409 on `create`                    -> resend as a merge update (replay, edit, early status)
      any other 4xx                      -> Rejected(action, reason): the caller dead-letters it
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import TransportError

from sinks.batching import BATCH_BYTES, BATCH_DOCS
from sinks.updates import merge_action

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0


@dataclass(frozen=True)
class Rejected:
    action: dict[str, Any]
    reason: str


def _transient(status: int) -> bool:
    return status == 429 or status >= 500


class BulkWriter:
    def __init__(self, es: Elasticsearch, *, chunk_docs: int = BATCH_DOCS, chunk_bytes: int = BATCH_BYTES,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.es = es
        self.chunk_docs = chunk_docs
        self.chunk_bytes = chunk_bytes
        self.sleep = sleep
        self.retries = 0

    def write(self, actions: list[dict[str, Any]]) -> list[Rejected]:
        rejected: list[Rejected] = []
        pending = actions
        delay = 0.5
        while pending:
            try:
                results = self._send(pending)
            except (ESConnectionError, TransportError, ApiError) as exc:
                # Elasticsearch down or refusing the whole request: keep everything, back off.
                log.warning("bulk of %d failed (%s); retrying in %.1f s", len(pending), exc, delay)
                self.retries += 1
                self.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
                continue
            again: list[dict[str, Any]] = []
            transient = False
            for action, (ok, item) in zip(pending, results):
                if ok:
                    continue
                info = next(iter(item.values()))
                status = int(info.get("status", 0))
                if status == 409 and action["_op_type"] == "create":
                    again.append(merge_action(action["_index"], action["_source"]))
                elif _transient(status):
                    again.append(action)
                    transient = True
                else:
                    rejected.append(Rejected(action, f"{status}: {_reason(info)}"))
            if transient:
                self.retries += 1
                log.warning("%d bulk items refused with 429/5xx; retrying in %.1f s", len(again), delay)
                self.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
            pending = again
        return rejected

    def _send(self, actions: list[dict[str, Any]]) -> list[tuple[bool, dict[str, Any]]]:
        # max_retries=0: this loop does the retrying, so results stay in the order of `actions`.
        return list(helpers.streaming_bulk(self.es, actions, chunk_size=self.chunk_docs,
                                           max_chunk_bytes=self.chunk_bytes, max_retries=0,
                                           raise_on_error=False, raise_on_exception=True))


def _reason(info: dict[str, Any]) -> str:
    err = info.get("error")
    if isinstance(err, dict):
        return f"{err.get('type')}: {err.get('reason')}"
    return str(err)
