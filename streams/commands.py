"""Sub-commands contributed by `streams`."""

from __future__ import annotations

import argparse
import json
import sys

from civicdesk.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's sub-commands to `civicdesk`."""
    p = sub.add_parser("cluster", help="run the stream's deduplication offline over a JSONL file",
                       description="Lines in arrival order (id, text, citizen, channel, optional received_at, "
                                   "neighbourhood, lat, lon, department) -> one {id, duplicate_of, incident_id} per line.")
    p.add_argument("--input", required=True, help="JSONL file, one request per line, in arrival order")
    p.add_argument("--output", help="where to write the JSONL result (default: stdout)")
    p.add_argument("--no-classify", action="store_true",
                   help="do not classify lines missing a department (they open incidents of their own)")
    p.set_defaults(handler=run_cluster)


def run_cluster(args: argparse.Namespace, settings: Settings) -> int:
    from streams.cluster import classifier_fill, cluster, read_jsonl

    try:
        lines = read_jsonl(args.input)
    except (OSError, ValueError) as exc:
        print(f"civicdesk cluster: {exc}", file=sys.stderr)
        return 2
    classify = None if args.no_classify else classifier_fill(settings.taxonomy_profile)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for result in cluster(lines, classify=classify):
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if args.output:
            out.close()
    return 0
