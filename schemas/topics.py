"""Every Kafka topic, declared once, with its partition count and config.

Pure declarations; `civicdesk.kafka.ensure_topics` creates them idempotently at start,
because broker auto-creation gives the wrong partition count (1 on noida-db, 4 on Tansu)
and no retention settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

RAW = "requests.raw"
CLASSIFIED = "requests.classified"
URGENT = "requests.urgent"
SOCIAL = "requests.social"
DUPLICATES = "requests.duplicates"
STATUS = "requests.status"
STATUS_ACCEPTED = "requests.status.accepted"
SLA = "requests.sla"
OUTBOUND = "requests.outbound"
OUTBOUND_RESULTS = "requests.outbound.results"
CORRECTIONS = "requests.corrections"
# Satisfaction checks waiting for the citizen's answer, keyed like requests.raw (citizen id) and
# with its partition count, so the intake reads them from a co-partitioned table.
SATISFACTION_PENDING = "requests.satisfaction.pending"
SATISFACTION = "requests.satisfaction"
CORRECTIONS_APPLIED = "requests.corrections.applied"
DLQ = "requests.dlq"
DEPT_PREFIX = "requests.dept."

# 6 partitions: enough for six workers per consumer group at 18,500 requests/day peaks of
# ~100 concurrent calls, while small enough that a 2-core dev box is not drowned in files.
DEFAULT_PARTITIONS = 6
WEEK_MS = 7 * 24 * 3600 * 1000


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int = DEFAULT_PARTITIONS
    config: dict[str, str] = field(default_factory=dict)
    purpose: str = ""


def dept_topic(department: str) -> str:
    return f"{DEPT_PREFIX}{department}"


def declare_topics(departments: Iterable[str], partitions: int = DEFAULT_PARTITIONS) -> list[TopicSpec]:
    """All topics for a taxonomy's departments."""
    # Kept 30 days so `civicdesk reindex` can rebuild the index from the topics. Status is
    # time-retained, not compacted: the index keeps the full history, so every change counts.
    keep_30d = {"retention.ms": str(30 * 24 * 3600 * 1000)}
    specs = [
        TopicSpec(RAW, partitions, keep_30d, "normalised requests from every connector, keyed by citizen id"),
        TopicSpec(CLASSIFIED, partitions, keep_30d, "every request after classification and dedup, keyed by request id"),
        TopicSpec(URGENT, partitions, keep_30d, "urgent and emergency requests: the 24/7 desk"),
        TopicSpec(SOCIAL, partitions, keep_30d, "requests from Twitter/X, Facebook and Instagram"),
        TopicSpec(DUPLICATES, partitions, keep_30d, "duplicate and incident links"),
        TopicSpec(STATUS, partitions, keep_30d, "status changes published by departments"),
        TopicSpec(STATUS_ACCEPTED, partitions, keep_30d, "status changes the lifecycle accepted (what the index applies)"),
        TopicSpec(SLA, partitions, keep_30d, "requests past their response-time target"),
        TopicSpec(OUTBOUND, partitions, keep_30d, "replies and satisfaction checks to send to citizens"),
        TopicSpec(OUTBOUND_RESULTS, partitions, keep_30d, "what became of each outbound message: sent, or failed and why"),
        TopicSpec(CORRECTIONS, partitions, keep_30d, "department, type or urgency corrected in the console"),
        TopicSpec(SATISFACTION_PENDING, partitions, keep_30d,
                  "satisfaction checks awaiting an answer, keyed by citizen id like requests.raw"),
        TopicSpec(SATISFACTION, partitions, keep_30d, "citizens' 1-5 answers, keyed by the request they rate"),
        TopicSpec(CORRECTIONS_APPLIED, partitions, keep_30d, "corrections the lifecycle applied (what the index applies)"),
        TopicSpec(DLQ, partitions, {"retention.ms": str(4 * WEEK_MS)}, "what could not be processed, with reason and raw bytes"),
    ]
    for code in departments:
        specs.append(TopicSpec(dept_topic(code), partitions, keep_30d, f"feed of department {code}"))
    return specs
