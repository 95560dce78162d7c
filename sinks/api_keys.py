"""The supervisor key `civicdesk up` creates when none is configured, so a newcomer is never
locked out and the API is never unprotected. Kept in `<data_dir>/api-keys.json` (0600)."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from civicdesk.settings import Settings

FILE_NAME = "api-keys.json"


def keys_path(settings: Settings) -> Path:
    return settings.data_dir / FILE_NAME


def dev_api_keys(settings: Settings) -> dict[str, str]:
    """settings.api_keys when configured; else the stored (or a newly created) supervisor key."""
    if settings.api_keys:
        return dict(settings.api_keys)
    path = keys_path(settings)
    if path.exists():
        stored = json.loads(path.read_text("utf-8"))
        if stored:
            return stored
    # 32 bytes from the OS CSPRNG: 256 bits, not guessable.
    stored = {secrets.token_urlsafe(32): "supervisor"}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2), "utf-8")
    path.chmod(0o600)
    return stored


def supervisor_key(keys: dict[str, str]) -> str | None:
    return next((k for k, role in keys.items() if role == "supervisor"), None)
