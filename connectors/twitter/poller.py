"""Polling mentions and a recent-search query with tweepy's v2 `Client`.

`since_id` per source is kept in the data directory after each page is on Kafka, so a
restart neither skips nor (beyond the last unsaved page) repeats tweets, and a repeat is
harmless anyway (request id = tweet id). Rate limits: a 429 waits until `x-rate-limit-reset`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable
from urllib.parse import urlsplit, urlunsplit

import requests
import tweepy
from requests.adapters import HTTPAdapter

from civicdesk.errors import Fatal, Retry
from connectors.batch import BatchResult
from connectors.checkpoint import Checkpoint
from connectors.twitter.normalise import EXPANSIONS, PLACE_FIELDS, TWEET_FIELDS, USER_FIELDS, newest_id

log = logging.getLogger(__name__)

TWITTER_HOST = "https://api.twitter.com"
# 100 is the largest page both endpoints serve (X API v2 reference, max_results).
PAGE_SIZE = 100


class HostRewrite(HTTPAdapter):
    """A requests transport adapter sending tweepy's api.twitter.com calls to another host
    (a local test server, or a proxy). tweepy hard-codes its host; `Client.session` is a plain
    requests Session, and mounting an adapter is requests' public extension point."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self._base = urlsplit(base_url.rstrip("/"))

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        parts = urlsplit(request.url or "")
        request.url = urlunsplit((self._base.scheme, self._base.netloc, self._base.path + parts.path, parts.query, ""))
        return super().send(request, **kwargs)


def make_client(bearer_token: str, api_url: str = TWITTER_HOST) -> tweepy.Client:
    # return_type=dict: the raw v2 page, the same shape `civicdesk ingest tweets` reads from a file.
    client = tweepy.Client(bearer_token, return_type=dict, wait_on_rate_limit=False)
    if api_url.rstrip("/") != TWITTER_HOST:
        client.session.mount(TWITTER_HOST + "/", HostRewrite(api_url))
    return client


@dataclass(frozen=True)
class Source:
    name: str  # "mentions:<user id>" or "search:<query>", also the checkpoint key
    fetch: Callable[..., Any]
    args: tuple[Any, ...]


class TwitterPoller:
    def __init__(self, client: tweepy.Client, checkpoint: Checkpoint,
                 ingest_page: Callable[[Any, str], Awaitable[BatchResult]], *, user_id: str | None,
                 query: str | None, clock: Callable[[], float] = time.time) -> None:
        self.client = client
        self.checkpoint = checkpoint
        self.ingest_page = ingest_page
        self.clock = clock
        self.sources: list[Source] = []
        if user_id:
            self.sources.append(Source(f"mentions:{user_id}", client.get_users_mentions, (user_id,)))
        if query:
            self.sources.append(Source(f"search:{query}", client.search_recent_tweets, (query,)))
        if not self.sources:
            raise Fatal("nothing to poll: set twitter_user_id and/or twitter_query")

    async def poll_once(self) -> BatchResult:
        """One pass over every source; returns what was ingested. Raises Retry on a rate limit."""
        total = BatchResult()
        state = self.checkpoint.load()
        for source in self.sources:
            since = state.get(source.name)
            newest = since
            token = None
            while True:
                page = await asyncio.to_thread(self._fetch, source, since, token)
                result = await self.ingest_page(page, source.name)
                total.accepted += result.accepted
                total.ignored += result.ignored
                total.dead += result.dead
                page_newest = newest_id(page)
                if page_newest and (newest is None or int(page_newest) > int(newest)):
                    newest = page_newest
                token = (page.get("meta") or {}).get("next_token")
                if not token:
                    break
            if newest != since:
                state[source.name] = newest
                self.checkpoint.save(state)
        return total

    def _fetch(self, source: Source, since: str | None, token: str | None) -> Any:
        kwargs: dict[str, Any] = {
            "expansions": EXPANSIONS, "tweet_fields": TWEET_FIELDS, "user_fields": USER_FIELDS,
            "place_fields": PLACE_FIELDS, "max_results": PAGE_SIZE,
        }
        if since:
            kwargs["since_id"] = since
        if token:
            kwargs["pagination_token" if source.name.startswith("mentions:") else "next_token"] = token
        try:
            return source.fetch(*source.args, **kwargs)
        except tweepy.TooManyRequests as exc:
            reset = getattr(exc, "reset_time", None)
            wait = max(1.0, float(reset) - self.clock() + 1) if reset else 60.0
            raise Retry(f"X API rate limit on {source.name}", retry_after=wait) from exc
        except tweepy.TwitterServerError as exc:
            raise Retry(f"X API server error on {source.name}: {exc}", retry_after=30) from exc
        except (tweepy.Unauthorized, tweepy.Forbidden) as exc:
            raise Fatal(f"X API refused the bearer token for {source.name}: {exc}") from exc
        except requests.RequestException as exc:
            raise Retry(f"X API unreachable: {exc}", retry_after=15) from exc
