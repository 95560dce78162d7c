"""Sub-commands that run the pipeline: up, serve, worker, sink, demo, schema."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time

from civicdesk.embedded import Stack, StackError, StackLock
from civicdesk.settings import Settings

log = logging.getLogger("civicdesk")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("up", help="start the whole pipeline (embedded Kafka + Elasticsearch unless configured)")
    p.set_defaults(handler=cmd_up)
    p = sub.add_parser("init", help="create the topics and the index (idempotent), then exit")
    p.set_defaults(handler=cmd_init)
    p = sub.add_parser("serve", help="run the HTTP service (webhooks, search API)")
    p.set_defaults(handler=cmd_serve)
    p = sub.add_parser("worker", help="run a Faust stream worker")
    p.set_defaults(handler=cmd_worker)
    p = sub.add_parser("sink", help="run the Elasticsearch index sink")
    p.set_defaults(handler=cmd_sink)
    p = sub.add_parser("demo", help="run the demo: post sample messages on every channel and show the results")
    p.add_argument("--keep", action="store_true", help="leave the stack running afterwards")
    p.add_argument("--limit", type=int, default=None, help="post only the first N sample messages")
    p.set_defaults(handler=cmd_demo)
    p = sub.add_parser("stats", help="print the accounting: received = indexed + redeliveries + dead-lettered")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_stats)
    p = sub.add_parser("schema", help="print or write the committed JSON Schema files")
    p.add_argument("--write", action="store_true", help="rewrite schemas/json/*.schema.json from the models")
    p.set_defaults(handler=cmd_schema)


def run_stack_until_stopped(stack: Stack) -> int:
    stopping = {"flag": False}

    def on_signal(signum: int, _frame: object) -> None:
        stopping["flag"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stopping["flag"]:
        dead = stack.dead_child()
        if dead is not None:
            log.error("%s exited with code %s; stopping the stack", dead.name, dead.proc.returncode)
            return 1
        time.sleep(0.3)
    log.info("stopping...")
    return 0


def banner(settings: Settings) -> str:
    from sinks.api_keys import dev_api_keys, keys_path, supervisor_key

    base = f"http://{settings.http_host}:{settings.http_port}"
    key = "" if settings.api_keys else (
        f"  API key        {supervisor_key(dev_api_keys(settings))}  (supervisor; kept in {keys_path(settings)})\n"
        f"                 curl -H 'Authorization: Bearer <key>' '{base}/requests?q=su'\n")
    return (f"civicdesk is up\n  HTTP service   {base}  (search: {base}/requests?q=..., API docs: {base}/docs)\n"
            f"  console        {base}/console\n"
            f"{key}"
            f"  Kafka          {settings.kafka_servers}\n  Elasticsearch  {settings.es_url}\n"
            f"  data dir       {settings.data_dir.resolve()}\nPress Ctrl-C to stop.")


def cmd_up(args: argparse.Namespace, settings: Settings) -> int:
    lock = StackLock(settings.data_dir)
    stack = Stack(settings)
    try:
        lock.acquire()
        stack.start()
        print(banner(settings), flush=True)
        return run_stack_until_stopped(stack)
    except StackError as exc:
        print(f"civicdesk: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        lock.release()


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from civicdesk.embedded import wait_for

    stack = Stack(settings)
    # In docker compose the services may still be starting: retry for up to two minutes.
    wait_for(lambda: stack.prepare() is None, 120, "Kafka and Elasticsearch", interval=2)
    print(f"topics and index ready on {settings.kafka_servers} and {settings.es_url}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from civicdesk.embedded import uvicorn_options
    from civicdesk.service import create_app

    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                **uvicorn_options(access_log=settings.http_access_log, log_level=settings.log_level))
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from streams.app import run_worker

    return run_worker(settings)


def cmd_sink(args: argparse.Namespace, settings: Settings) -> int:
    from sinks.es_sink import run_sink

    return run_sink(settings)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from civicdesk.demo import run_demo

    return run_demo(settings, keep=args.keep, limit=args.limit)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from civicdesk.stats import collect

    acc = collect(settings)
    print(json.dumps(acc.to_dict(), indent=2) if args.json else acc.render())
    return 0 if acc.reconciles else 1


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from schemas.json_schema import committed_path, current_schema_text

    text = current_schema_text()
    if args.write:
        committed_path().write_text(text, encoding="utf-8")
        print(f"wrote {committed_path()}")
    else:
        print(text)
    return 0
