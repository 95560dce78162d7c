"""State size of deduplication for N requests inside the window (default 1,000,000).

    .venv/bin/python bench/bench_dedup_state.py [--n 1000000]

Synthetic but shaped like the desk: 1,400 neighbourhoods (Ankara has ~1,400 mahalle) x 8
departments, one request per new citizen (the worst case for the linker and same-citizen
tables), texts drawn from the labelled set's reports with a varying street number, ~1 in 3
joining an open incident. All N requests fall inside 20 hours, so nothing expires: this is
the state a worker holds at the peak of the 24 h incident window (the 7-day redelivery
table holds 7 days of ids; its per-request figure is printed to scale it).
Tables are JsonTable (values as JSON bytes), so the figure is what RocksDB and the
changelog topics hold, not Python object overhead.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from streams.pipeline import DedupTables, Deduplicator
from streams.report import Report
from streams.state_size import JsonTable, estimate_state_bytes

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "dedup_pairs.jsonl"
DEPARTMENTS = ["water-sewer", "public-works", "sanitation", "parks", "veterinary", "transport",
               "municipal-police", "general"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    texts = [json.loads(line)["text"] for line in DATA.open(encoding="utf-8")]
    tables = DedupTables(JsonTable(), JsonTable(), JsonTable(), JsonTable())
    dedup = Deduplicator(tables)
    t0 = datetime(2026, 3, 10, tzinfo=timezone.utc)
    span = 20 * 3600
    started = time.perf_counter()
    outcomes: dict[str, int] = {}
    for i in range(args.n):
        rid = f"{i:020x}"
        report = Report(rid, t0 + timedelta(seconds=span * i / args.n),
                        rnd.choice(texts) + f" No {rnd.randint(1, 200)}",
                        (f"+9053{i:08d}",), "sms", 0, None, rnd.choice(DEPARTMENTS),
                        f"mahalle-{rnd.randrange(1400)}")
        outcome = dedup.decide(report).outcome.value
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if (i + 1) % 100_000 == 0:
            print(f"{i + 1} requests, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    sizes = {name: getattr(tables, name).nbytes() for name in ("redelivery", "citizens", "recent", "incidents")}
    total = sum(sizes.values())
    print(json.dumps({
        "requests": args.n, "seconds": round(elapsed, 1), "requests_per_s": round(args.n / elapsed),
        "outcomes": outcomes,
        "keys": {name: len(getattr(tables, name)) for name in sizes},
        "bytes": sizes, "total_bytes": total, "total_mib": round(total / 2**20, 1),
        "bytes_per_request": round(total / args.n, 1),
        "estimate_one_request": estimate_state_bytes(Report(
            "0" * 20, t0, texts[0], ("+905321234567",), "sms", 0, None, "water-sewer", "dikmen")),
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
