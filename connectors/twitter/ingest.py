"""One v2 response page through the normaliser to Kafka: the path shared by the poller and
`civicdesk ingest tweets`."""

from __future__ import annotations

from typing import Any

from civicdesk import metrics
from connectors.batch import BatchResult
from connectors.ingest import Ingestor
from connectors.twitter.normalise import page_tweets

CONNECTOR = "twitter"


async def ingest_tweet_page(ingestor: Ingestor, page: Any, source: str) -> BatchResult:
    result = BatchResult()
    for outcome in page_tweets(page):
        where = f"{source}#{outcome.tweet_id}"
        if outcome.request is not None:
            result.accepted.append(outcome.request)
        elif outcome.ignored is not None:
            result.ignored.append((where, outcome.ignored))
            metrics.IGNORED.labels(CONNECTOR).inc()
        else:
            reason = outcome.malformed or "malformed tweet"
            result.dead.append((where, reason))
            await ingestor.dead_letter(f"connector:{CONNECTOR}", reason, outcome.raw, source=where,
                                       content_type="application/json")
    if result.accepted:
        await ingestor.publish(result.accepted)
        metrics.RECEIVED.labels(CONNECTOR).inc(len(result.accepted))
    return result


async def ingest_tweet_file(ingestor: Ingestor, data: bytes, source: str) -> BatchResult:
    """A saved page (file bytes): unreadable JSON or a non-page is dead-lettered whole."""
    from civicdesk.errors import Malformed
    from connectors.jsonbody import parse_json

    try:
        return await ingest_tweet_page(ingestor, parse_json(data, what=source), source)
    except Malformed as exc:
        await ingestor.dead_letter(f"connector:{CONNECTOR}", exc.reason, data, source=source,
                                   content_type="application/json")
        return BatchResult(dead=[(source, exc.reason)])
