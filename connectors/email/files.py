""".eml files (or bytes) through the email normaliser: the `civicdesk ingest eml` path."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from connectors.batch import BatchResult, Payload, ingest_batch
from connectors.email.normalise import CONTENT_TYPE, normalise_email
from connectors.ingest import Ingestor


async def ingest_eml(ingestor: Ingestor, messages: Iterable[tuple[str, bytes]], now: Callable[[], datetime]) -> BatchResult:
    """`messages` are (source name, raw RFC 5322 bytes)."""
    payloads = [Payload(source, data, CONTENT_TYPE) for source, data in messages]
    return await ingest_batch(ingestor, "email", payloads, lambda p: [normalise_email(p.data, now())])


def read_eml_files(paths: Iterable[Path]) -> list[tuple[str, bytes]]:
    return [(str(path), path.read_bytes()) for path in paths]
