"""X API v2: the normaliser on response pages, and the tweepy poller against a local fake X API."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Iterator

import pytest

from civicdesk.errors import Ignored, Malformed, Retry
from connectors.checkpoint import Checkpoint
from connectors.twitter.ingest import ingest_tweet_page
from connectors.twitter.normalise import normalise_tweet, page_tweets
from connectors.twitter.poller import TwitterPoller, make_client
from tests.connectors.fake_servers import FakeServer
from tests.connectors.payloads import tweet_page

USERS = {"1500000000000000001": {"id": "1500000000000000001", "name": "Vatandaş", "username": "vatandas_ank"}}


def tweet(tid: str = "1900000000000000001", text: str = "@cankayabel Dikmen'de çukur var", **fields: Any) -> dict[str, Any]:
    return tweet_page(tid, text, **fields)["data"][0]


def test_reply_keeps_conversation_and_geojson_point_is_lon_lat() -> None:
    t = tweet(conversation_id="1899999999999999999", in_reply_to_user_id="44196397",
              referenced_tweets=[{"type": "replied_to", "id": "1899999999999999999"}],
              geo={"coordinates": {"type": "Point", "coordinates": [32.8541, 39.9208]}, "place_id": "682c5a667856ef42"})
    places = {"682c5a667856ef42": {"id": "682c5a667856ef42", "full_name": "Çankaya, Ankara", "name": "Çankaya"}}
    req = normalise_tweet(t, USERS, places)
    assert req.conversation_id == "1899999999999999999"
    assert (req.location.lat, req.location.lon, req.location.address) == (39.9208, 32.8541, "Çankaya, Ankara")
    assert req.citizen.handle == "@vatandas_ank" and req.citizen.id == "twitter:@vatandas_ank"
    assert req.language == "tr" and req.received_at.isoformat() == "2026-03-05T09:30:00+00:00"


def test_place_only_gives_an_address_without_coordinates() -> None:
    places = {"p1": {"id": "p1", "full_name": "Kadıköy, İstanbul", "name": "Kadıköy",
                     "geo": {"type": "Feature", "bbox": [29.0, 40.9, 29.1, 41.0], "properties": {}}}}
    req = normalise_tweet(tweet(geo={"place_id": "p1"}), USERS, places)
    assert req.location.address == "Kadıköy, İstanbul" and req.location.lat is None


def test_retweets_are_ignored() -> None:
    with pytest.raises(Ignored, match="retweet"):
        normalise_tweet(tweet(referenced_tweets=[{"type": "retweeted", "id": "1"}]), USERS, {})


def test_missing_author_expansion_is_malformed() -> None:
    with pytest.raises(Malformed, match="expansions=author_id"):
        normalise_tweet(tweet(), {}, {})


def test_page_outcomes_keep_going_past_a_bad_tweet() -> None:
    page = tweet_page("1900000000000000002", "ilk")
    page["data"].append({"id": "1900000000000000003", "text": "RT @x: y", "author_id": "1500000000000000001",
                         "created_at": "2026-03-05T09:31:00.000Z",
                         "referenced_tweets": [{"type": "retweeted", "id": "5"}]})
    page["data"].append({"id": "not-a-number", "text": "bozuk"})
    outcomes = page_tweets(page)
    assert [o.request is not None for o in outcomes] == [True, False, False]
    assert outcomes[1].ignored and outcomes[2].malformed


def test_a_non_page_is_malformed() -> None:
    with pytest.raises(Malformed):
        page_tweets({"errors": [{"message": "oops"}]})


# --- the poller, against a local fake X API -------------------------------------------------

class FakeX:
    """Mentions and recent search with since_id, pagination and a rate limit switch."""

    def __init__(self) -> None:
        self.tweets: list[dict[str, Any]] = []
        self.limited_until: int | None = None
        self.server = FakeServer({"/mentions": self.serve, "/tweets/search/recent": self.serve}).start()

    def add(self, tid: int, text: str) -> None:
        self.tweets.append(tweet(str(tid), text))

    def serve(self, path: str, q: dict[str, list[str]], body: bytes) -> tuple[int, dict[str, str], Any]:
        if self.limited_until is not None:
            reset, self.limited_until = self.limited_until, None
            return 429, {"x-rate-limit-reset": str(reset)}, {"title": "Too Many Requests"}
        since = int(q.get("since_id", ["0"])[0])
        page_size = 2  # small pages to exercise pagination
        found = sorted((t for t in self.tweets if int(t["id"]) > since), key=lambda t: -int(t["id"]))
        token = (q.get("pagination_token") or q.get("next_token") or ["0"])[0]
        start = int(token)
        chunk = found[start:start + page_size]
        meta: dict[str, Any] = {"result_count": len(chunk)}
        if chunk:
            meta.update(newest_id=chunk[0]["id"], oldest_id=chunk[-1]["id"])
        if start + page_size < len(found):
            meta["next_token"] = str(start + page_size)
        page: dict[str, Any] = {"meta": meta}
        if chunk:
            page["data"] = chunk
            page["includes"] = {"users": list(USERS.values())}
        return 200, {}, page


@pytest.fixture
def fake_x() -> Iterator[FakeX]:
    fake = FakeX()
    yield fake
    fake.server.stop()


class Collect:
    def __init__(self) -> None:
        self.pages: list[tuple[str, Any]] = []

    async def __call__(self, page: Any, source: str):  # type: ignore[no-untyped-def]
        from connectors.batch import BatchResult

        self.pages.append((source, page))
        return BatchResult(accepted=[o.request for o in page_tweets(page) if o.request])


def test_poller_asks_for_the_issue_fields_pages_through_and_keeps_since_id(fake_x: FakeX, tmp_path) -> None:
    for tid in range(1900000000000000010, 1900000000000000015):
        fake_x.add(tid, f"çukur {tid}")
    collect = Collect()
    poller = TwitterPoller(make_client("test-bearer", fake_x.server.url), Checkpoint(tmp_path / "since.json"),
                           collect, user_id="783214", query="@cankayabel OR #cankaya -is:retweet")
    first = asyncio.run(poller.poll_once())
    assert len(first.accepted) == 10  # 5 via mentions + the same 5 via search (same request ids)
    assert len({r.request_id for r in first.accepted}) == 5
    mention = fake_x.server.calls("/2/users/783214/mentions")[0]
    assert mention["expansions"] == ["author_id,geo.place_id"]
    assert mention["tweet.fields"] == ["created_at,geo,lang,conversation_id,in_reply_to_user_id,referenced_tweets"]
    assert mention["user.fields"] == ["username,name"] and mention["place.fields"] == ["full_name,geo,name"]
    assert fake_x.server.calls("/2/tweets/search/recent")[0]["query"] == ["@cankayabel OR #cankaya -is:retweet"]
    assert any("pagination_token" in q for q in fake_x.server.calls("/mentions"))
    assert fake_x.server.requests[0][3]["Authorization"] == "Bearer test-bearer"
    # A restarted poller continues from the durable since_id.
    fake_x.add(1900000000000000020, "yeni")
    again = TwitterPoller(make_client("test-bearer", fake_x.server.url), Checkpoint(tmp_path / "since.json"),
                          Collect(), user_id="783214", query=None)
    assert [r.external_id for r in asyncio.run(again.poll_once()).accepted] == ["1900000000000000020"]
    assert fake_x.server.calls("/mentions")[-1]["since_id"] == ["1900000000000000014"]


def test_rate_limit_becomes_a_retry_until_the_reset_time(fake_x: FakeX, tmp_path) -> None:
    fake_x.add(1900000000000000030, "x")
    fake_x.limited_until = 1_000_090
    poller = TwitterPoller(make_client("t", fake_x.server.url), Checkpoint(tmp_path / "s.json"), Collect(),
                           user_id="1", query=None, clock=lambda: 1_000_000.0)
    with pytest.raises(Retry) as info:
        asyncio.run(poller.poll_once())
    assert info.value.retry_after == pytest.approx(91)
    assert Checkpoint(tmp_path / "s.json").load() == {}  # nothing skipped
    assert len(asyncio.run(poller.poll_once()).accepted) == 1


@pytest.mark.slow
def test_ingest_tweets_command_reads_a_saved_page(harness, tmp_path) -> None:
    from connectors.commands import cmd_ingest_tweets
    from tests.connectors.payloads import dumps
    from tests.support import unique

    tid = str(int(time.time() * 1000) * 1000 + 7)
    path = tmp_path / "mentions.json"
    page = tweet_page(tid, f"@cankayabel {unique('tw')} kaldırım kırık")
    page["data"].append({**page["data"][0], "id": str(int(tid) + 1),
                         "referenced_tweets": [{"type": "retweeted", "id": tid}]})
    path.write_bytes(dumps(page))
    import argparse

    assert cmd_ingest_tweets(argparse.Namespace(files=[path]), harness.settings) == 0
    from schemas import topics
    from schemas.request import make_request_id
    from tests.support import header, read_topic

    found = read_topic(harness.bootstrap, topics.RAW, timeout=10, until=1,
                       match=lambda m: header(m, "request-id") == make_request_id("twitter", tid))
    assert found


@pytest.mark.slow
def test_ingest_page_helper_counts_retweets_as_ignored(harness) -> None:
    page = tweet_page("1900000000000000099", "x", referenced_tweets=[{"type": "retweeted", "id": "1"}])
    result = asyncio.run(ingest_tweet_page(harness.recorder, page, "t"))
    assert result.accepted == [] and len(result.ignored) == 1
