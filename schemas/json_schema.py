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


# Outbound messages and their results (schemas/outbound.py), versioned on their own.
def outbound_committed_paths() -> dict[str, Path]:
    from schemas.outbound import OUTBOUND_SCHEMA_VERSION

    return {name: _DIR / f"{name}.v{OUTBOUND_SCHEMA_VERSION}.schema.json"
            for name in ("outbound_message", "outbound_result")}


def outbound_schema_texts() -> dict[str, str]:
    from schemas.outbound import OUTBOUND_SCHEMA_VERSION, OutboundMessage, OutboundResult

    texts = {}
    for name, model in (("outbound_message", OutboundMessage), ("outbound_result", OutboundResult)):
        schema = model.model_json_schema(mode="serialization")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://civicdesk.example/schemas/{name}.v{OUTBOUND_SCHEMA_VERSION}.schema.json"
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return texts


if __name__ == "__main__":  # `python -m schemas.json_schema --write`: rewrite the outbound schemas
    import sys

    for name, text in outbound_schema_texts().items():
        if "--write" in sys.argv:
            outbound_committed_paths()[name].write_text(text, encoding="utf-8")
            print(f"wrote {outbound_committed_paths()[name]}")
        else:
            print(text)
