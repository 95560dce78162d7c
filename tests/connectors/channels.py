"""Every connector behind one test interface, for the conformance suite.

`submit(harness, body, auth)` sends a payload through the connector's real entry point (HTTP
route, or the batch path the `ingest` commands use) with valid, forged or no credentials,
and returns the status a provider would see plus what reached Kafka."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode

from twilio.request_validator import RequestValidator

from civicdesk.errors import Malformed
from connectors.email.files import ingest_eml
from connectors.form import Form
from connectors.twitter.ingest import ingest_tweet_file
from schemas.events import DeadLetter
from schemas.request import CitizenRequest
from tests.connectors import payloads as p
from tests.connectors.conftest import OPEN311_KEY, Harness

VALID, FORGED, MISSING = "valid", "forged", "missing"


@dataclass
class Outcome:
    status: int
    published: list[CitizenRequest]
    dead: list[DeadLetter]
    body: bytes = b""


@dataclass(frozen=True)
class Connector:
    name: str
    channel: str
    content_type: str
    build: Callable[[str, str], bytes]  # (unique id, citizen text) -> wire bytes
    external_id: Callable[[str, bytes], str]  # (unique id, wire bytes) -> the provider's message id
    path: str | None = None  # HTTP route; None = batch path (ingest command)
    headers: Callable[[Harness, bytes, str], dict[str, str]] | None = None  # (harness, body, auth) -> headers
    batch: Callable[[Harness, bytes], Any] | None = None
    # An authentic payload the normaliser must reject: (unique id) -> wire bytes.
    malformed: Callable[[str], bytes] = lambda uid: b""
    # Credentials carried in the body (Open311 api_key): (body, auth) -> body.
    rebody: Callable[[bytes, str], bytes] | None = None

    @property
    def http(self) -> bool:
        return self.path is not None

    def submit(self, h: Harness, body: bytes, auth: str = VALID) -> Outcome:
        mark = h.recorder.mark()
        if self.rebody is not None:
            body = self.rebody(body, auth)
        if self.http:
            assert self.headers is not None and self.path is not None
            headers = {"Content-Type": self.content_type, **self.headers(h, body, auth)}
            resp = h.client.post(self.path, content=body, headers=headers)
            status, text = resp.status_code, resp.content
        else:
            assert self.batch is not None
            result = h.run(self.batch(h, body))
            status = 422 if result.dead else 200
            text = b""
        published, dead = h.recorder.since(mark)
        return Outcome(status, published, dead, text)


def _twilio_headers(path: str) -> Callable[[Harness, bytes, str], dict[str, str]]:
    def headers(h: Harness, body: bytes, auth: str) -> dict[str, str]:
        if auth == MISSING:
            return {}
        token = h.settings.twilio_auth_token.get_secret_value() if auth == VALID else "forged-token"  # type: ignore[union-attr]
        # Signed the way Twilio signs what it posted. For hostile bytes that only parse leniently
        # this is a validly signed malformed payload: the route must dead-letter it, while the
        # same bytes unsigned (or forged) are refused with nothing kept.
        params: Any = Form.parse_lenient(body)
        url = h.settings.public_base_url + path
        return {"X-Twilio-Signature": RequestValidator(token).compute_signature(url, params)}

    return headers


def _meta_headers(h: Harness, body: bytes, auth: str) -> dict[str, str]:
    if auth == MISSING:
        return {}
    key = h.settings.meta_app_secret.get_secret_value() if auth == VALID else "forged"  # type: ignore[union-attr]
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()}


def _telegram_headers(h: Harness, body: bytes, auth: str) -> dict[str, str]:
    if auth == MISSING:
        return {}
    token = h.settings.telegram_secret_token.get_secret_value() if auth == VALID else "forged"  # type: ignore[union-attr]
    return {"X-Telegram-Bot-Api-Secret-Token": token}


def _voice_headers(h: Harness, body: bytes, auth: str) -> dict[str, str]:
    if auth == MISSING:
        return {}
    token = h.settings.voice_token.get_secret_value() if auth == VALID else "forged"  # type: ignore[union-attr]
    return {"Authorization": f"Bearer {token}"}


def _open311_headers(h: Harness, body: bytes, auth: str) -> dict[str, str]:
    return {}  # the api_key travels in the form body (GeoReport v2)


def _open311_rebody(body: bytes, auth: str) -> bytes:
    try:
        pairs = [(k, v) for k, v in parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
                 if k != "api_key"]
    except (UnicodeDecodeError, ValueError):
        return body  # hostile bytes are sent as they are
    if not pairs and auth == VALID:
        return body
    if auth == VALID:
        pairs.append(("api_key", OPEN311_KEY))
    elif auth == FORGED:
        pairs.append(("api_key", "forged-key"))
    return urlencode(pairs).encode()


def _form(params: dict[str, str]) -> bytes:
    return urlencode(params).encode()


def _open311_build(auth_key: str | None) -> Callable[[str, str], bytes]:
    return lambda uid, text: _form(p.open311_form(uid, text, auth_key))


def _tweet_id(uid: str) -> str:
    return str(int(hashlib.sha256(uid.encode()).hexdigest()[:15], 16))


CONNECTORS = [
    Connector("twilio-sms", "sms", "application/x-www-form-urlencoded",
              lambda uid, text: _form(p.twilio_sms("SM" + uid, text)), lambda uid, _: "SM" + uid,
              "/webhooks/twilio/sms", _twilio_headers("/webhooks/twilio/sms"),
              malformed=lambda uid: _form({**p.twilio_sms("SM" + uid, "bozuk"), "From": "not-a-phone"})),
    Connector("twilio-whatsapp", "whatsapp", "application/x-www-form-urlencoded",
              lambda uid, text: _form(p.twilio_whatsapp("SM" + uid, text)), lambda uid, _: "SM" + uid,
              "/webhooks/twilio/whatsapp", _twilio_headers("/webhooks/twilio/whatsapp"),
              malformed=lambda uid: _form({**p.twilio_whatsapp("SM" + uid, "konum"), "Latitude": "north", "Longitude": "x"})),
    Connector("meta-whatsapp", "whatsapp", "application/json",
              lambda uid, text: p.dumps(p.meta_whatsapp(uid, text)), lambda uid, _: f"wamid.{uid}",
              "/webhooks/meta", _meta_headers,
              malformed=lambda uid: p.dumps(p.meta_whatsapp(uid, "x", messages=[{"id": f"wamid.{uid}", "type": "text"}]))),
    Connector("meta-facebook", "facebook", "application/json",
              lambda uid, text: p.dumps(p.meta_messaging("page", uid, text)), lambda uid, _: f"m_{uid}",
              "/webhooks/meta", _meta_headers,
              malformed=lambda uid: p.dumps({"object": "page", "entry": [{"id": uid, "messaging": "not-a-list"}]})),
    Connector("meta-instagram", "instagram", "application/json",
              lambda uid, text: p.dumps(p.meta_messaging("instagram", uid, text)), lambda uid, _: f"m_{uid}",
              "/webhooks/meta", _meta_headers,
              malformed=lambda uid: p.dumps({"object": "instagram_story", "entry": [{"id": uid}]})),
    Connector("telegram", "telegram", "application/json",
              lambda uid, text: p.dumps(p.telegram_update(uid, text)), lambda uid, _: f"424242:{p.message_id(uid)}",
              "/webhooks/telegram", _telegram_headers,
              malformed=lambda uid: p.dumps({"update_id": 7, "message": {"message_id": 1, "text": uid}})),
    Connector("voice", "voice", "application/json",
              lambda uid, text: p.dumps(p.voice_envelope(uid, text, "whisper")), lambda uid, _: f"call-{uid}",
              "/ingest/voice", _voice_headers,
              malformed=lambda uid: p.dumps({**p.voice_envelope(uid, "x"), "format": "dictaphone"})),
    Connector("open311", "web", "application/x-www-form-urlencoded", _open311_build(OPEN311_KEY),
              lambda uid, body: "sha256:" + hashlib.sha256(body).hexdigest()[:32],
              "/open311/v2/requests.json", _open311_headers,
              malformed=lambda uid: _form({**p.open311_form(uid, "x", OPEN311_KEY), "service_code": "no-such-service"}),
              rebody=_open311_rebody),
    Connector("email", "email", "message/rfc822", lambda uid, text: p.email_bytes(uid, text),
              lambda uid, _: f"<{uid}@mail.example.org>",
              batch=lambda h, body: ingest_eml(h.recorder, [("test.eml", body)], lambda: p.NOW),
              malformed=lambda uid: p.email_bytes(uid, "kimden belli değil", sender="undisclosed-recipients:;")),
    Connector("twitter", "twitter", "application/json",
              lambda uid, text: p.dumps(p.tweet_page(_tweet_id(uid), text)), lambda uid, _: _tweet_id(uid),
              batch=lambda h, body: ingest_tweet_file(h.recorder, body, "test.json"),
              malformed=lambda uid: p.dumps({**p.tweet_page(_tweet_id(uid), uid), "includes": {}})),
]


HTTP_CONNECTORS = [c for c in CONNECTORS if c.http]
BY_NAME = {c.name: c for c in CONNECTORS}
