"""Sub-commands contributed by `sinks`: reindex and search."""

from __future__ import annotations

import argparse
import json
import sys

from civicdesk.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's sub-commands to `civicdesk`."""
    p = sub.add_parser("reindex", help="rebuild the search index from the topics and swap the alias")
    p.add_argument("--delete-old", action="store_true", help="delete the previous index after the swap")
    p.set_defaults(handler=cmd_reindex)
    from sinks.search_cli import add_arguments

    p = sub.add_parser("search", help="search requests with the API's filters (as a role)")
    add_arguments(p)
    p.set_defaults(handler=cmd_search)


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from sinks.reindex import reindex

    try:
        result = reindex(settings, delete_old=args.delete_old)
    except RuntimeError as exc:  # the count check failed: the alias was not moved
        print(f"civicdesk reindex: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"old_index": result.old_index, "new_index": result.new_index, "messages": result.messages,
                      "requests": result.requests, "indexed": result.indexed, "caught_up": result.caught_up,
                      "dead_lettered": result.dead_lettered, "count_check": "ok" if result.ok else "FAILED"},
                     indent=2))
    return 0 if result.ok else 1


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from sinks.search_cli import run_search

    return run_search(args, settings, sys.stdout)
