import json
from pathlib import Path

import jsonschema
import pytest

from civicdesk.errors import DeadLetter
from schemas.links import Link
from streams.pipeline import Decision, Outcome
from streams.routing import IncidentUpdate, apply_decision, route, route_request

DEPTS = {"water-sewer", "public-works", "sanitation"}
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "json" / "citizen_request.v1.schema.json").read_text())


def topics(routes):
    return [r.topic for r in routes]


def test_new_request_goes_to_its_department_keyed_with_headers(make_request):
    req = make_request()
    [r] = route(req, DEPTS)
    assert r.topic == "requests.dept.water-sewer"
    assert r.key == req.request_id.encode()
    h = dict(r.headers())
    assert h["schema-version"] == b"1" and h["department"] == b"water-sewer"
    assert h["urgency"] == b"normal" and h["trace-id"] == req.request_id.encode()
    assert dict(r.headers("abc"))["trace-id"] == b"abc"
    jsonschema.validate(json.loads(r.value), SCHEMA)  # departments validate with their own tools


@pytest.mark.parametrize("urgency,channel,expected", [
    ("emergency", "sms", ["requests.dept.water-sewer", "requests.urgent"]),
    ("urgent", "twitter", ["requests.dept.water-sewer", "requests.urgent", "requests.social"]),
    ("normal", "instagram", ["requests.dept.water-sewer", "requests.social"]),
    (None, "facebook", ["requests.dept.water-sewer", "requests.social"]),
    ("normal", "whatsapp", ["requests.dept.water-sewer"]),
])
def test_urgent_and_social_copies(make_request, urgency, channel, expected):
    phone = None if channel in ("twitter", "instagram", "facebook") else "+905321234567"
    req = make_request(urgency=urgency, channel=channel, phone=phone, handle=None if phone else "@ayse")
    assert topics(route(req, DEPTS)) == expected


def test_same_citizen_duplicate_only_links(make_request):
    req = make_request(urgency="emergency")
    d = Decision(req.request_id, Outcome.duplicate, "p_1", "first-id", "inc_1", None, 1)
    [r] = route(apply_decision(req, d), DEPTS, d)
    assert r.topic == "requests.duplicates"
    link = Link.model_validate_json(r.value)
    assert (link.kind, link.duplicate_of, link.incident_id) == ("duplicate", "first-id", "inc_1")


def test_incident_follow_up_links_and_updates_the_department(make_request):
    req = make_request(channel="twitter", phone=None, handle="@ayse")
    d = Decision(req.request_id, Outcome.incident, "p_1", None, "inc_9", "first-id", 4)
    link_route, update_route = route(req, DEPTS, d)
    assert link_route.topic == "requests.duplicates"
    assert Link.model_validate_json(link_route.value).reports == 4
    assert update_route.topic == "requests.dept.water-sewer" and update_route.kind == "incident_update"
    assert dict(update_route.headers())["kind"] == b"incident_update"
    update = IncidentUpdate.model_validate_json(update_route.value)
    assert (update.incident_id, update.first_request_id, update.report_count) == ("inc_9", "first-id", 4)
    assert "requests.social" not in topics(route(req, DEPTS, d))  # the first report was answered already


def test_redelivery_is_only_counted(make_request):
    req = make_request()
    d = Decision(req.request_id, Outcome.redelivery)
    assert [(r.topic, Link.model_validate_json(r.value).kind) for r in route(req, DEPTS, d)] == \
        [("requests.duplicates", "redelivery")]


def test_unroutable_requests_are_dead_lettered(make_request):
    with pytest.raises(DeadLetter, match="no department"):
        route(make_request(department=None), DEPTS)
    with pytest.raises(DeadLetter, match="unknown department 'roads'"):
        route(make_request(department="roads"), DEPTS)


def test_apply_decision_sets_enrichment(make_request):
    req = make_request()
    d = Decision(req.request_id, Outcome.new, "p_1", None, "inc_1", req.request_id, 1)
    assert apply_decision(req, d).incident_id == "inc_1"


def test_route_request_leaves_links_to_the_caller(make_request):
    req = make_request(urgency="urgent")
    assert route_request(req, DEPTS, duplicate=True) == []
    assert [r.topic for r in route_request(req, DEPTS)] == ["requests.dept.water-sewer", "requests.urgent"]
    [u] = route_request(req.model_copy(update={"incident_id": "inc_2"}), DEPTS, incident_update=True, reports=2,
                        first_request_id="first-id")
    assert IncidentUpdate.model_validate_json(u.value).incident_id == "inc_2"
    with pytest.raises(DeadLetter, match="without incident"):
        route_request(req, DEPTS, incident_update=True, reports=2)
