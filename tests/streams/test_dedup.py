import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from streams.cluster import cluster, read_jsonl
from streams.dedup import IncidentMatcher, RedeliveryFilter, incident_id_for, incident_key
from streams.pipeline import Deduplicator, Outcome
from streams.report import Report
from streams.similarity import signature, similarity

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
PAIRS = Path(__file__).resolve().parents[1] / "data" / "dedup_pairs.jsonl"


def report(rid, text, who="+905321234567", *, minutes=0.0, dept="water-sewer", hood="Dikmen",
           channel="sms", lat=None, lon=None, revision=0, language=None):
    return Report(rid, T0 + timedelta(minutes=minutes), text, (who,), channel, revision, language, dept, hood,
                  None, lat, lon)


BURST = {
    "tr": "Dikmen caddesinde su borusu patladı, her yer su içinde",
    "tr_sms": "dikmen cad patlak boru var su akiyor",
    "el": "Έσπασε ο αγωγός του νερού στη Ντίκμεν, τρέχουν νερά στο δρόμο",
    "en": ("Dear Sir or Madam, I am writing to report a burst water main on Dikmen Avenue near number "
           "120. Water has been gushing onto the road since early this morning and cars can barely pass."),
}


@pytest.mark.parametrize("a,b", [("tr", "el"), ("tr", "en"), ("el", "en"), ("tr_sms", "en")])
def test_burst_main_paraphrases_match_across_languages(a, b):
    assert similarity(signature(BURST[a]), signature(BURST[b])) >= IncidentMatcher.THRESHOLD


def test_water_bill_is_not_a_burst_main_and_two_bills_are_not_one_incident():
    bill = signature("su faturam bu ay çok yüksek geldi")
    assert similarity(signature(BURST["tr"]), bill) == 0.0
    other_bill = signature("My water bill doubled this month")
    assert similarity(bill, other_bill) == 0.0  # personal: two households
    assert similarity(bill, other_bill, personal_ok=True) >= 0.5  # same person writing twice


def test_redelivery_dropped_within_seven_days_and_state_expires():
    table: dict = {}
    f = RedeliveryFilter(table)
    assert not f.check(report("r1", "x"))
    assert f.check(report("r1", "x", minutes=60 * 24 * 6))
    assert not f.check(report("r1", "x", revision=1, minutes=10))  # an edit is new
    assert f.check(report("r1", "x", revision=0, minutes=20))  # the older revision again
    assert f.dropped == 2
    assert not f.check(report("r2", "x", minutes=60 * 24 * 8))
    assert f.sweep(now=(T0 + timedelta(days=8)).timestamp()) == 1
    assert set(table) == {"r2"}


def test_same_citizen_other_channel_is_a_duplicate_via_phone_in_the_email_body():
    d = Deduplicator()
    first = d.decide(report("r1", "dikmen cad 120 onunde su borusu patladi", "+905321234567"))
    second = d.decide(report("r2", "Sabah bildirdiğim patlak boru hâlâ tamir edilmedi.\nAyşe, tel: 0532 123 45 67",
                             "ayse@mail.com", channel="email", minutes=90))
    assert second.outcome is Outcome.duplicate
    assert second.duplicate_of == "r1"
    assert second.incident_id == first.incident_id
    assert second.person_id == first.person_id


def test_same_citizen_different_problem_or_after_48h_is_not_a_duplicate():
    d = Deduplicator()
    d.decide(report("r1", "su borusu patladi dikmen caddesi"))
    bill = d.decide(report("r2", "su faturasi iki katina cikmis", minutes=30))
    assert bill.outcome is Outcome.new and bill.duplicate_of is None
    later = d.decide(report("r3", "su borusu yine patladi dikmen caddesi", minutes=60 * 49))
    assert later.outcome is Outcome.new


def test_incident_joins_other_citizens_and_counts_reports():
    d = Deduplicator()
    a = d.decide(report("r1", BURST["tr"], "+905321111111"))
    b = d.decide(report("r2", BURST["en"], "j@mail.com", channel="email", minutes=20))
    c = d.decide(report("r3", BURST["el"], "twitter:nikos", channel="twitter", minutes=40))
    assert a.outcome is Outcome.new and a.incident_id == incident_id_for("r1")
    assert (b.outcome, c.outcome) == (Outcome.incident, Outcome.incident)
    assert b.incident_id == c.incident_id == a.incident_id
    assert (b.report_count, c.report_count) == (2, 3)
    # A replay of r3 (redelivery) does not count it again and gives the same answer.
    again = d.decide(report("r3", BURST["el"], "twitter:nikos", channel="twitter", minutes=41))
    assert again.outcome is Outcome.redelivery and again.incident_id == a.incident_id and again.report_count == 3


def test_incident_needs_same_department_place_and_window():
    d = Deduplicator()
    first = d.decide(report("r1", BURST["tr"], "+905321111111"))
    other_hood = d.decide(report("r2", BURST["tr"], "+905322222222", hood="Kızılay", minutes=5))
    other_dept = d.decide(report("r3", BURST["tr"], "+905323333333", dept="public-works", minutes=5))
    next_day = d.decide(report("r4", BURST["tr"], "+905324444444", minutes=60 * 25))
    assert {x.incident_id for x in (other_hood, other_dept, next_day)}.isdisjoint({first.incident_id})


