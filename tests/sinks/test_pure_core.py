"""The pure parts of sinks/: batching, roles and masking, query building, cursors, keys, records."""

from __future__ import annotations

import ast
from datetime import datetime, timezone
from pathlib import Path

import pytest

from civicdesk.settings import Settings
from sinks import query as Q
from sinks.access import InvalidRole, Role, mask_email, mask_phone, mask_text, present
from sinks.api_keys import dev_api_keys, supervisor_key
from sinks.auth import Unauthenticated, authenticate, key_table
from sinks.batching import Batch, BatchLimits
from sinks.es_sink import Record, plan_batch
from sinks.updates import Unusable, parse_link
from tests.sinks.corpus import make_request

SINKS = Path(__file__).resolve().parents[2] / "sinks"
PURE = ("access.py", "auth.py", "batching.py", "documents.py", "query.py", "updates.py")


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_import_no_kafka_http_or_elasticsearch(name):
    tree = ast.parse((SINKS / name).read_text())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not imported & {"elasticsearch", "confluent_kafka", "aiokafka", "faust", "httpx", "fastapi"}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_batch_flushes_on_count_bytes_or_age_whichever_first():
    clock = Clock()
    by_count = Batch(BatchLimits(docs=3, bytes=1000, seconds=1.0), clock)
    for i in range(2):
        by_count.add(i, 10)
    assert not by_count.due()
    by_count.add(2, 10)
    assert by_count.full() and by_count.take() == [0, 1, 2] and by_count.room() == 3
    by_bytes = Batch(BatchLimits(docs=100, bytes=25, seconds=1.0), clock)
    by_bytes.add("a", 20)
    assert not by_bytes.due()
    by_bytes.add("b", 20)
    assert by_bytes.due()
    by_age = Batch(BatchLimits(docs=100, bytes=1000, seconds=0.2), clock)
    assert not by_age.due() and by_age.remaining_seconds() == 0.2  # empty: no age yet
    by_age.add("x", 1)
    clock.now += 0.15
    assert not by_age.due() and by_age.remaining_seconds() == pytest.approx(0.05)
    clock.now += 0.06
    assert by_age.due()


@pytest.mark.parametrize("text,role", [("supervisor", "supervisor"), ("social-team", "social-team"),
                                       ("department:water-sewer", "department:water-sewer")])
def test_roles_parse(text, role):
    assert str(Role.parse(text)) == role


@pytest.mark.parametrize("text", ["admin", "department:", "department:Water Sewer", "Supervisor"])
def test_unknown_roles_are_refused_at_start(text):
    with pytest.raises(InvalidRole):
        key_table({"k": text})


def test_masking():
    assert mask_phone("+905321234567") == "+90532*****67"
    assert mask_phone("+306941234567") == "+30694*****67"
    assert mask_email("ayse.kaya@example.org") == "a***@example.org"
    masked = mask_text("Beni 0532 123 45 67'den ya da ayse@example.org adresinden arayın. Talep 7F3A-91C2, 2026-03-19")
    assert "123 45" not in masked and "ayse@" not in masked
    assert "7F3A-91C2" in masked and "2026-03-19" in masked
    doc = {"citizen": {"id": "+905321234567", "phone": "+905321234567", "handle": None}, "raw": {"body": "x"},
           "identities": ["+905321234567", "twitter:ayse_k"], "text": "su yok"}
    assert present(doc, Role.parse("supervisor")) == doc
    dept = present(doc, Role.parse("department:water-sewer"))
    assert "raw" not in dept and dept["identities"] == ["+90532*****67", "twitter:ayse_k"]
    assert doc["citizen"]["phone"] == "+905321234567"  # the input is not changed


def test_bearer_authentication():
    table = key_table({"k1": "supervisor", "k2": "department:roads"})
    assert str(authenticate("Bearer k2", table).role) == "department:roads"
    assert authenticate("bearer k1", table).key_id != "k1"
    for header in (None, "", "Bearer", "Bearer nope", "Basic k1", "k1"):
        with pytest.raises(Unauthenticated):
            authenticate(header, table)


