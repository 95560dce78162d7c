"""Sub-commands contributed by `connectors`:

    civicdesk ingest eml FILE...        .eml files through the email normaliser
    civicdesk ingest tweets FILE.json   a saved X API v2 response page (mentions or search)
    civicdesk email poll [--once]       the IMAP poller (IDLE where offered)
    civicdesk twitter poll [--once]     mentions + recent search with tweepy
    civicdesk telegram poll [--once]    getUpdates polling with python-telegram-bot
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from civicdesk.errors import Fatal, Retry
from civicdesk.settings import Settings, secret
from connectors.batch import BatchResult, run_with_kafka
from connectors.checkpoint import Checkpoint
from connectors.ingest import Ingestor


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's sub-commands to `civicdesk`."""
    ingest = sub.add_parser("ingest", help="ingest saved messages (.eml files, X API pages)")
    kinds = ingest.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    eml = kinds.add_parser("eml", help="ingest .eml files")
    eml.add_argument("files", nargs="+", type=Path)
    eml.set_defaults(handler=cmd_ingest_eml)
    tweets = kinds.add_parser("tweets", help="ingest a saved X API v2 response page (JSON)")
    tweets.add_argument("files", nargs="+", type=Path)
    tweets.set_defaults(handler=cmd_ingest_tweets)

    for name, handler, text in (("email", cmd_email_poll, "poll the IMAP mailbox"),
                                ("twitter", cmd_twitter_poll, "poll X mentions and recent search"),
                                ("telegram", cmd_telegram_poll, "poll Telegram getUpdates")):
        parser = sub.add_parser(name, help=text)
        actions = parser.add_subparsers(dest="action", metavar="ACTION")
        actions.required = True
        poll = actions.add_parser("poll", help=text)
        poll.add_argument("--once", action="store_true", help="one pass, then exit")
        poll.set_defaults(handler=handler)


def _ingest(settings: Settings, work: Any) -> int:
    try:
        result = run_with_kafka(settings, work)
    except Retry as exc:
        print(f"civicdesk: Kafka at {settings.kafka_servers} unavailable, nothing ingested: {exc.reason}", file=sys.stderr)
        return 1
    return _report(result)


def _report(result: BatchResult) -> int:
    print(result.summary())
    for source, reason in result.dead:
        print(f"  dead-lettered {source}: {reason}", file=sys.stderr)
    return 0


def cmd_ingest_eml(args: argparse.Namespace, settings: Settings) -> int:
    from connectors.email.files import ingest_eml, read_eml_files

    messages = read_eml_files(args.files)
    return _ingest(settings, lambda ing: ingest_eml(ing, messages, utc_now))


def cmd_ingest_tweets(args: argparse.Namespace, settings: Settings) -> int:
    from connectors.twitter.ingest import ingest_tweet_file

    async def work(ingestor: Ingestor) -> BatchResult:
        total = BatchResult()
        for path in args.files:
            result = await ingest_tweet_file(ingestor, path.read_bytes(), str(path))
            total.accepted += result.accepted
            total.ignored += result.ignored
            total.dead += result.dead
        return total

    return _ingest(settings, work)


def _run_until_signal(main: Any) -> int:
    async def runner() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await main(stop)
        except Fatal as exc:
            print(f"civicdesk: {exc}", file=sys.stderr)
            return 2
        return 0

    return asyncio.run(runner())


async def _with_producer(settings: Settings, work: Any) -> Any:
    from civicdesk.kafka import AsyncProducer, producer_config
    from connectors.ingest import KafkaIngestor

    producer = AsyncProducer(producer_config(settings.kafka_servers, **{"client.id": "civicdesk-poller"}))
    try:
        return await work(KafkaIngestor(producer))
    finally:
        producer.close()


def cmd_email_poll(args: argparse.Namespace, settings: Settings) -> int:
    from connectors.email.imap import ImapConfig, Mailbox
    from connectors.email.poller import EmailPoller

    password = secret(settings.imap_password)
    if not (settings.imap_host and settings.imap_user and password):
        print("civicdesk: set CIVICDESK_IMAP_HOST, CIVICDESK_IMAP_USER and CIVICDESK_IMAP_PASSWORD", file=sys.stderr)
        return 2
    config = ImapConfig(settings.imap_host, settings.imap_port, settings.imap_user, password, settings.imap_folder,
                        settings.imap_ssl)
    checkpoint = Checkpoint.in_data_dir(settings.data_dir, f"imap-{settings.imap_user}@{settings.imap_host}-{settings.imap_folder}")

    async def main(stop: asyncio.Event) -> None:
        async def work(ingestor: Ingestor) -> None:
            poller = EmailPoller(config, checkpoint, ingestor, now=utc_now, idle_seconds=settings.imap_idle_seconds)
            if args.once:
                mailbox = await asyncio.to_thread(Mailbox, config)
                try:
                    print((await poller.poll_once(mailbox)).summary())
                finally:
                    await asyncio.to_thread(mailbox.close)
            else:
                await poller.run(stop)

        await _with_producer(settings, work)

    return _run_until_signal(main)


def cmd_twitter_poll(args: argparse.Namespace, settings: Settings) -> int:
    from connectors.polling import poll_forever
    from connectors.twitter.ingest import ingest_tweet_page
    from connectors.twitter.poller import TwitterPoller, make_client

    token = secret(settings.twitter_bearer_token)
    if not token:
        print("civicdesk: set CIVICDESK_TWITTER_BEARER_TOKEN", file=sys.stderr)
        return 2

    async def main(stop: asyncio.Event) -> None:
        async def work(ingestor: Ingestor) -> None:
            poller = TwitterPoller(make_client(token, settings.twitter_api_url),
                                   Checkpoint.in_data_dir(settings.data_dir, "twitter-since"),
                                   lambda page, source: ingest_tweet_page(ingestor, page, source),
                                   user_id=settings.twitter_user_id, query=settings.twitter_query)
            if args.once:
                print((await poller.poll_once()).summary())
            else:
                await poll_forever("twitter", poller.poll_once, stop, settings.twitter_poll_seconds,
                                   on_pass=lambda r: print(r.summary(), flush=True))

        await _with_producer(settings, work)

    return _run_until_signal(main)


def cmd_telegram_poll(args: argparse.Namespace, settings: Settings) -> int:
    from connectors.polling import poll_forever
    from connectors.telegram.poller import TelegramPoller, make_bot

    token = secret(settings.telegram_bot_token)
    if not token:
        print("civicdesk: set CIVICDESK_TELEGRAM_BOT_TOKEN", file=sys.stderr)
        return 2

    async def main(stop: asyncio.Event) -> None:
        async def work(ingestor: Ingestor) -> None:
            async with make_bot(token, settings.telegram_base_url) as bot:
                poller = TelegramPoller(bot, Checkpoint.in_data_dir(settings.data_dir, "telegram-offset"), ingestor,
                                        now=utc_now, timeout=0 if args.once else settings.telegram_poll_timeout)
                if args.once:
                    print((await poller.poll_once()).summary())
                else:
                    # getUpdates long-polls for up to telegram_poll_timeout, so no extra wait between passes.
                    await poll_forever("telegram", poller.poll_once, stop, 0.0,
                                       on_pass=lambda r: print(r.summary(), flush=True))

        await _with_producer(settings, work)

    return _run_until_signal(main)
