"""Prometheus counters and histograms, one set per process, exposed at /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

RECEIVED = Counter("civicdesk_received_total", "Citizen messages accepted by a connector", ["connector"])
IGNORED = Counter("civicdesk_ignored_total", "Provider events that are not citizen messages", ["connector"])
REFUSED = Counter("civicdesk_refused_total", "Requests refused by authentication", ["connector"])
DEAD_LETTERED = Counter("civicdesk_dead_lettered_total", "Records sent to requests.dlq", ["stage"])
WEBHOOK_SECONDS = Histogram("civicdesk_webhook_seconds", "Webhook handling time, body read to Kafka ack", ["connector"])
