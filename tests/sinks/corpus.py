"""A small corpus covering every filter, indexed through the sink's own code (plan_batch +
BatchIndexer) into a fresh alias on the session's noida-db."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from elasticsearch import Elasticsearch

from schemas.events import StatusChange
from schemas.links import Link
from schemas.request import Citizen, CitizenRequest, Location, RawPayload
from sinks.es_sink import BatchIndexer, Record, plan_batch
from sinks.index_admin import ensure_index
from sinks.social_links import registry_name

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
DIKMEN = (39.8876, 32.8597)  # Dikmen, Çankaya, Ankara
KIZILAY = (39.9208, 32.8541)  # ~3.7 km north of Dikmen


def make_request(text: str, *, channel: str = "sms", external_id: str | None = None, phone: str | None = None,
                 email: str | None = None, handle: str | None = None, department: str | None = "water-sewer",
                 neighbourhood: str | None = None, district: str | None = None, point: tuple[float, float] | None = None,
                 minutes: int = 0, language: str = "tr", **extra: Any) -> CitizenRequest:
    if not (phone or email or handle):
        phone = "+905321234567"
    citizen = Citizen.from_identities(phone=phone, email=email, handle=handle, channel=channel)
    if phone and handle:  # a social profile that also gave a phone number
        citizen = Citizen(id=f"{channel}:{handle.lstrip('@').lower()}", phone=phone, handle=handle)
    loc = None
    if neighbourhood or point:
        lat, lon = point or (None, None)
        loc = Location(lat=lat, lon=lon, neighbourhood=neighbourhood, district=district)
    raw = RawPayload.from_bytes("application/json", f'{{"from": "{phone or email or handle}", "body": "{text}"}}'.encode())
    return CitizenRequest(channel=channel, external_id=external_id or uuid.uuid4().hex, received_at=T0 + timedelta(minutes=minutes),
                          citizen=citizen, text=text, language=language, location=loc, raw=raw, department=department,
                          **extra)


def records(topic: str, values: list[bytes]) -> list[Record]:
    return [Record(topic, v, f"{topic}[0]@{i}") for i, v in enumerate(values)]


@dataclass
class Indexed:
    es: Elasticsearch
    alias: str
    indexer: BatchIndexer

    def write(self, *, requests: list[CitizenRequest] = (), statuses: list[StatusChange] = (),  # type: ignore[assignment]
              links: list[Link] = (), refresh: bool = True) -> list:  # type: ignore[assignment]
        now = datetime.now(timezone.utc)
        recs = (records("requests.classified", [r.to_json() for r in requests])
                + records("requests.status.accepted", [s.to_json() for s in statuses])
                + records("requests.duplicates", [link.to_json() for link in links]))
        letters = self.indexer.write(plan_batch(recs, self.alias, now), now)
        if refresh:
            self.es.indices.refresh(index=self.alias)
        return letters

    def get(self, request_id: str) -> dict[str, Any]:
        return self.es.get(index=self.alias, id=request_id)["_source"]


def new_index(es: Elasticsearch, prefix: str = "t") -> Indexed:
    alias = f"{prefix}-{uuid.uuid4().hex[:10]}"
    ensure_index(es, alias)
    return Indexed(es, alias, BatchIndexer(es, alias, registry_name(alias)))


# The shared corpus: name -> request. Batches are written in order (see build_corpus).
def corpus_batches() -> list[dict[str, CitizenRequest]]:
    first = {
        "pipe": make_request("Dikmen'de ana su borusu patladı, cadde su altında kaldı", phone="+905321234567",
                             neighbourhood="Dikmen", district="Çankaya", point=DIKMEN, urgency="urgent",
                             type="complaint", minutes=0, external_id="SM-pipe"),
        "water_again": make_request("Suyumuz yine kesildi, üç gündür akmıyor", channel="whatsapp",
                                    phone="+905321234567", neighbourhood="Dikmen", district="Çankaya",
                                    urgency="normal", type="complaint", minutes=10),
        "lamp": make_request("İstanbul yolu üzerinde sokak lambaları yanmıyor", channel="email",
                             email="Ayse.Kaya@Example.org", department="lighting", neighbourhood="Batıkent",
                             district="Yenimahalle", needs_review=True, type="request", minutes=20),
        "mehmet_sms": make_request("Kızılay'da kaldırım çökmüş, yaşlılar düşüyor", phone="+905339876543",
                                   department="roads", neighbourhood="Kızılay", district="Çankaya", point=KIZILAY,
                                   minutes=30, type="complaint"),
        "greek": make_request("Η λάμπα του δρόμου δεν ανάβει εδώ και μία εβδομάδα", channel="web",
                              email="nikos@example.gr", department="lighting", language="el", minutes=40,
                              type="complaint"),
    }
    second = {
        "garbage_tweet": make_request("Küçükesat parkında çöpler toplanmadı, kötü koku var", channel="twitter",
                                      handle="@Ayse_K", department="cleaning", neighbourhood="Küçükesat",
                                      district="Çankaya", minutes=50, type="complaint"),
        "mehmet_tweet": make_request("Kaldırım hâlâ yapılmadı, Kızılay'da herkes düşüyor", channel="twitter",
                                     handle="@mehmet_y", phone="+905339876543", department="roads",
                                     neighbourhood="Kızılay", district="Çankaya", minutes=60, type="complaint"),
        "telegram": make_request("Otobüs durağında bekleme süresi çok uzun", channel="telegram", handle="123456789",
                                 department="transport", minutes=70, urgency="normal", type="suggestion"),
    }
    third = {
        "mehmet_later": make_request("Kaldırım için teşekkürler, yapılmış", phone="+905339876543", department="roads",
                                     neighbourhood="Kızılay", district="Çankaya", minutes=80, type="praise"),
        "pipe_dup": make_request("Dikmen'de su borusu patladı!!", channel="facebook", handle="fb-4711",
                                 neighbourhood="Dikmen", district="Çankaya", point=(39.8880, 32.8600),
                                 minutes=90, urgency="urgent", type="complaint"),
    }
    return [first, second, third]


INCIDENT = "inc-dikmen-pipe"
