"""Pipeline-wide gauges for the HTTP service's /metrics, read from durable sources.

Per-stage counts (received, indexed, redeliveries, dead-lettered per stage, routed per
department) and consumer lag come from topic offsets and the index, not from counters in one
process, so they are right however many workers run. Collected at most every 15 s: a scrape
every few seconds must not read the dead-letter topic each time.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from civicdesk.settings import Settings

log = logging.getLogger(__name__)
CACHE_SECONDS = 15.0


class PipelineCollector(Collector):
    def __init__(self, settings: Settings, departments: list[str]) -> None:
        self.settings = settings
        self.departments = departments
        self._lock = threading.Lock()
        self._at = 0.0
        self._families: list[GaugeMetricFamily] = []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._lock:
            if time.monotonic() - self._at > CACHE_SECONDS:
                try:
                    self._families = self._read()
                except Exception as exc:  # noqa: BLE001 - a scrape must not fail because Kafka is slow
                    log.warning("pipeline metrics unavailable: %s", exc)
                self._at = time.monotonic()
            yield from self._families

    def _read(self) -> list[GaugeMetricFamily]:
        from civicdesk.stats import _consumer, collect, message_count
        from schemas import topics

        acc = collect(self.settings)
        stage = GaugeMetricFamily("civicdesk_pipeline_requests", "Requests per accounting stage", labels=["stage"])
        for name, value in (("received", acc.received), ("indexed", acc.indexed),
                            ("redeliveries_dropped", acc.redeliveries), ("dead_lettered", acc.dead_lettered_requests)):
            stage.add_metric([name], value)
        dlq = GaugeMetricFamily("civicdesk_pipeline_dead_letters", "requests.dlq records per stage", labels=["stage"])
        for name, value in acc.dead_lettered.items():
            dlq.add_metric([name], value)
        lag = GaugeMetricFamily("civicdesk_consumer_lag", "Records not yet consumed", labels=["group"])
        for group, value in acc.lag.items():
            lag.add_metric([group], value)
        routed = GaugeMetricFamily("civicdesk_routed", "Messages on each department feed", labels=["department"])
        c = _consumer(self.settings)
        try:
            for code in self.departments:
                routed.add_metric([code], message_count(c, topics.dept_topic(code)))
            urgent = message_count(c, topics.URGENT)
        finally:
            c.close()
        urgent_family = GaugeMetricFamily("civicdesk_routed_urgent", "Messages on requests.urgent", value=urgent)
        ok = GaugeMetricFamily("civicdesk_accounting_reconciles",
                               "1 when received = indexed + redeliveries + dead-lettered", value=int(acc.reconciles))
        return [stage, dlq, lag, routed, urgent_family, ok]


_registered: PipelineCollector | None = None


def register(settings: Settings, departments: list[str]) -> None:
    global _registered
    if _registered is None:
        _registered = PipelineCollector(settings, departments)
        REGISTRY.register(_registered)
