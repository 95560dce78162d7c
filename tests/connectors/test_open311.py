"""Open311 GeoReport v2: services from the taxonomy, spec-shaped errors, status read from the index."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from elasticsearch import Elasticsearch

from classifiers import load_taxonomy
from sinks.documents import to_document
from tests.connectors.channels import BY_NAME, _form
from tests.connectors.conftest import OPEN311_KEY
from tests.connectors.payloads import open311_form
from tests.support import unique

pytestmark = pytest.mark.slow
OPEN311 = BY_NAME["open311"]


def test_services_are_the_taxonomy_departments(harness) -> None:
    services = harness.client.get("/open311/v2/services.json").json()
    codes = {s["service_code"] for s in services}
    assert codes == set(load_taxonomy(harness.settings.taxonomy_profile).department_codes)
    assert all(s["type"] == "realtime" and s["metadata"] is False and s["service_name"] for s in services)


def test_discovery_points_at_the_public_url(harness) -> None:
    doc = harness.client.get("/open311/v2/discovery.json").json()
    assert doc["endpoints"][0]["url"] == harness.settings.public_base_url + "/open311/v2"


def test_created_request_answers_with_its_id_and_the_citizen_is_the_lowercased_email(harness) -> None:
    uid = unique("o")
    out = OPEN311.submit(harness, _form(open311_form(uid, "Kaldırım taşları sökülmüş", OPEN311_KEY)))
    answer = __import__("json").loads(out.body)
    req = out.published[0]
    assert answer[0]["service_request_id"] == req.request_id and req.number in answer[0]["service_notice"]
    assert req.citizen.id == f"citizen.{uid}@example.org" and req.citizen.display_name == "Ayşe Yılmaz"
    assert (req.location.lat, req.location.lon) == (39.9208, 32.8541) and req.department == "sanitation"


def test_phone_is_the_citizen_without_email_and_address_alone_is_a_location(harness) -> None:
    form = {**open311_form(unique("o"), "Ağaç budanmalı", OPEN311_KEY), "email": "", "phone": "+905551112233",
            "lat": "", "long": ""}
    req = OPEN311.submit(harness, _form(form)).published[0]
    assert req.citizen.id == "+905551112233" and req.location.address == "Kızılay Meydanı" and req.location.lat is None


@pytest.mark.parametrize("change, words", [
    ({"service_code": "unicorns"}, "service_code"),
    ({"lat": "", "long": "", "address_string": ""}, "location"),
    ({"lat": "north"}, "lat/long"),
    ({"email": "", "phone": ""}, "email, phone"),
])
def test_errors_are_the_spec_list_of_code_and_description(harness, change: dict, words: str) -> None:
    out = OPEN311.submit(harness, _form({**open311_form(unique("o"), "x", OPEN311_KEY), **change}))
    errors = __import__("json").loads(out.body)
    assert out.status == 400 and errors[0]["code"] == 400 and words in errors[0]["description"]


def test_get_request_reads_status_from_the_index(harness) -> None:
    out = OPEN311.submit(harness, _form(open311_form(unique("o"), "Çöp alınmadı", OPEN311_KEY)))
    req = out.published[0]
    closed = req.enrich(status="resolved")
    doc = to_document(closed, datetime.now(timezone.utc))
    doc["status_history"][0]["note"] = "Ekip çöpü aldı"
    with Elasticsearch(harness.settings.es_url) as es:
        es.index(index=harness.settings.index_alias, id=req.request_id, document=doc, refresh=True)
    got = harness.client.get(f"/open311/v2/requests/{req.request_id}.json")
    body = got.json()[0]
    assert got.status_code == 200 and body["status"] == "closed" and body["status_notes"] == "Ekip çöpü aldı"
    assert body["service_code"] == "sanitation" and body["lat"] == 39.9208
    missing = harness.client.get("/open311/v2/requests/doesnotexist.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
