"""The committed outbound JSON Schemas must match the models: the console and department
tools publish OutboundMessage from outside Python too."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import jsonschema
import pytest

from schemas.json_schema import outbound_committed_paths, outbound_schema_texts
from schemas.outbound import OutboundKind, OutboundMessage, OutboundResult, make_message_id


@pytest.mark.parametrize("name", ["outbound_message", "outbound_result"])
def test_committed_outbound_schema_matches_the_model(name: str) -> None:
    assert outbound_committed_paths()[name].read_text("utf-8") == outbound_schema_texts()[name], (
        f"schemas/json/{name}.v1.schema.json is out of date: run `python -m schemas.json_schema --write` "
        "(and bump OUTBOUND_SCHEMA_VERSION if the change is not backwards compatible)")


def test_serialised_message_and_result_validate_against_the_committed_schemas() -> None:
    at = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    message = OutboundMessage(message_id=make_message_id("r1", "reply", "k"), request_id="r1", channel="email",
                              kind=OutboundKind.reply, to="a@example.com", text="Merhaba", created_at=at,
                              in_reply_to="<x@y>", subject="Re: Çöp")
    result = OutboundResult(message_id=message.message_id, request_id="r1", channel="email", kind="reply", ok=False,
                            error="smtp 550: no such user", permanent=True, attempts=1, at=at)
    schemas = {name: json.loads(path.read_text("utf-8")) for name, path in outbound_committed_paths().items()}
    jsonschema.validate(json.loads(message.to_json()), schemas["outbound_message"])
    jsonschema.validate(json.loads(result.to_json()), schemas["outbound_result"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "channel": "sms", "text": "x"}, schemas["outbound_message"])
