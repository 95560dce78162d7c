"""Every filter of GET /requests, against the real engine, on the shared corpus."""

from __future__ import annotations

import pytest

from tests.sinks.conftest import found, search
from tests.sinks.corpus import DIKMEN, INCIDENT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("typed", ["0532 123 45 67", "+90 532 123 4567", "905321234567", "+905321234567",
                                   "(0532) 123-45-67"])
def test_citizen_phone_in_any_common_form(api, corpus, typed):
    assert found(api, citizen=typed) == corpus.ids("pipe", "water_again")


@pytest.mark.parametrize("typed,names", [
    ("AYSE.KAYA@example.ORG", ("lamp",)),
    ("@ayse_k", ("garbage_tweet",)),
    ("twitter:Ayse_K", ("garbage_tweet",)),
    ("123456789", ("telegram",)),
    ("tg:123456789", ("telegram",)),
    # The phone Mehmet gave on Twitter finds his SMS and his tweet.
    ("0533 987 65 43", ("mehmet_sms", "mehmet_tweet", "mehmet_later")),
])
def test_citizen_email_handle_and_telegram_id(api, corpus, typed, names):
    assert found(api, citizen=typed) == corpus.ids(*names)


@pytest.mark.parametrize("params,names", [
    ({"neighbourhood": "Küçükesat"}, ("garbage_tweet",)),
    ({"neighbourhood": "kucukesat"}, ("garbage_tweet",)),
    ({"neighbourhood": "KIZILAY"}, ("mehmet_sms", "mehmet_tweet", "mehmet_later")),
    ({"district": "Yenimahalle"}, ("lamp",)),
    ({"district": "cankaya", "department": "water-sewer"}, ("pipe", "water_again", "pipe_dup")),
    ({"department": "lighting"}, ("lamp", "greek")),
    ({"department": "lighting,transport"}, ("lamp", "greek", "telegram")),
    ({"type": "praise"}, ("mehmet_later",)),
    ({"type": "suggestion"}, ("telegram",)),
    ({"urgency": "urgent"}, ("pipe", "pipe_dup")),
    ({"channel": "email"}, ("lamp",)),
    ({"channel": "twitter,facebook"}, ("garbage_tweet", "mehmet_tweet", "pipe_dup")),
    ({"status": "in_progress"}, ("pipe",)),
    ({"status": "resolved"}, ("lamp",)),
    ({"external_id": "SM-pipe"}, ("pipe",)),
    ({"incident_id": INCIDENT}, ("pipe", "pipe_dup")),
    ({"needs_review": "true"}, ("lamp",)),
    ({"from": "2026-03-01T09:15:00Z"}, ("mehmet_later", "pipe_dup")),
    ({"to": "2026-03-01T08:10:00Z"}, ("pipe", "water_again")),
    ({"from": "2026-03-01T08:20:00+00:00", "to": "2026-03-01T08:40:00Z"}, ("lamp", "mehmet_sms", "greek")),
    ({"near": f"{DIKMEN[0]},{DIKMEN[1]}", "radius": "500m"}, ("pipe", "pipe_dup")),
    ({"near": f"{DIKMEN[0]},{DIKMEN[1]}", "radius": "5km"}, ("pipe", "pipe_dup", "mehmet_sms")),
])
def test_filters(api, corpus, params, names):
    assert found(api, **params) == corpus.ids(*names)


@pytest.mark.parametrize("q,names", [
    ("cop", ("garbage_tweet",)),  # çöp, without the accents
    ("ÇÖPLER", ("garbage_tweet",)),
    ("istanbul", ("lamp",)),  # İstanbul: dotted capital İ
    ("park", ("garbage_tweet",)),  # parkında: locative + possessive suffixes
    ("lamba", ("lamp",)),  # lambaları: plural + possessive
    ("sokakta", ("lamp",)),  # sokak in the text; the query carries the suffix
    ("λαμπα", ("greek",)),  # λάμπα, without the tonos
])
def test_full_text_is_accent_case_and_suffix_insensitive(api, corpus, q, names):
    assert found(api, q=q) == corpus.ids(*names)


def test_relevance_sort_puts_the_best_match_first(api, corpus):
    body = search(api, q="su borusu patladı", sort="relevance").json()
    assert body["results"][0]["request_id"] in corpus.ids("pipe", "pipe_dup")
    by_time = search(api, department="water-sewer").json()["results"]
    times = [d["received_at"] for d in by_time]
    assert times == sorted(times, reverse=True)


def test_bad_parameters_answer_422(api):
    assert search(api, near="north of Dikmen").status_code == 422
    assert search(api, near="39.9,32.8", radius="far").status_code == 422
    assert search(api, cursor="not-a-cursor").status_code == 422
    assert search(api, **{"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"}).status_code == 422
