"""How many bytes deduplication state takes, as a Faust table stores it (key bytes + JSON
value bytes, the changelog / RocksDB form). bench/bench_dedup_state.py scales it to 1M."""

from __future__ import annotations

import json
from typing import Any, Iterator, Mapping, MutableMapping

from streams.pipeline import DedupTables, Deduplicator
from streams.report import Report


def value_bytes(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def serialized_bytes(table: Mapping[str, Any]) -> int:
    return sum(len(k.encode("utf-8")) + value_bytes(v) for k, v in table.items())


def table_sizes(tables: DedupTables) -> dict[str, int]:
    return {name: serialized_bytes(getattr(tables, name)) for name in ("redelivery", "citizens", "recent", "incidents")}


def estimate_state_bytes(report: Report) -> dict[str, int]:
    """Bytes one request of this shape adds to each table when it opens its own incident
    and its citizen is new (the worst case: joins and repeat citizens add less)."""
    dedup = Deduplicator()
    dedup.decide(report)
    sizes = table_sizes(dedup.tables)
    sizes["total"] = sum(sizes.values())
    return sizes


class JsonTable(MutableMapping[str, Any]):
    """A dict that keeps values as JSON bytes, like a Faust table over RocksDB: exact sizes,
    and 1M entries fit in memory. Values read back are copies, so code that mutates without
    writing back (`table[k] = v`) loses its change here exactly as it would in Faust."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> Any:
        return json.loads(self._data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self._data[key] = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def nbytes(self) -> int:
        return sum(len(k.encode("utf-8")) + len(v) for k, v in self._data.items())
