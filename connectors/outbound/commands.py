"""Sub-commands contributed by `connectors.outbound`: `civicdesk outbound`."""

from __future__ import annotations

import argparse
import signal
import threading

from civicdesk.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outbound", help="send replies, acknowledgements and satisfaction checks from requests.outbound")
    p.set_defaults(handler=cmd_outbound)


def cmd_outbound(args: argparse.Namespace, settings: Settings) -> int:
    from connectors.outbound.worker import run_outbound

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stats = run_outbound(settings, stop)
    print(f"outbound: sent={stats.sent} failed={stats.failed} already_sent={stats.already_sent} "
          f"dead_lettered={stats.dead_lettered}")
    return 0