def test_within_300_m_when_coordinates_are_known():
    m = IncidentMatcher({})
    sig = signature("Büyük çukur var, araç lastiği patladı")
    a = m.observe(report("r1", "", dept="public-works", lat=39.8850, lon=32.8370), sig)
    near = m.observe(report("r2", "", "+905322222222", dept="public-works", lat=39.8870, lon=32.8370, minutes=5), sig)
    far = m.observe(report("r3", "", "+905323333333", dept="public-works", lat=39.8900, lon=32.8370, minutes=6), sig)
    assert near.incident_id == a.incident_id  # ~220 m north
    assert far.incident_id != a.incident_id  # ~560 m north


def test_within_300_m_across_a_neighbourhood_border_but_not_without_coordinates():
    m = IncidentMatcher({})
    sig = signature("Büyük çukur var, araç lastiği patladı")

    def at(rid, hood, lat=None, lon=None, minutes=0):
        return Report(rid, T0 + timedelta(minutes=minutes), "", (f"+9053200000{rid[-2:]}",), "sms", 0, None,
                      "public-works", hood, "Çankaya", lat, lon)

    first = m.observe(at("r01", "Dikmen", 39.8850, 32.8370), sig)
    # ~200 m away, but the polygon put this point in the next neighbourhood
    across = m.observe(at("r02", "Öveçler", 39.8868, 32.8370, minutes=5), sig)
    # the same neighbourhood name with no coordinates still joins by place
    by_name = m.observe(at("r03", "Dikmen", minutes=6), sig)
    # another neighbourhood and no coordinates: no way to tell it is near, so its own incident
    elsewhere = m.observe(at("r04", "Kızılay", minutes=7), sig)
    assert across.joined and across.incident_id == first.incident_id
    assert by_name.joined and by_name.incident_id == first.incident_id and by_name.report_count == 3
    assert not elsewhere.joined
    # both neighbourhoods are one partition key: the district
    assert incident_key(at("x1", "Dikmen")) == incident_key(at("x2", "Öveçler")) == "public-works|cankaya"


def test_incident_key_and_bounded_state():
    assert incident_key(report("r", "", hood="Bahçelievler")) == "water-sewer|bahcelievler"
    assert incident_key(report("r", "", hood=None, lat=39.88512, lon=32.83711)) == "water-sewer|cell:39.89:32.84"
    assert incident_key(report("r", "", hood=None)) is None
    d = Deduplicator()
    for i in range(50):
        d.decide(report(f"r{i}", f"konu {i} cukur", f"+9053211100{i:02d}", minutes=i))
    removed = d.sweep(now=(T0 + timedelta(days=8)).timestamp())
    assert removed["redelivery"] == 50 and removed["incidents"] >= 1
    assert not d.tables.redelivery and not d.tables.incidents and not d.tables.recent


def test_labelled_clusters_precision_and_recall():
    rows = read_jsonl(str(PAIRS))
    gold = {r["id"]: r["cluster"] for r in rows}
    by_incident: dict = {}
    for out in cluster(rows):
        by_incident.setdefault(out["incident_id"], []).append(out["id"])
    predicted = {(a, b) for m in by_incident.values() for i, a in enumerate(m) for b in m[i + 1:]}
    members: dict = {}
    for rid, c in gold.items():
        members.setdefault(c, []).append(rid)
    gold_pairs = {(a, b) for m in members.values() for i, a in enumerate(m) for b in m[i + 1:]}
    correct = {p for p in predicted if gold[p[0]] == gold[p[1]]}
    assert len({c for c, m in members.items() if len(m) >= 3}) >= 12
    assert len(correct) / len(predicted) >= 0.9
    assert len(correct) / len(gold_pairs) >= 0.85


def test_cluster_command_writes_one_line_per_input(tmp_path):
    from civicdesk.cli import main

    src = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "text": BURST["tr"], "citizen": "0532 123 45 67", "channel": "sms", "department": "water-sewer",
         "neighbourhood": "Dikmen", "received_at": "2026-03-10T08:00:00Z", "extra": "ignored"},
        {"id": "b", "text": BURST["en"], "citizen": "j@mail.com", "channel": "email", "department": "water-sewer",
         "neighbourhood": "Dikmen", "received_at": "2026-03-10T08:10:00Z"},
        {"id": "c", "text": "patlak boru hala akiyor", "citizen": "+90 532 123 4567", "channel": "whatsapp",
         "department": "water-sewer", "neighbourhood": "Dikmen", "received_at": "2026-03-10T09:00:00Z"},
    ]
    src.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["cluster", "--input", str(src), "--output", str(out)]) == 0
    got = [json.loads(x) for x in out.read_text().splitlines()]
    inc = incident_id_for("a")
    assert got == [{"id": "a", "duplicate_of": None, "incident_id": inc},
                   {"id": "b", "duplicate_of": None, "incident_id": inc},
                   {"id": "c", "duplicate_of": "a", "incident_id": inc}]
