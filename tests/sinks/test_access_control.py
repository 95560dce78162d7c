"""Role rules, PII masking and authentication on the real engine: results, facets, by id,
citizens and incidents all respect the role, and nothing leaks through counts."""

from __future__ import annotations

import logging

import pytest

from tests.sinks.conftest import as_role, found, search
from tests.sinks.corpus import INCIDENT

pytestmark = pytest.mark.slow

ALL = ("pipe", "water_again", "lamp", "mehmet_sms", "greek", "garbage_tweet", "mehmet_tweet", "telegram",
       "mehmet_later", "pipe_dup")


def test_no_key_or_unknown_key_is_401(api):
    for path in ("/requests", "/facets", "/requests/x", "/citizens/x", "/incidents/x"):
        assert api.get(path).status_code == 401
        assert api.get(path, headers=as_role("wrong-key")).status_code == 401
        assert api.get(path, headers={"Authorization": "Basic sup-key"}).status_code == 401
    assert api.get("/requests").headers["www-authenticate"] == "Bearer"


def test_supervisor_sees_everything(api, corpus):
    assert found(api, "sup-key") == corpus.ids(*ALL)


def test_department_sees_only_its_requests(api, corpus):
    assert found(api, "water-key") == corpus.ids("pipe", "water_again", "pipe_dup")
    assert found(api, "roads-key") == corpus.ids("mehmet_sms", "mehmet_tweet", "mehmet_later")
    # A filter naming another department finds nothing rather than widening the role.
    assert found(api, "water-key", department="roads") == set()
    assert search(api, "water-key", department="roads").json()["total"] == 0


def test_social_team_sees_social_requests_and_everything_else_of_those_citizens(api, corpus):
    # mehmet_sms came before his tweet (flagged afterwards); mehmet_later after it (flagged on arrival).
    assert found(api, "social-key") == corpus.ids("garbage_tweet", "mehmet_tweet", "pipe_dup", "mehmet_sms",
                                                  "mehmet_later")


def test_by_id_outside_the_role_is_404_like_a_missing_one(api, corpus):
    lamp = corpus.id("lamp")
    assert api.get(f"/requests/{lamp}", headers=as_role("sup-key")).status_code == 200
    assert api.get(f"/requests/{lamp}", headers=as_role("water-key")).status_code == 404
    assert api.get(f"/requests/{lamp}", headers=as_role("social-key")).status_code == 404
    assert api.get("/requests/does-not-exist", headers=as_role("water-key")).status_code == 404


def test_facets_count_only_what_the_role_sees(api, corpus):
    sup = api.get("/facets", headers=as_role("sup-key")).json()
    water = api.get("/facets", headers=as_role("water-key")).json()
    assert sup["total"] == len(ALL)
    assert water["total"] == 3 and set(water["department"]) == {"water-sewer"}
    assert sum(water["channel"].values()) == 3
    assert "Batıkent" in sup["neighbourhood"] and "Batıkent" not in water["neighbourhood"]
    # Facets for a filter equal the totals of the same search.
    for hood, count in sup["neighbourhood"].items():
        assert search(api, "sup-key", neighbourhood=hood).json()["total"] == count
    assert sum(b["count"] for b in sup["over_time"]) == len(ALL)


def test_citizen_and_incident_views_respect_the_role(api, corpus):
    sup = api.get("/citizens/0533 987 65 43", headers=as_role("sup-key")).json()
    assert {d["request_id"] for d in sup["timeline"]} == corpus.ids("mehmet_sms", "mehmet_tweet", "mehmet_later")
    assert set(sup["channels"]) == {"sms", "twitter"}
    assert "+905339876543" in sup["identities"] and "twitter:mehmet_y" in sup["identities"]
    # Ayşe's lamp request (lighting) is invisible to the water department: 404, not an empty person.
    assert api.get("/citizens/ayse.kaya@example.org", headers=as_role("water-key")).status_code == 404
    inc_sup = api.get(f"/incidents/{INCIDENT}", headers=as_role("sup-key")).json()
    assert inc_sup["reports"] == 2
    assert {d["request_id"] for d in inc_sup["requests"]} == corpus.ids("pipe", "pipe_dup")
    inc_social = api.get(f"/incidents/{INCIDENT}", headers=as_role("social-key")).json()
    assert {d["request_id"] for d in inc_social["requests"]} == corpus.ids("pipe_dup")
    assert api.get(f"/incidents/{INCIDENT}", headers=as_role("roads-key")).status_code == 404


def test_phone_and_email_are_masked_for_departments_and_the_social_team(api, corpus):
    pipe = corpus.id("pipe")
    full = api.get(f"/requests/{pipe}", headers=as_role("sup-key")).json()
    masked = api.get(f"/requests/{pipe}", headers=as_role("water-key")).json()
    assert full["citizen"]["phone"] == "+905321234567" and "+905321234567" in full["identities"]
    assert full["raw"]["body"]
    assert masked["citizen"]["phone"] == "+90532*****67"
    assert "+905321234567" not in str(masked)
    assert "raw" not in masked
    tweet = search(api, "social-key", citizen="@mehmet_y").json()["results"][0]
    assert tweet["citizen"]["handle"] == "@mehmet_y"  # the social team answers on the platform
    assert tweet["citizen"]["phone"] == "+90533*****43"
    lamp = search(api, "sup-key", channel="email").json()["results"][0]
    assert lamp["citizen"]["email"] == "ayse.kaya@example.org"


def test_every_request_is_audited_with_role_and_key_fingerprint(api, caplog):
    with caplog.at_level(logging.INFO, logger="civicdesk.audit"):
        search(api, "water-key", neighbourhood="Dikmen")
    line = next(r.getMessage() for r in caplog.records if r.name == "civicdesk.audit")
    assert "role=department:water-sewer" in line and "neighbourhood" in line and "results=" in line
    assert "water-key" not in line  # the key itself is never logged
