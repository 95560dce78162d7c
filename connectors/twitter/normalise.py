"""An X API v2 response page (mentions timeline or recent search) -> CitizenRequests. Pure.

Page shape from the X API v2 reference and tweepy's own test cassettes: `data` (tweets with
id, text, author_id, created_at, lang, conversation_id, in_reply_to_user_id, referenced_tweets,
geo{place_id, coordinates{type: Point, coordinates: [lon, lat]}}), `includes.users`
(id, username, name), `includes.places` (id, full_name, name, geo{bbox}), `meta`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from civicdesk.errors import Ignored, Malformed
from schemas.request import Channel, Citizen, CitizenRequest, Location, RawPayload

EXPANSIONS = ["author_id", "geo.place_id"]
TWEET_FIELDS = ["created_at", "geo", "lang", "conversation_id", "in_reply_to_user_id", "referenced_tweets"]
USER_FIELDS = ["username", "name"]
PLACE_FIELDS = ["full_name", "geo", "name"]


@dataclass(frozen=True)
class TweetOutcome:
    tweet_id: str
    request: CitizenRequest | None = None
    ignored: str | None = None
    malformed: str | None = None
    raw: bytes = b""


def page_tweets(page: Any) -> list[TweetOutcome]:
    """Every tweet on the page with what became of it; the page itself must be a v2 response."""
    if not isinstance(page, dict):
        raise Malformed("tweet page must be a JSON object (an X API v2 response)", status=422)
    data = page.get("data", [])
    if isinstance(data, dict):
        data = [data]  # a single-tweet lookup response
    if not isinstance(data, list):
        raise Malformed("data: expected a list of tweets", status=422)
    if "data" not in page and "meta" not in page:
        raise Malformed("neither data nor meta: not an X API v2 response page", status=422)
    includes = page.get("includes") if isinstance(page.get("includes"), dict) else {}
    users = {str(u.get("id")): u for u in includes.get("users", []) if isinstance(u, dict)}
    places = {str(p.get("id")): p for p in includes.get("places", []) if isinstance(p, dict)}
    return [_one(tweet, users, places) for tweet in data]


def normalise_tweet(tweet: dict[str, Any], users: dict[str, Any], places: dict[str, Any]) -> CitizenRequest:
    tweet_id = str(tweet.get("id") or "")
    if not tweet_id.isdigit():
        raise Malformed(f"tweet id {tweet_id!r} is not numeric", status=422)
    refs = tweet.get("referenced_tweets") or []
    if any(isinstance(r, dict) and r.get("type") == "retweeted" for r in refs):
        raise Ignored(f"tweet {tweet_id} is a retweet")
    text = tweet.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Malformed(f"tweet {tweet_id}: no text", status=422)
    author = users.get(str(tweet.get("author_id")))
    if not author or not author.get("username"):
        raise Malformed(f"tweet {tweet_id}: author {tweet.get('author_id')!r} not in includes.users "
                        "(request expansions=author_id)", status=422)
    created = tweet.get("created_at")
    try:
        received = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
    except ValueError as exc:
        raise Malformed(f"tweet {tweet_id}: created_at {created!r} is not a timestamp", status=422) from exc
    if received.tzinfo is None:
        raise Malformed(f"tweet {tweet_id}: created_at has no time zone", status=422)
    place = places.get(str((tweet.get("geo") or {}).get("place_id")))
    raw = {"data": tweet, "includes": {"users": [author], **({"places": [place]} if place else {})}}
    return CitizenRequest(
        channel=Channel.twitter,
        external_id=tweet_id,
        received_at=received,
        citizen=Citizen.from_identities(handle="@" + str(author["username"]), channel="twitter",
                                        display_name=author.get("name") or None),
        text=text,
        language=tweet.get("lang") if tweet.get("lang") not in (None, "und", "zxx") else None,
        location=_location(tweet, place),
        conversation_id=str(tweet["conversation_id"]) if tweet.get("conversation_id") else None,
        raw=RawPayload(content_type="application/json", body=orjson.dumps(raw).decode("utf-8")),
    )


def _one(tweet: Any, users: dict[str, Any], places: dict[str, Any]) -> TweetOutcome:
    raw = orjson.dumps(tweet)
    if not isinstance(tweet, dict):
        return TweetOutcome("?", malformed="tweet is not an object", raw=raw)
    tweet_id = str(tweet.get("id") or "?")
    try:
        return TweetOutcome(tweet_id, request=normalise_tweet(tweet, users, places), raw=raw)
    except Ignored as exc:
        return TweetOutcome(tweet_id, ignored=exc.reason, raw=raw)
    except Malformed as exc:
        return TweetOutcome(tweet_id, malformed=exc.reason, raw=raw)


def _location(tweet: dict[str, Any], place: dict[str, Any] | None) -> Location | None:
    address = (place or {}).get("full_name") or (place or {}).get("name")
    point = ((tweet.get("geo") or {}).get("coordinates") or {})
    coords = point.get("coordinates") if point.get("type") == "Point" else None
    if isinstance(coords, list) and len(coords) == 2:
        lon, lat = coords  # GeoJSON order: longitude first
        try:
            return Location(lat=float(lat), lon=float(lon), address=address)
        except (TypeError, ValueError):
            pass
    return Location(address=address) if address else None


def newest_id(page: Any) -> str | None:
    meta = page.get("meta") if isinstance(page, dict) else None
    value = meta.get("newest_id") if isinstance(meta, dict) else None
    return str(value) if value else None
