"""When to flush a batch: by count, bytes or age, whichever first. Pure; the clock is injected."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Generic, TypeVar

T = TypeVar("T")

# 500 docs or 5 MB per bulk request: Elastic's guidance is 5-15 MB per bulk; smaller keeps
# webhook-to-searchable latency low at demo rates. 200 ms bounds the wait for a partial batch.
BATCH_DOCS = 500
BATCH_BYTES = 5 * 1024 * 1024
BATCH_SECONDS = 0.2


@dataclass(frozen=True)
class BatchLimits:
    docs: int = BATCH_DOCS
    bytes: int = BATCH_BYTES
    seconds: float = BATCH_SECONDS


@dataclass
class Batch(Generic[T]):
    """Items gathered for one bulk request. The age counts from the first item, so a quiet
    topic never holds a lone message longer than `limits.seconds`."""

    limits: BatchLimits
    clock: Callable[[], float]
    items: list[T] = field(default_factory=list)
    size: int = 0
    started: float | None = None

    def add(self, item: T, nbytes: int) -> None:
        if self.started is None:
            self.started = self.clock()
        self.items.append(item)
        self.size += nbytes

    def full(self) -> bool:
        return len(self.items) >= self.limits.docs or self.size >= self.limits.bytes

    def due(self) -> bool:
        return self.full() or (self.started is not None and self.clock() - self.started >= self.limits.seconds)

    def remaining_seconds(self) -> float:
        if self.started is None:
            return self.limits.seconds
        return max(0.0, self.limits.seconds - (self.clock() - self.started))

    def room(self) -> int:
        return max(0, self.limits.docs - len(self.items))

    def take(self) -> list[T]:
        items, self.items, self.size, self.started = self.items, [], 0, None
        return items
