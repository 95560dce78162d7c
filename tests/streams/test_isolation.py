"""A record that trips an unexpected error is set aside (dead-lettered) and its batch goes on;
Retry and Fatal keep their meaning and stop the batch."""

import asyncio

import pytest

from civicdesk.errors import Fatal, Retry
from streams.isolation import MAX_REASON, each_isolated, map_isolated, unexpected_reason


def run(coro):
    return asyncio.run(coro)


def test_one_failing_record_is_handed_over_and_the_others_still_run():
    done, set_aside = [], []

    async def work(x):
        if x == "poison":
            raise KeyError("citizen")
        done.append(x)

    async def on_error(x, exc):
        set_aside.append((x, unexpected_reason("stream:intake", exc)))

    failed = run(each_isolated(["a", "poison", "b"], work, on_error))
    assert failed == 1 and done == ["a", "b"]
    [(item, reason)] = set_aside
    assert item == "poison" and reason.startswith("stream:intake: unexpected error") and "KeyError" in reason


@pytest.mark.parametrize("exc", [Retry("broker down"), Fatal("cannot deliver")])
def test_retry_and_fatal_are_not_swallowed(exc):
    async def work(x):
        raise exc

    async def on_error(x, e):  # pragma: no cover - must not be called
        raise AssertionError("dead-lettered a record that was not at fault")

    with pytest.raises(type(exc)):
        run(each_isolated([1], work, on_error))


def test_a_batch_call_that_fails_is_retried_per_item_to_find_the_culprit():
    calls = []

    def classify(items):
        calls.append(list(items))
        if "boom" in items:
            raise ValueError("tokeniser broke on " + "boom")
        return [x.upper() for x in items]

    out = map_isolated(["a", "boom", "c"], classify)
    assert out[0] == "A" and out[2] == "C" and isinstance(out[1], ValueError)
    assert calls[0] == ["a", "boom", "c"] and len(calls) == 4  # one batch call, then one per item
    assert map_isolated(["x", "y"], classify) == ["X", "Y"]  # the fast path: one call


def test_reasons_stay_readable_in_size():
    assert len(unexpected_reason("stream:route", ValueError("x" * 10_000))) == MAX_REASON
