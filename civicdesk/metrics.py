"""Prometheus counters and histograms, one set per process, exposed at /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

RECEIVED = Counter("civicdesk_received_total", "Citizen messages accepted by a connector", ["connector"])
IGNORED = Counter("civicdesk_ignored_total", "Provider events that are not citizen messages", ["connector"])
REFUSED = Counter("civicdesk_refused_total", "Requests refused by authentication", ["connector"])
DEAD_LETTERED = Counter("civicdesk_dead_lettered_total", "Records sent to requests.dlq", ["stage"])
WEBHOOK_SECONDS = Histogram("civicdesk_webhook_seconds", "Webhook handling time, body read to Kafka ack", ["connector"])

# Latency buckets from 10 ms to 30 s: the targets are p99 < 200 ms (urgent, routed) and < 1 s
# (searchable) at 200 requests/s.
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0)
WEBHOOK_TO_ROUTED = Histogram("civicdesk_webhook_to_routed_seconds", "Receipt by a connector to routed by a worker",
                              ["urgency"], buckets=_LATENCY_BUCKETS)
WEBHOOK_TO_INDEXED = Histogram("civicdesk_webhook_to_indexed_seconds",
                               "Receipt by a connector to acknowledged by Elasticsearch (searchable after refresh)",
                               buckets=_LATENCY_BUCKETS)


def serve_metrics(port: int) -> None:
    """/metrics of a worker or sink process on its own port (0 = off): one scrape target each."""
    if port:
        from prometheus_client import start_http_server

        start_http_server(port, addr="127.0.0.1")
