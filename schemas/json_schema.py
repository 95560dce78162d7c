"""The committed JSON Schema files, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.request import SCHEMA_VERSION, CitizenRequest

_DIR = Path(__file__).parent / "json"


def committed_path(version: int = SCHEMA_VERSION) -> Path:
    return _DIR / f"citizen_request.v{version}.schema.json"


def current_schema() -> dict:
    schema = CitizenRequest.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://civicdesk.example/schemas/citizen_request.v{SCHEMA_VERSION}.schema.json"
    return schema


def current_schema_text() -> str:
    return json.dumps(current_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
