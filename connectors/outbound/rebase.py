"""Point an SDK whose provider host is fixed at the configured base URL.

twilio-python and tweepy build absolute URLs on their provider's host. Both send through
`requests`; these hooks (twilio's documented custom `http_client`, and a transport adapter
mounted on tweepy's `Client.session`) swap scheme and host for the base URL from settings, so
the same code talks to production or to a local test server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from requests.adapters import HTTPAdapter


def rebase(url: str, base_url: str) -> str:
    """`https://api.twilio.com/2010-04-01/x` on `http://127.0.0.1:9/t` -> `http://127.0.0.1:9/t/2010-04-01/x`."""
    base = urlsplit(base_url)
    parts = urlsplit(url)
    path = base.path.rstrip("/") + parts.path
    return urlunsplit((base.scheme, base.netloc, path, parts.query, parts.fragment))


class RebasingAdapter(HTTPAdapter):
    """A requests transport adapter that sends every request to `base_url` instead."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url

    def send(self, request: Any, **kwargs: Any) -> Any:  # requests.PreparedRequest -> Response
        request.url = rebase(request.url, self.base_url)
        return super().send(request, **kwargs)
