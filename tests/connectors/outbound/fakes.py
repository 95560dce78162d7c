"""Local fake provider servers for the outbound tests: real HTTP and SMTP servers on loopback
ports that answer like the providers, closely enough for the official SDKs, and record what
they receive.

One HTTP server speaks all four HTTP APIs, told apart by path as the providers' hosts do:

    POST /2010-04-01/Accounts/{sid}/Messages.json   Twilio Messages (form body, basic auth)
    POST /bot{token}/sendMessage                    Telegram Bot API (form body)
    POST /{version}/{phone_number_id}/messages      WhatsApp Cloud (JSON, bearer token)
    POST /{version}/me/messages                     Messenger / Instagram (JSON, bearer token)
    POST /2/tweets                                  X API v2 (JSON, OAuth 1.0a header)

`fail(status, times=n, headers=...)` makes the next n requests fail with that provider's
error body, to drive retries (429, 5xx) and permanent failures (4xx).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aiosmtpd.controller import Controller

from civicdesk.embedded import free_port

_TWILIO = re.compile(r"^/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages\.json$")
_TELEGRAM = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")
_WHATSAPP = re.compile(r"^/(?P<version>v[\d.]+)/(?P<phone>\d+)/messages$")
_MESSENGER = re.compile(r"^/(?P<version>v[\d.]+)/me/messages$")
_TWEETS = "/2/tweets"


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    # Form fields or JSON body, whichever the request carried; Telegram's JSON-encoded
    # nested fields (reply_parameters) are decoded.
    fields: dict[str, Any]

    @property
    def api(self) -> str:
        return _api(self.path)


@dataclass
class _Failure:
    status: int
    times: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None


def _api(path: str) -> str:
    if _TWILIO.match(path):
        return "twilio"
    if _TELEGRAM.match(path):
        return "telegram"
    if _WHATSAPP.match(path):
        return "whatsapp"
    if _MESSENGER.match(path):
        return "messenger"
    if path == _TWEETS:
        return "x"
    return "unknown"


def error_body(api: str, status: int) -> dict[str, Any]:
    """Each provider's own error shape."""
    if api == "twilio":
        return {"code": 20429 if status == 429 else 21211, "message": f"fake twilio error {status}",
                "more_info": "https://www.twilio.com/docs/errors", "status": status}
    if api == "telegram":
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": f"fake telegram error {status}"}
        if status == 429:
            body["parameters"] = {"retry_after": 2}
        return body
    if api in ("whatsapp", "messenger"):
        return {"error": {"message": f"(#100) fake graph error {status}", "type": "OAuthException",
                          "code": 100, "fbtrace_id": "AfakeTrace"}}
    if api == "x":
        return {"title": "Forbidden" if status == 403 else "Error", "detail": f"fake x error {status}",
                "type": "about:blank", "status": status}
    return {"error": status}


class FakeProviders:
    def __init__(self) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.received: list[Received] = []
        self.answered: list[dict[str, Any]] = []  # success payloads, in order
        self._failures: list[_Failure] = []
        self._lock = threading.Lock()
        self._counter = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; without TCP_NODELAY, Nagle plus the
            # client's delayed ACK add ~40 ms to every keep-alive response.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

            def do_POST(self) -> None:
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-providers", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.received.clear()
            self.answered.clear()
            self._failures.clear()

    def fail(self, status: int, *, times: int = 1, headers: dict[str, str] | None = None,
             body: dict[str, Any] | None = None) -> None:
        with self._lock:
            self._failures.append(_Failure(status, times, dict(headers or {}), body))

    def requests_to(self, api: str) -> list[Received]:
        return [r for r in self.received if r.api == api]

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        path = urlsplit(h.path).path
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        api = _api(path)
        received = Received("POST", path, {k.lower(): v for k, v in h.headers.items()}, body, _fields(h, body, api))
        with self._lock:
            self.received.append(received)
            self._counter += 1
            n = self._counter
            failure = self._failures[0] if self._failures else None
            if failure is not None:
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.pop(0)
        if failure is not None:
            self._reply(h, failure.status, failure.body or error_body(api, failure.status), failure.headers)
        elif api == "unknown":
            self._reply(h, 404, {"error": f"no such fake endpoint {path}"})
        else:
            status, payload = _success(api, received, n)
            with self._lock:
                self.answered.append(payload)
            self._reply(h, status, payload)

    @staticmethod
    def _reply(h: BaseHTTPRequestHandler, status: int, payload: dict[str, Any],
               headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        h.end_headers()
        h.wfile.write(data)


def _fields(h: BaseHTTPRequestHandler, body: bytes, api: str) -> dict[str, Any]:
    ctype = h.headers.get("Content-Type", "")
    if "json" in ctype:
        return json.loads(body or b"{}")
    fields: dict[str, Any] = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    if api == "telegram":
        for key, value in list(fields.items()):
            if value.startswith(("{", "[")):
                fields[key] = json.loads(value)
    return fields


def _success(api: str, r: Received, n: int) -> tuple[int, dict[str, Any]]:
    f = r.fields
    if api == "twilio":
        sid = _TWILIO.match(r.path)["sid"]  # type: ignore[index]
        return 201, {"sid": f"SM{n:032x}", "account_sid": sid, "to": f.get("To"), "from": f.get("From"),
                     "body": f.get("Body", ""), "status": "queued", "num_segments": "1", "direction": "outbound-api",
                     "date_created": "Mon, 02 Mar 2026 09:00:00 +0000", "api_version": "2010-04-01",
                     "uri": f"/2010-04-01/Accounts/{sid}/Messages/SM{n:032x}.json"}
    if api == "telegram":
        chat_id = int(f["chat_id"])
        return 200, {"ok": True, "result": {"message_id": 1000 + n, "date": 1772442000,
                                            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                                            "text": f.get("text", "")}}
    if api == "whatsapp":
        return 200, {"messaging_product": "whatsapp", "contacts": [{"input": f.get("to"), "wa_id": f.get("to")}],
                     "messages": [{"id": f"wamid.FAKE{n:08d}"}]}
    if api == "messenger":
        return 200, {"recipient_id": (f.get("recipient") or {}).get("id"), "message_id": f"m_FAKE{n:08d}"}
    if api == "x":
        return 201, {"data": {"id": str(1900000000000000000 + n), "text": f.get("text", ""),
                              "edit_history_tweet_ids": [str(1900000000000000000 + n)]}}
    raise AssertionError(api)


@dataclass(frozen=True)
class Mail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes


class FakeSmtp:
    """A real SMTP server (aiosmtpd) recording every accepted message. `reply_next(code)`
    answers the next DATA with that code ("451 ..." transient, "550 ..." permanent)."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.attempts = 0
        self._replies: list[str] = []
        fake = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                fake.attempts += 1
                if fake._replies:
                    return fake._replies.pop(0)
                fake.mails.append(Mail(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.original_content))
                return "250 2.0.0 OK queued"

        self.port = free_port()
        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def reply_next(self, *replies: str) -> None:
        self._replies.extend(replies)

    def reset(self) -> None:
        self.mails.clear()
        self._replies.clear()
        self.attempts = 0

    def stop(self) -> None:
        self._controller.stop()
