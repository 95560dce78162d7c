"""`civicdesk search`: the API's filters from the command line.

It queries Elasticsearch directly with the same pure builders (sinks.query) and presentation
(sinks.access) as the HTTP API, as the role given by --role (default supervisor), so an
operator can search while the HTTP service is down, or on a host that only reaches the
cluster. Role filters and masking apply exactly as over HTTP; anyone who can run this command
can already reach Elasticsearch, so the role is for seeing what a team sees, not a barrier.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TextIO

from elasticsearch import Elasticsearch

from civicdesk.settings import Settings
from sinks import query as Q
from sinks.access import InvalidRole, Role, present
from sinks.query import InvalidParams, SearchParams


def add_arguments(p: argparse.ArgumentParser) -> None:
    for name in ("citizen", "neighbourhood", "district", "q", "department", "type", "urgency", "channel", "status",
                 "external_id", "incident_id", "near"):
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None)
    p.add_argument("--needs-review", dest="needs_review", choices=("true", "false"), default=None)
    p.add_argument("--from", dest="since", type=datetime.fromisoformat, default=None, help="ISO 8601")
    p.add_argument("--to", dest="until", type=datetime.fromisoformat, default=None, help="ISO 8601")
    p.add_argument("--radius", default="500m")
    p.add_argument("--sort", choices=("time", "relevance"), default=None)
    p.add_argument("--size", type=int, default=20)
    p.add_argument("--cursor", default=None)
    p.add_argument("--role", default="supervisor", help="supervisor, social-team or department:<code>")
    p.add_argument("--facets", action="store_true", help="print facet counts instead of results")
    p.add_argument("--json", action="store_true", help="print the raw JSON answer")


def params_from(args: argparse.Namespace) -> SearchParams:
    review = None if args.needs_review is None else args.needs_review == "true"
    return SearchParams(citizen=args.citizen, neighbourhood=args.neighbourhood, district=args.district, q=args.q,
                        department=args.department, type=args.type, urgency=args.urgency, channel=args.channel,
                        status=args.status, external_id=args.external_id, incident_id=args.incident_id,
                        needs_review=review, since=args.since, until=args.until, near=args.near, radius=args.radius,
                        sort=args.sort, size=args.size, cursor=args.cursor)


def run_search(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    try:
        role = Role.parse(args.role)
        p = params_from(args)
        body = Q.facets_body(p, role) if args.facets else Q.search_body(p, role)
    except (InvalidRole, InvalidParams) as exc:
        print(f"civicdesk search: {exc}", file=out)
        return 2
    with Elasticsearch(settings.es_url, request_timeout=30) as es:
        resp = es.search(index=settings.index_alias, **body)
    total = resp["hits"]["total"]["value"]
    if args.facets:
        answer = {"total": total, **{n: {str(b["key"]): b["doc_count"] for b in resp["aggregations"][n]["buckets"]}
                                     for n in Q.FACETS}}
        print(json.dumps(answer, ensure_ascii=False, indent=2), file=out)
        return 0
    hits = resp["hits"]["hits"]
    results = [present(h["_source"], role) for h in hits]
    cursor = Q.next_cursor(p, hits)
    if args.json:
        print(json.dumps({"total": total, "next_cursor": cursor, "results": results}, ensure_ascii=False, indent=2),
              file=out)
        return 0
    print(f"{total} found (as {role})", file=out)
    for d in results:
        loc = (d.get("location") or {}).get("neighbourhood") or ""
        text = " ".join(str(d.get("text", "")).split())[:70]
        print(f"  {d['received_at'][:16]} {d['request_id']} [{d['channel']:<9}] {d.get('department') or '?':<14} "
              f"{d.get('status') or '':<11} {loc:<14} {text}", file=out)
    if cursor:
        print(f"next page: --cursor {cursor}", file=out)
    return 0
