"""The Faust application. Two agents (and the lifecycle agent), each only moving data;
decisions are pure modules.

    requests.raw (key: citizen id)
      └─ intake        validate (invalid -> requests.dlq), classify (streams.enrich), then on the
                       same partition: redelivery (drop, count), citizen linking, same citizen
                       within 48 h (citizen-keyed tables)
           ├─ duplicate -> requests.classified + requests.duplicates (not routed again)
           └─ civicdesk-stage-incidents (repartitioned, key: department + neighbourhood)
                └─ route   near-duplicate reports of one incident within 24 h; route
                             -> requests.classified, requests.dept.<d>, requests.urgent,
                                requests.social, requests.duplicates

Both agents take batches (`take_events`, up to TAKE_MAX events or TAKE_WITHIN seconds): one
classifier call per batch, outputs produced without an await per message
(streams.batch_producer), flushed before each offset commit. Faust files a table write
under the partition of the *current event*; in a batch, each event's decisions run inside
`processing(event)` (streams.faust_tables), so its state lands on its own changelog partition
(tests/streams/test_worker_failover.py). The batch is acknowledged when the agent asks for the
next one, after all its outputs were produced (`run_to_completion`); the producers are
flushed when Faust starts a commit, before it picks the offsets.
A separate classify stage before dedup was tried and removed: it cost a Kafka round trip per
request. The route stage is fed even with a backlog on requests.raw because a fetch returns at
most FETCH_MAX_RECORDS: Faust delivers a fetch in full before the next one and blocks on a
full intake buffer, so a large raw fetch kept the stage topic waiting behind it.
Built by `create_app(settings)`: config is injected, nothing is read at import.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import faust
from pydantic import ValidationError

from civicdesk import metrics
from civicdesk.errors import DeadLetter as DeadLetterError
from civicdesk.kafka import header_value, standard_headers
from civicdesk.settings import Settings
from schemas import topics
from schemas.events import DeadLetter
from schemas.links import Link
from schemas.request import CitizenRequest, Status, describe_validation_error
from streams.dedup import IncidentMatcher, RedeliveryFilter, SameCitizenDedup, incident_key
from streams.batch_producer import BatchProducer, FlushBeforeCommit
from streams.enrich import classify_requests
from streams.faust_tables import PartitionScopedTable, changelog_via, processing, run_to_completion
from streams.identity import CitizenLinker
from streams.isolation import each_isolated, map_isolated, unexpected_reason
from streams.lifecycle_agent import register_lifecycle
from streams.pipeline import Outcome
from streams.report import Report
from streams.routing import route_request
from streams.satisfaction_agent import register_satisfaction
from streams.similarity import signature

log = logging.getLogger(__name__)

STAGE_INCIDENTS = "civicdesk-stage-incidents"
# Expired dedup state is swept every 10 minutes of processing; windows are 24 h to 7 days.
SWEEP_SECONDS = 600.0
# 500 events or 20 ms, whichever first: 500 amortises the classifier call and Faust's per-batch
# cost (~2 ms) to a few us per request; 20 ms per stage keeps two stages plus the sink well
# inside the 200 ms p99 for requests.urgent at 200 req/s (batches of ~4 there).
TAKE_MAX = 500
TAKE_WITHIN = 0.02
# Records per fetch. Faust hands a fetch to the agents record by record and waits when an
# agent's buffer (4096) is full, so with a raw backlog an unbounded fetch (aiokafka: all that is
# buffered, ~1 MB per partition) made the route stage wait behind thousands of raw requests
# (0.4 req/s routed in bench/results/stream-2026-11-23T1648.json). 500 stays under the 820
# records of headroom left when Faust pauses a partition (4096 - 4096 / 1.25).
FETCH_MAX_RECORDS = 500
PRODUCER_BATCH_BYTES = 256 * 1024
RAW = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def create_app(settings: Settings) -> faust.App:
    from classifiers import load_classifier

    classifier = load_classifier(settings.taxonomy_profile)
    departments = set(classifier.taxonomy.department_codes)
    app = faust.App(
        settings.faust_app_id,
        broker=f"kafka://{settings.kafka_servers}",
        store=settings.faust_store,
        processing_guarantee=settings.processing_guarantee,
        # Tables (dedup state) serialise JSON; every topic below says raw bytes explicitly.
        value_serializer="json",
        key_serializer="json",
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=True,
        web_enabled=settings.worker_web_port > 0,
        web_port=settings.worker_web_port or 6066,
        web_host="127.0.0.1",
        # Commit every 2.8 s (Faust's default) while heartbeating every session/20: a worker then
        # learns of a rebalance from a heartbeat before its next commit fails with an illegal
        # generation, which would make it rejoin as a new member (slow on some brokers).
        broker_commit_interval=2.8,
        broker_session_timeout=settings.kafka_session_timeout,
        broker_heartbeat_interval=max(0.3, min(3.0, settings.kafka_session_timeout / 20)),
        producer_linger_ms=5,
        # aiokafka keeps one open batch per partition and makes a send wait while it is full:
        # at Faust's 16 KB (~7 raw requests) every few sends waited a broker round trip, and
        # flushing 100 messages took 0.25-0.6 s. 256 KB holds a batch's worth per partition.
        producer_max_batch_size=PRODUCER_BATCH_BYTES,
        broker_max_poll_records=FETCH_MAX_RECORDS,
        table_cleanup_interval=60.0,
        # Faust keeps table stores and its own files here (default: "<app id>-data" in the cwd).
        datadir=str(settings.data_dir / "faust"),
        logging_config=None,
    )
    raw_topic = app.topic(topics.RAW, allow_empty=True, **RAW)
    incident_topic = app.topic(STAGE_INCIDENTS, internal=True, **RAW,
                               partitions=settings.topic_partitions)
    out: dict[str, faust.TopicT] = {}

    def topic(name: str) -> faust.TopicT:
        if name not in out:
            out[name] = app.topic(name, **RAW)
        return out[name]

    # Outputs and the changelogs of the tables below never wait per message. At least once:
    # through confluent-kafka (streams.batch_producer: ~40 us of aiokafka Python per output
    # message and ~0.25 ms per changelog write saved), flushed when Faust starts an offset
    # commit (FlushBeforeCommit). Exactly once: Faust's producer, whose transaction must hold
    # them all.
    via_faust = settings.processing_guarantee == "exactly_once"
    outputs = None if via_faust else BatchProducer(settings.kafka_servers, client_id=f"{settings.faust_app_id}-worker")
    own_tables: list = []  # tables whose acknowledged changelog offsets we hand to their store

    def table(name: str, global_: bool = False) -> PartitionScopedTable:
        if outputs is None:
            factory = app.GlobalTable if global_ else app.Table
            return PartitionScopedTable(factory(name, default=None, partitions=settings.topic_partitions))
        own_tables.append(changelog_via(app, outputs, name, partitions=settings.topic_partitions, global_=global_))
        return PartitionScopedTable(own_tables[-1])

    # Keyed like requests.raw (citizen id): redeliveries and one phone's messages stay local.
    redelivery = RedeliveryFilter(table("redelivery"))
    same_citizen = SameCitizenDedup(table("recent-by-person"))
    # A person may write from a phone and an email, which hash to different partitions: the
    # identity links are a GlobalTable every worker reads in full.
    linker = CitizenLinker(table("citizens", global_=True))
    incidents = IncidentMatcher(table("incidents"))
    # request id -> revision routed; guards the routing stage against replays. Swept with the
    # incidents (24 h): a replay comes within minutes, and older ones hit the redelivery filter.
    routed = table("routed")
    recent_routes: set[str] = set()  # routed since the last sweep (kept one more period)
    sweep_due = {"dedup": 0.0, "incidents": 0.0, "citizens": 0.0}

    def send(name: str, value: bytes, key: bytes | None = None, headers: list | None = None) -> None:
        if outputs is None:
            topic(name).send_soon(key=key, value=value, headers=headers)
        else:
            outputs.produce(name, value, key, headers)

    def persist_offsets() -> None:
        for t in own_tables:
            t.persist_offsets()

    if outputs is not None:
        app.sensors.add(FlushBeforeCommit(outputs, after_flush=persist_offsets))

    async def flush_sends() -> None:
        """At the end of a batch: what went to Faust's producer buffer (exactly once, or a
        hook's send) is handed to the Kafka client, keeping that buffer small."""
        await app.producer.buffer.flush()

    # They stay `async` for the hooks that are given them (streams.satisfaction_intake).
    async def dead_letter(stage: str, reason: str, raw: bytes, source: str, trace: str | None,
                          request_id: str | None = None) -> None:
        letter = DeadLetter.of(stage, reason, raw, source=source, request_id=request_id)
        send(topics.DLQ, letter.to_json(), headers=standard_headers(trace, stage=stage))

    def send_classified_soon(req: CitizenRequest, trace: str | None) -> None:
        send(topics.CLASSIFIED, req.to_json(), req.request_id.encode(),
             standard_headers(trace, department=req.department, urgency=req.urgency.value if req.urgency else None))

    async def send_classified(req: CitizenRequest, trace: str | None) -> None:
        send_classified_soon(req, trace)

    def link(record: Link, trace: str | None) -> None:
        send(topics.DUPLICATES, record.to_json(), record.request_id.encode(), standard_headers(trace, kind=record.kind))

    def stage_for_routing(req: CitizenRequest, key: str, trace: str | None, source: str | None = None) -> None:
        send(STAGE_INCIDENTS, req.to_json(), key.encode(),
             standard_headers(trace, source=source) if source else standard_headers(trace))

    answers = register_satisfaction(app, settings, topic, send_classified, redelivery, RAW)

    async def parse_one(event) -> tuple[CitizenRequest, str | None, str] | None:  # type: ignore[no-untyped-def]
        """A raw event as (request, trace id, source), or None when it is dead-lettered."""
        value = event.value or b""
        trace = header_value(event.headers, "trace-id")
        source = f"{event.message.partition}@{event.message.offset}"
        try:
            req = CitizenRequest.from_json(value)
        except ValidationError as exc:
            await dead_letter("stream:validate", describe_validation_error(exc), value,
                              f"{topics.RAW}[{source}]", trace)
            return None
        return req, trace, source

    async def intake_batch(events) -> None:  # type: ignore[no-untyped-def]
        """Validate a batch, classify it in one call, then deduplicate event by event (same
        partition, same key), each under its own event so its table writes file correctly."""
        parsed = []

        async def parse(event) -> None:  # type: ignore[no-untyped-def]
            with processing(event):
                found = await parse_one(event)
            if found is not None:
                parsed.append((event, *found))

        await each_isolated(events, parse, isolate_raw)
        # One classifier call for the batch; only if it raises, one call per request, so a
        # message that breaks the classifier is dead-lettered alone (streams/isolation.py).
        classified = map_isolated([req for _, req, _, _ in parsed], lambda reqs: classify_requests(classifier, reqs))

        async def dedup(item) -> None:  # type: ignore[no-untyped-def]
            (event, _, trace, source), req = item
            if isinstance(req, Exception):
                raise req
            with processing(event):
                await dedup_one(req, trace, source)

        async def isolate_item(item, exc: Exception) -> None:  # type: ignore[no-untyped-def]
            await isolate_raw(item[0][0], exc)

        await each_isolated(list(zip(parsed, classified)), dedup, isolate_item)
        await flush_sends()

    async def isolate_raw(event, exc: Exception) -> None:  # type: ignore[no-untyped-def]
        with processing(event):
            await dead_letter("stream:intake", unexpected_reason("stream:intake", exc), event.value or b"",
                              f"{topics.RAW}[{event.message.partition}@{event.message.offset}]",
                              header_value(event.headers, "trace-id"))

    @app.agent(raw_topic)
    async def intake(stream: faust.StreamT) -> None:
        async for events in stream.take_events(TAKE_MAX, within=TAKE_WITHIN):
            await run_to_completion(intake_batch(events))

    async def dedup_one(req: CitizenRequest, trace: str | None, source: str) -> None:
        if await answers.take(req, trace, source):
            return  # a citizen's 1-5 answer to a satisfaction check: indexed, not routed
        report = Report.from_request(req)
        previous = redelivery.previous(report)
        if previous is not None:
            decided = previous[2] or {}
            if decided.get("source") == source:
                # Our own replay (a rebalance or restart before the offset commit). The
                # outputs may not have left before the stop, so send them again: every one
                # is idempotent downstream (the routing stage skips what it routed).
                if decided.get("outcome") == Outcome.duplicate.value:
                    send_classified_soon(req.model_copy(update={"duplicate_of": decided.get("duplicate_of")}), trace)
                else:
                    stage_for_routing(req, incident_key(report) or req.request_id, trace, source)
                return
            redelivery.dropped += 1
            link(Link(kind="redelivery", request_id=req.request_id, at=utc_now(), source=source), trace)
            return
        person = linker.observe(report.identities, report.linked_identities(), at=report.at)
        sig = signature(report.text, report.language)
        match = same_citizen.check(report, person.all_ids, sig)
        if match is not None:
            redelivery.remember(report, {"outcome": Outcome.duplicate.value, "duplicate_of": match.duplicate_of,
                                         "source": source})
            # Our own ids, already valid: a copy, not a re-validation (~40 us).
            dup = req.model_copy(update={"duplicate_of": match.duplicate_of, "incident_id": match.incident_id})
            # Indexed (searchable, linked to the first request) but not routed again.
            send_classified_soon(dup, trace)
            link(Link(kind="duplicate", request_id=req.request_id, duplicate_of=match.duplicate_of,
                            department=req.department, at=utc_now()), trace)
        else:
            same_citizen.remember(report, person.id, sig, None)
            redelivery.remember(report, {"outcome": "pending", "source": source})
            stage_for_routing(req, incident_key(report) or req.request_id, trace)
        if report.at - sweep_due["dedup"] > SWEEP_SECONDS:
            sweep_due["dedup"] = report.at
            redelivery.sweep(report.at)
            same_citizen.sweep(report.at)
        if report.at - sweep_due["citizens"] > 86_400.0:
            # Links live a year: a daily pass over the whole (global) table is plenty.
            sweep_due["citizens"] = report.at
            linker.sweep(report.at)

    def route_one(event) -> None:  # type: ignore[no-untyped-def]
        trace = header_value(event.headers, "trace-id")
        req = CitizenRequest.from_json(event.value)
        if routed.get(req.request_id) == req.revision:
            return  # a replay after a rebalance or restart: routed already
        report = Report.from_request(req)
        match = incidents.observe(report, signature(report.text, report.language))
        if match.joined:
            req = req.model_copy(update={"incident_id": match.incident_id})
            link(Link(kind="incident", request_id=req.request_id, incident_id=match.incident_id,
                            first_request_id=match.first_request_id, reports=match.report_count,
                            department=req.department, at=utc_now()), trace)
        else:
            # A lone report carries no incident id; the sink adds it to this first report
            # when a second citizen's report joins (the `incident` link above).
            req = req.model_copy(update={"status": Status.routed})
        try:
            routes = route_request(req, departments, incident_update=match.joined, reports=match.report_count,
                                   first_request_id=match.first_request_id, incident_id=match.incident_id)
        except DeadLetterError as exc:
            source = f"{STAGE_INCIDENTS}[{event.message.partition}]@{event.message.offset}"
            letter = DeadLetter.of("stream:route", exc.reason, event.value, source=source, request_id=req.request_id)
            send(topics.DLQ, letter.to_json(), headers=standard_headers(trace, stage="stream:route"))
            return
        send_classified_soon(req, trace)
        for r in routes:
            send(r.topic, r.value, r.key, r.headers(trace))
        # Marked after the sends: a crash in between routes twice rather than never.
        routed[req.request_id] = req.revision
        recent_routes.add(req.request_id)
        metrics.WEBHOOK_TO_ROUTED.labels(req.urgency.value if req.urgency else "normal").observe(
            max(0.0, (utc_now() - req.received_at).total_seconds()))
        if report.at - sweep_due["incidents"] > SWEEP_SECONDS:
            sweep_due["incidents"] = report.at
            incidents.sweep(report.at)
            for key in [k for k in routed if k not in recent_routes]:
                del routed[key]
            recent_routes.clear()

    async def route_batch(events) -> None:  # type: ignore[no-untyped-def]
        async def one(event) -> None:  # type: ignore[no-untyped-def]
            with processing(event):
                route_one(event)

        async def isolate(event, exc: Exception) -> None:  # type: ignore[no-untyped-def]
            source = f"{STAGE_INCIDENTS}[{event.message.partition}]@{event.message.offset}"
            letter = DeadLetter.of("stream:route", unexpected_reason("stream:route", exc), event.value or b"",
                                   source=source)
            with processing(event):
                send(topics.DLQ, letter.to_json(),
                     headers=standard_headers(header_value(event.headers, "trace-id"), stage="stream:route"))

        await each_isolated(events, one, isolate)
        await flush_sends()

    @app.agent(incident_topic)
    async def route(stream: faust.StreamT) -> None:
        async for events in stream.take_events(TAKE_MAX, within=TAKE_WITHIN):
            await run_to_completion(route_batch(events))

    register_lifecycle(app, settings, classifier.taxonomy, topic, dead_letter, RAW)
    return app


