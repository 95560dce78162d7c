"""CPU per request of the stream stage's pure core, step by step (no broker, no Faust).

    .venv/bin/python bench/bench_stream_core.py [--n 10000] [--profile]

The steps the worker (streams/app.py) and the baseline loop (bench/bench_stream.py) run for
every request, over the same N raw requests bench_stream.py builds, in batches of 500:
validate (CitizenRequest.from_json), classify + copy the results on (streams.enrich),
Report.from_request, Deduplicator.decide (redelivery, citizen linking, same citizen,
incidents), then the dedup copy, routing and JSON of every output. Times are CPU seconds of
this process (`time.process_time`), so other load on the shared box inflates them less than
wall time. Caches start cold, as in a fresh worker.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_stream import PROFILE, build_raw, load_samples  # noqa: E402
from classifiers import load_classifier  # noqa: E402
from schemas.request import CitizenRequest  # noqa: E402
from streams.enrich import classify_requests  # noqa: E402
from streams.pipeline import Deduplicator, Outcome  # noqa: E402
from streams.report import Report  # noqa: E402
from streams.routing import route  # noqa: E402

BATCH = 500


def run(records: list[tuple[bytes, bytes]]) -> dict[str, float]:
    classifier = load_classifier(PROFILE)
    departments = set(classifier.taxonomy.department_codes)
    dedup = Deduplicator()
    spent = dict.fromkeys(("validate", "classify", "report", "dedup", "route_and_json"), 0.0)
    clock = time.process_time
    for start in range(0, len(records), BATCH):
        chunk = records[start:start + BATCH]
        t = clock()
        requests = [CitizenRequest.from_json(value) for _, value in chunk]
        spent["validate"] += clock() - t
        t = clock()
        requests = classify_requests(classifier, requests)
        spent["classify"] += clock() - t
        t = clock()
        reports = [Report.from_request(r) for r in requests]
        spent["report"] += clock() - t
        t = clock()
        decisions = [dedup.decide(r) for r in reports]
        spent["dedup"] += clock() - t
        t = clock()
        for req, decision in zip(requests, decisions):
            req = decision.applied_to(req)
            if decision.outcome is not Outcome.redelivery:
                req.to_json()
            route(req, departments, decision)
        spent["route_and_json"] += clock() - t
    return spent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--profile", action="store_true", help="print the top functions by own time")
    args = ap.parse_args()
    records = build_raw(args.n, load_samples())
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        spent = profiler.runcall(run, records)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    else:
        spent = run(records)
    total = sum(spent.values())
    for step, seconds in spent.items():
        print(f"{step:<16} {seconds / args.n * 1e6:7.1f} us/request")
    print(f"{'total':<16} {total / args.n * 1e6:7.1f} us/request = {args.n / total:,.0f} requests per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
