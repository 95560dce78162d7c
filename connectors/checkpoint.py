"""Durable poller positions (since_id, IMAP UIDVALIDITY + last UID, Telegram offset) in the
data directory: one small JSON file per poller, replaced atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class Checkpoint:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path, name: str) -> "Checkpoint":
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        return cls(data_dir / "checkpoints" / f"{safe}.json")

    def load(self) -> dict[str, Any]:
        try:
            value = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        return value if isinstance(value, dict) else {}

    def save(self, state: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(state, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)  # atomic: a crash leaves the old or the new checkpoint, never half
