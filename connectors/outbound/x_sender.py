"""Public replies to tweets: tweepy `Client.create_tweet(text, in_reply_to_tweet_id=...)`,
`POST {twitter_api_url}/2/tweets` with OAuth 1.0a user context (app-only bearer tokens
cannot post)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from connectors.outbound.failures import Rejected, Sent, Transient
from connectors.outbound.rebase import RebasingAdapter
from civicdesk.settings import Settings, secret
from schemas.outbound import OutboundMessage
from schemas.request import Channel

TWEEPY_HOST = "https://api.twitter.com"  # tweepy.Client builds every URL on this host
MAX_WEIGHT = 280
# twitter-text v3 weighting: these code point ranges count 1, everything else (CJK, emoji) 2.
# Latin, Turkish and Greek text all fall in the first range. URLs (23 each) are not shortened here.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def tweet_weight(text: str) -> int:
    return sum(1 if any(lo <= ord(ch) <= hi for lo, hi in _LIGHT) else 2 for ch in text)


def build_tweet(message: OutboundMessage) -> dict[str, Any]:
    """create_tweet arguments: the text, threaded under the citizen's tweet."""
    if message.channel != Channel.twitter:
        raise Rejected(f"x does not send {message.channel.value}")
    weight = tweet_weight(message.text)
    if weight > MAX_WEIGHT:
        raise Rejected(f"twitter: text weighs {weight}, over the {MAX_WEIGHT} limit")
    params: dict[str, Any] = {"text": message.text}
    if message.in_reply_to:
        params["in_reply_to_tweet_id"] = message.in_reply_to
    return params


class XSender:
    def __init__(self, settings: Settings, now: Callable[[], datetime]) -> None:
        import tweepy

        self._now = now

        secrets = (settings.twitter_consumer_key, secret(settings.twitter_consumer_secret),
                   settings.twitter_access_token, secret(settings.twitter_access_token_secret))
        if not all(secrets):
            raise Rejected("twitter: twitter_consumer_key/secret and twitter_access_token/secret are not set")
        self._client = tweepy.Client(consumer_key=secrets[0], consumer_secret=secrets[1],
                                     access_token=secrets[2], access_token_secret=secrets[3])
        if settings.twitter_api_url.rstrip("/") != TWEEPY_HOST:
            self._client.session.mount(TWEEPY_HOST, RebasingAdapter(settings.twitter_api_url))

    def send(self, message: OutboundMessage) -> Sent:
        import requests
        import tweepy

        params = build_tweet(message)
        try:
            response = self._client.create_tweet(**params, user_auth=True)
        except tweepy.TooManyRequests as exc:
            reset = exc.response.headers.get("x-rate-limit-reset")
            wait = max(0.0, int(reset) - self._now().timestamp()) if reset and reset.isdigit() else None
            raise Transient(f"twitter 429: {_messages(exc)}", wait) from exc
        except tweepy.TwitterServerError as exc:
            raise Transient(f"twitter {exc.response.status_code}: {_messages(exc)}") from exc
        except tweepy.HTTPException as exc:  # 400 (deleted tweet, duplicate text), 401, 403, 404
            raise Rejected(f"twitter {exc.response.status_code}: {_messages(exc)}") from exc
        except requests.RequestException as exc:
            raise Transient(f"twitter unreachable: {exc.__class__.__name__}: {exc}") from exc
        return Sent(str(response.data["id"]))


def _messages(exc: Any) -> str:
    return "; ".join(exc.api_messages) or str(exc.response.reason)
