"""What the satisfaction-answer hook costs the intake, and what its table holds.

    .venv/bin/python bench/bench_satisfaction.py [--pending 130000] [--messages 5000]

Baseline, measured in the same run: the intake's classification of one request (the
dominant per-message cost of the intake, streams.enrich.classify_requests). The hook runs on
every message before deduplication; its cost is reported in CPU microseconds per message
(process time, so the shared 2-core box's load does not inflate it) and as a ratio to the
baseline, for three kinds of message: from a citizen with no pending check (nearly all), a
new problem from a citizen with one, and an answer; and the CPU time of one sweep of the table.
State: `--pending` checks (default 130,000: a week of resolutions at ~18,500 requests a day)
in a JsonTable, the bytes a Faust table over RocksDB and its changelog hold.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from civicdesk.settings import Settings
from classifiers import load_classifier
from schemas.request import Citizen, CitizenRequest, RawPayload
from schemas.satisfaction import SatisfactionPending
from streams.dedup import RedeliveryFilter
from streams.enrich import classify_requests
from streams.satisfaction_answers import PendingChecks
from streams.satisfaction_intake import SatisfactionIntake
from streams.state_size import JsonTable

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
TEXTS = ["Dikmen caddesinde su borusu patladı, yol su altında", "sokak lambası 3 gündür yanmıyor",
         "Çöpler 4 gündür alınmadı konteyner taştı", "Kaldırımdaki çukur tehlikeli, yaşlılar düşüyor"]


def phone(i: int) -> str:
    return f"+90532{i:07d}"


def request(i: int, text: str, minutes: int = 0) -> CitizenRequest:
    return CitizenRequest(channel="sms", external_id=f"SM{i}-{minutes}", received_at=T0 + timedelta(minutes=minutes),
                          citizen=Citizen.from_identities(phone=phone(i)), text=text,
                          raw=RawPayload(content_type="x", body=""), department="water-sewer")


async def per_message_us(intake: SatisfactionIntake, reqs: list[CitizenRequest]) -> float:
    started = time.process_time()
    for n, req in enumerate(reqs):
        await intake.take(req, None, f"0@{n}")
    return (time.process_time() - started) / len(reqs) * 1e6


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pending", type=int, default=130_000)
    ap.add_argument("--messages", type=int, default=5_000)
    args = ap.parse_args()

    table = JsonTable()
    checks = PendingChecks(table)
    template = SatisfactionPending(request_id="r" * 20, citizen_id=phone(0), channel="sms", department="water-sewer",
                                   number="ABCD-1234", sent_at=T0).model_dump(mode="json")
    checks.put(SatisfactionPending.model_validate(template))  # the stored form, written directly below for speed
    for i in range(args.pending):
        table[phone(i)] = [{**template, "request_id": f"r{i:019d}", "citizen_id": phone(i)}, None]
    state = table.nbytes()

    async def nothing(*_: object) -> None:
        return None

    intake = SatisfactionIntake(checks, RedeliveryFilter({}), nothing, nothing)
    m = args.messages
    none_pending = [request(args.pending + i, TEXTS[i % 4], 60) for i in range(m)]
    new_problems = [request(i, TEXTS[i % 4], 60) for i in range(m)]
    answers = [request(i + m, "5 teşekkürler", 61) for i in range(m)]

    classifier = load_classifier(Settings().taxonomy_profile)
    sample = none_pending[:2000]
    classify_requests(classifier, sample[:50])  # warm caches
    started = time.process_time()
    for req in sample:
        classify_requests(classifier, [req])
    baseline = (time.process_time() - started) / len(sample) * 1e6

    result = {"pending_checks": args.pending, "state_bytes": state, "bytes_per_check": round(state / args.pending),
              "classify_us_per_message": round(baseline, 1)}
    for name, reqs in (("no_pending", none_pending), ("new_problem_with_pending", new_problems), ("answer", answers)):
        us = asyncio.run(per_message_us(intake, reqs))
        result[f"hook_us_{name}"] = round(us, 2)
        result[f"ratio_to_classify_{name}"] = round(us / baseline, 4)
    result["answers_taken"] = intake.answers
    # The pending agent's sweep walks the whole table, once per partition per 10 minutes.
    started = time.process_time()
    swept = checks.sweep(T0 + timedelta(days=8))
    result["sweep_ms_whole_table"] = round((time.process_time() - started) * 1000, 1)
    result["swept"] = swept
    print(json.dumps(result, indent=2))
    return 0 if intake.answers == m else 1


if __name__ == "__main__":
    sys.exit(main())
