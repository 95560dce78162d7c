"""The `civicdesk` command.

Each package contributes its sub-commands through a `commands` module with
`register(subparsers)`; a handler is called as `handler(args, settings)` and returns an
exit code. Settings are built once here, from the environment, and passed down.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Callable, Sequence

from civicdesk.settings import Settings, load_settings

# Modules contributing sub-commands. Adding a package's commands = one line here.
COMMAND_MODULES = (
    "civicdesk.stack_commands",
    "connectors.commands",
    "classifiers.commands",
    "streams.commands",
    "sinks.commands",
    "connectors.outbound.commands",
)

Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civicdesk", description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING (default: settings.log_level)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    # One line per HTTP call to Kafka-adjacent services drowns the pipeline's own log lines.
    for noisy in ("elastic_transport.transport", "httpx"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except Exception as exc:  # pydantic ValidationError: name the bad variable, no traceback
        print(f"civicdesk: invalid settings: {exc}", file=sys.stderr)
        return 2
    configure_logging(args.log_level or settings.log_level)
    handler: Handler = args.handler
    try:
        return int(handler(args, settings) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
