"""Batched agents set the current event per event themselves (streams.faust_tables.processing):
a table write inside lands on that event's partition, and expiry only deletes keys written
from the partition being processed."""

from types import SimpleNamespace

from faust import current_event

from streams.faust_tables import PartitionScopedTable, processing


class Event:
    """What the table reads of a Faust event (weak-referenceable, as Faust's events are)."""

    def __init__(self, partition: int) -> None:
        self.message = SimpleNamespace(partition=partition)


def event(partition: int) -> Event:
    return Event(partition)


def test_each_event_of_a_batch_is_current_only_inside_its_own_block():
    first, second = event(0), event(5)
    with processing(first):
        assert current_event() is first
        with processing(second):
            assert current_event() is second
        assert current_event() is first
    assert current_event() is None


def test_writes_remember_the_partition_of_their_event_and_only_it_deletes_them():
    store: dict = {}
    table = PartitionScopedTable(store)
    for partition, key in ((1, "a"), (2, "b")):
        with processing(event(partition)):
            table[key] = {"n": partition}
    assert store == {"a": [1, {"n": 1}], "b": [2, {"n": 2}]}
    assert sorted(table.items()) == [("a", {"n": 1}), ("b", {"n": 2})]
    with processing(event(1)):
        del table["a"]
        del table["b"]  # written from partition 2: its tombstone would land on the wrong partition
    assert list(store) == ["b"]
