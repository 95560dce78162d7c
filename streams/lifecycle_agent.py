"""The lifecycle agent: status changes checked against the lifecycle, response-time targets
watched, and a satisfaction check sent when a request is resolved.

    requests.classified + requests.status + requests.corrections (all keyed by request id:
    co-partitioned, declared with the same partition count)
      └─ lifecycle   classified: start the request's lifecycle and its due time
                     status:     allowed -> requests.status.accepted (the index applies it);
                                 resolved -> satisfaction check on requests.outbound, and
                                             its pending record (streams.satisfaction_agent);
                                 not allowed -> requests.dlq with the reason
                     corrections: streams.corrections decides; re-route to the new department,
                                 notice on the old one, requests.corrections.applied (the index
                                 applies it); unknown request or invalid -> requests.dlq
    timer (sla_check_seconds): open requests past their due time -> requests.sla, once each
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable

import faust
from pydantic import ValidationError

from civicdesk.errors import DeadLetter as DeadLetterError
from civicdesk.kafka import header_value, standard_headers
from civicdesk.settings import Settings
from schemas import topics
from schemas.events import StatusChange
from schemas.request import CitizenRequest, Status, describe_validation_error
from streams.corrections import MAX_KEYS, Correction, apply_correction
from streams.faust_tables import PartitionScopedTable, run_to_completion
from streams.lifecycle import HistoryEntry, Lifecycle, apply
from streams.satisfaction import satisfaction_check
from streams.satisfaction_agent import send_pending
from streams.sla import BusinessCalendar, SlaItem, item_for, overdue

log = logging.getLogger(__name__)

DeadLetterFn = Callable[..., Awaitable[None]]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def register_lifecycle(app: faust.App, settings: Settings, taxonomy: Any, topic: Callable[[str], Any],
                       dead_letter: DeadLetterFn, raw: dict[str, Any]) -> None:
    targets = {d.code: d.response_target for d in taxonomy.departments}
    calendar = BusinessCalendar.load(settings.business_calendar)
    state = PartitionScopedTable(app.Table("lifecycle", default=None, partitions=settings.topic_partitions))
    # Breaches already published by this worker. Not durable: after a restart a breach may be
    # published once more (requests.sla is keyed by request id; consumers keep the latest).
    reported: set[str] = set()
    departments = frozenset(taxonomy.department_codes)
    source = app.topic(topics.CLASSIFIED, topics.STATUS, topics.CORRECTIONS, **raw)

    def sla_item(request_id: str, department: str, received_at: datetime) -> SlaItem:
        # The calendar counts only where the department's target is in business hours.
        return item_for(request_id, department, received_at, targets,
                        calendar if targets[department].business_hours else None)

    async def on_classified(value: bytes) -> None:
        req = CitizenRequest.from_json(value)
        if state.get(req.request_id) is not None:
            return  # a replay, or an incident/link refresh of a request already followed
        life = Lifecycle.start(req.request_id, req.received_at)
        if req.status is Status.routed:
            life = Lifecycle(req.request_id, Status.routed,
                             (*life.history, HistoryEntry(Status.routed, req.received_at, "civicdesk")))
        sla = None
        if req.department in targets and req.duplicate_of is None and req.answer_to is None:
            sla = sla_item(req.request_id, req.department, req.received_at).to_dict()
        slim = req.model_copy(update={"raw": req.raw.model_copy(update={"body": ""})})
        state[req.request_id] = {"life": life.to_dict(), "sla": sla, "request": slim.model_dump(mode="json")}

    async def on_status(value: bytes, where: str, trace: str | None) -> None:
        try:
            change = StatusChange.model_validate_json(value)
        except ValidationError as exc:
            await dead_letter("stream:status", describe_validation_error(exc), value, where, trace)
            return
        entry = state.get(change.request_id)
        current = Lifecycle.from_dict(entry["life"]) if entry else None
        try:
            after = apply(current, change)
        except DeadLetterError as exc:
            await dead_letter("stream:status", exc.reason, value, where, trace, change.request_id)
            return
        if after == current:
            return  # the same change delivered twice
        if entry.get("sla"):
            entry["sla"] = SlaItem.from_dict(entry["sla"]).with_status(after.status).to_dict()
        entry["life"] = after.to_dict()
        state[change.request_id] = entry
        await topic(topics.STATUS_ACCEPTED).send(key=change.request_id.encode(), value=change.to_json(),
                                                 headers=standard_headers(trace, status=change.status.value))
        if change.status is Status.resolved:
            try:
                check = satisfaction_check(CitizenRequest.model_validate(entry["request"]), change.at)
            except ValueError as exc:
                log.info("no satisfaction check for %s: %s", change.request_id, exc)
                return
            await topic(topics.OUTBOUND).send(key=change.request_id.encode(), value=check.to_json(),
                                              headers=standard_headers(trace, kind="satisfaction_check"))
            await send_pending(topic, entry["request"], check, trace)

    def deadline(department: str, received_at: datetime) -> datetime | None:
        if department not in targets:
            return None
        return sla_item("", department, received_at).due_at

    async def on_correction(value: bytes, where: str, trace: str | None) -> None:
        try:
            fix = Correction.model_validate_json(value)
        except ValidationError as exc:
            await dead_letter("stream:correction", describe_validation_error(exc), value, where, trace)
            return
        entry = state.get(fix.request_id)
        try:
            outcome = apply_correction(
                CitizenRequest.model_validate(entry["request"]) if entry else None, fix, departments,
                status=Status(entry["life"]["status"]) if entry else Status.received,
                applied_keys=entry.get("corrections", ()) if entry else (), deadline=deadline)
        except DeadLetterError as exc:
            await dead_letter("stream:correction", exc.reason, value, where, trace, fix.request_id)
            return
        if outcome is None:
            return  # the same correction delivered twice
        req, applied = outcome.request, outcome.applied
        for r in outcome.routes:
            await topic(r.topic).send(key=r.key, value=r.value, headers=r.headers(trace))
        await topic(topics.CORRECTIONS_APPLIED).send(key=fix.request_id.encode(), value=applied.to_json(),
                                                     headers=standard_headers(trace, department=applied.department))
        # Marked after the sends, as the routing stage does: a crash in between publishes twice
        # (the index skips a key it has) rather than never.
        sla = SlaItem.from_dict(entry["sla"]) if entry.get("sla") else None
        if applied.due_at is not None and (sla is None or sla.department != applied.department):
            # The response-time target follows the request; the new department has not been told
            # of a breach yet, so it may be reported again.
            entry["sla"] = SlaItem(req.request_id, applied.department, req.received_at, applied.due_at,
                                   Status(entry["life"]["status"])).to_dict()
            reported.discard(req.request_id)
        entry["request"] = req.model_dump(mode="json")
        entry["corrections"] = [*entry.get("corrections", ()), applied.key][-MAX_KEYS:]
        state[req.request_id] = entry

    @app.agent(source)
    async def lifecycle(stream: faust.StreamT) -> None:
        async for event in stream.events():
            await run_to_completion(handle(event))

    async def handle(event: Any) -> None:
        msg = event.message
        trace = header_value(event.headers, "trace-id")
        if msg.topic == topics.CLASSIFIED:
            try:
                await on_classified(event.value)
            except ValidationError:
                return  # the sink dead-letters undecodable records; nothing to follow here
        elif msg.topic == topics.CORRECTIONS:
            await on_correction(event.value, f"{msg.topic}[{msg.partition}]@{msg.offset}", trace)
        else:
            await on_status(event.value, f"{msg.topic}[{msg.partition}]@{msg.offset}", trace)

    @app.timer(settings.sla_check_seconds)
    async def check_targets() -> None:
        # Reads only: Faust tables may be read outside stream iteration. A failure here is
        # logged, never raised: a crashing timer would stop the whole worker.
        try:
            items = []
            for key in state:
                entry = state.get(key)
                if isinstance(entry, dict) and entry.get("sla") and key not in reported:
                    items.append(SlaItem.from_dict(entry["sla"]))
            for breach in overdue(_utc_now(), items):
                await topic(topics.SLA).send(key=breach.request_id.encode(), value=breach.to_json(),
                                             headers=standard_headers(None, department=breach.department))
                reported.add(breach.request_id)
        except Exception:  # noqa: BLE001 - see above
            log.exception("response-time check failed; retrying at the next tick")