def test_role_filter_is_inside_every_body():
    dept = Role.parse("department:roads")
    p = Q.SearchParams(q="çukur", neighbourhood="Dikmen")
    for body in (Q.search_body(p, dept), Q.facets_body(p, dept), Q.by_id_body("x", dept),
                 Q.citizen_seed_body("0532 123 45 67", dept), Q.citizen_timeline_body(["+905321234567"], [], dept),
                 Q.incident_body("inc", dept)):
        query = body["query"].get("script_score", {}).get("query", body["query"])  # relevance wraps the query
        assert {"term": {"department": "roads"}} in query["bool"]["filter"]


def test_cursor_round_trip_and_refusal():
    cursor = Q.encode_cursor("time", [1772352000000, "abc"])
    assert Q.decode_cursor(cursor, "time") == [1772352000000, "abc"]
    with pytest.raises(Q.InvalidParams):
        Q.decode_cursor(cursor, "relevance")
    with pytest.raises(Q.InvalidParams):
        Q.decode_cursor("%%%", "time")
    p = Q.SearchParams(size=2)
    assert Q.next_cursor(p, [{"sort": [1]}]) is None  # a short page is the last one
    assert Q.next_cursor(p, [{"sort": [2]}, {"sort": [1, "b"]}]) == Q.encode_cursor("time", [1, "b"])


def test_citizen_filter_uses_the_canonical_identity_variants():
    body = Q.search_body(Q.SearchParams(citizen="+90 532 123 4567"), Role.parse("supervisor"))
    assert {"terms": {"identities": ["+905321234567"]}} in body["query"]["bool"]["filter"]


def test_plan_batch_sorts_records_into_documents_updates_and_dead_letters():
    req = make_request("Lamba yanmıyor", department="lighting")
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    plan = plan_batch([Record("requests.classified", req.to_json(), "c[0]@1"),
                       Record("requests.status.accepted", b'{"request_id": "x"}', "s[0]@7"),
                       Record("requests.duplicates", b'{"kind": "redelivery", "request_id": "x", "at": '
                              b'"2026-03-01T00:00:00Z"}', "d[0]@2"),
                       Record("requests.other", b"{}", "o[0]@0")], "idx", now)
    assert [d["request_id"] for d in plan.docs] == [req.request_id]
    assert plan.docs[0]["identities"] == ["+905321234567"] and plan.docs[0]["pending"] is False
    assert plan.updates == []  # a redelivery changes nothing
    assert [(letter.source, letter.stage) for letter in plan.letters] == [("s[0]@7", "sink:decode"),
                                                                          ("o[0]@0", "sink:decode")]
    assert "status" in plan.letters[0].reason


def test_links_without_their_target_are_unusable():
    with pytest.raises(Unusable):
        parse_link(b"not json")
    from sinks.updates import link_actions

    with pytest.raises(Unusable, match="duplicate_of"):
        link_actions("i", parse_link(b'{"kind": "duplicate", "request_id": "a", "at": "2026-03-01T00:00:00Z"}'))


def test_up_creates_one_supervisor_key_and_keeps_it(tmp_path):
    settings = Settings(data_dir=tmp_path)
    keys = dev_api_keys(settings)
    key = supervisor_key(keys)
    assert key and len(key) >= 40 and keys == {key: "supervisor"}
    assert dev_api_keys(settings) == keys  # the same key on the next `civicdesk up`
    assert (tmp_path / "api-keys.json").stat().st_mode & 0o777 == 0o600
    configured = Settings(data_dir=tmp_path, api_keys={"mine": "department:roads"})
    assert dev_api_keys(configured) == {"mine": "department:roads"}


def test_up_banner_prints_the_generated_key_only_when_none_is_configured(tmp_path):
    from civicdesk.stack_commands import banner

    generated = banner(Settings(data_dir=tmp_path))
    key = supervisor_key(dev_api_keys(Settings(data_dir=tmp_path)))
    assert f"API key        {key}" in generated
    configured = banner(Settings(data_dir=tmp_path / "other", api_keys={"mine": "supervisor"}))
    assert "API key" not in configured and "mine" not in configured
