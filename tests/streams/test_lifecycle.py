from datetime import datetime, timedelta, timezone

import pytest

from civicdesk.errors import DeadLetter
from schemas.events import StatusChange
from schemas.request import Status
from streams.lifecycle import Lifecycle, apply

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)


def change(status, minutes, actor="water-sewer", note=None):
    return StatusChange(request_id="r1", status=status, at=T0 + timedelta(minutes=minutes), actor=actor, note=note)


def run(*statuses):
    state = Lifecycle.start("r1", T0)
    for i, s in enumerate(statuses, 1):
        state = apply(state, change(s, i))
    return state


def test_full_path_keeps_the_history():
    state = run("routed", "in_progress", "resolved", "closed")
    assert state.status is Status.closed and state.terminal
    assert [h.status.value for h in state.history] == ["received", "routed", "in_progress", "resolved", "closed"]
    assert Lifecycle.from_dict(state.to_dict()) == state


def test_reopen_and_reject_paths():
    assert run("routed", "resolved", "in_progress", "resolved").status is Status.resolved
    assert run("rejected", "closed").status is Status.closed
    assert run("routed", "in_progress", "rejected").status is Status.rejected


@pytest.mark.parametrize("path,bad,reason", [
    ((), "resolved", "invalid transition received -> resolved"),
    ((), "in_progress", "invalid transition received -> in_progress"),
    (("routed", "resolved", "closed"), "in_progress", "is closed"),
    (("rejected", "closed"), "closed", "is closed"),
    (("routed",), "received", "invalid transition routed -> received"),
    (("rejected",), "resolved", "invalid transition rejected -> resolved"),
])
def test_invalid_transitions_are_dead_lettered_with_the_reason(path, bad, reason):
    state = run(*path)
    with pytest.raises(DeadLetter, match=reason):
        apply(state, change(bad, 100))


def test_redelivered_change_is_idempotent_and_unknown_request_dead_lettered():
    state = run("routed")
    assert apply(state, change("routed", 1)) == state
    with pytest.raises(DeadLetter, match="unknown request"):
        apply(None, change("routed", 1))