def run_worker(settings: Settings) -> int:
    from faust.worker import Worker as FaustWorker

    class Worker(FaustWorker):  # named so: its lines read "[^Worker]: Ready"
        def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
            super().on_setup_root_logger(logger, level)
            if level == logging.INFO:
                # Faust and mode log each of their ~70 services starting and stopping at INFO
                # (~280 lines per worker run): at INFO an operator wants civicdesk's own lines
                # and the libraries' warnings. DEBUG still shows everything. Our own mode
                # services (tables writing through the batch producer, the commit sensor)
                # log their start and stop the same way.
                for name in ("faust", "mode", "aiokafka", "streams.faust_tables", "streams.batch_producer"):
                    logging.getLogger(name).setLevel(logging.WARNING)
                # The worker's own few lines stay ("[^Worker]: Ready"), and so does table
                # recovery after a rebalance ("Worker ready" once a takeover is done): operators
                # and the failover test wait for them.
                for name in ("faust.worker", "faust.tables.recovery"):
                    logging.getLogger(name).setLevel(logging.INFO)
                # ...but not recovery's offset tables (one line per changelog partition).
                logging.getLogger("faust.tables.recovery").addFilter(lambda r: "\n" not in r.getMessage())

    (settings.data_dir / "faust").mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    metrics.serve_metrics(settings.worker_metrics_port)
    worker = Worker(app, loglevel=settings.log_level.lower(), quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()
    return 0
