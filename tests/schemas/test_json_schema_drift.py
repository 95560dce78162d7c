"""The committed JSON Schema must match the model: consumers in other languages rely on it."""

from __future__ import annotations

import json

import jsonschema
import pytest
from pydantic import ValidationError

from schemas.json_schema import committed_path, current_schema, current_schema_text
from schemas.request import Channel, Citizen, CitizenRequest, RawPayload, describe_validation_error


def test_committed_schema_matches_the_model() -> None:
    committed = committed_path().read_text("utf-8")
    assert committed == current_schema_text(), (
        "schemas/json/citizen_request.v1.schema.json is out of date: run `civicdesk schema --write` "
        "(and bump the schema version if the change is not backwards compatible)")


def test_a_serialised_request_validates_against_the_committed_schema() -> None:
    req = CitizenRequest(channel=Channel.sms, external_id="SM1", received_at="2026-03-01T09:00:00+03:00",
                         citizen=Citizen.from_identities(phone="+905321234567"), text="Çöp toplanmadı",
                         raw=RawPayload(content_type="text/plain", body="x"), department="sanitation")
    jsonschema.validate(json.loads(req.to_json()), json.loads(committed_path().read_text("utf-8")))


def test_a_document_missing_a_field_fails_the_committed_schema() -> None:
    schema = current_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "channel": "sms"}, schema)


def test_validation_errors_name_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        CitizenRequest(channel="pigeon", external_id="1", received_at="2026-03-01T09:00:00",
                       citizen={"id": "x", "phone": "0532"}, text="t", raw={"content_type": "x", "body": ""})
    message = describe_validation_error(info.value)
    assert "channel" in message and "citizen.phone" in message and "received_at" in message


def test_request_id_is_deterministic_from_channel_and_provider_id() -> None:
    a = CitizenRequest(channel="sms", external_id="SM42", received_at="2026-03-01T09:00:00Z",
                       citizen={"id": "+905321234567"}, text="a", raw={"content_type": "x", "body": ""})
    b = CitizenRequest(channel="sms", external_id="SM42", received_at="2026-03-02T09:00:00Z",
                       citizen={"id": "+905321234567"}, text="b", raw={"content_type": "x", "body": ""})
    c = CitizenRequest(channel="whatsapp", external_id="SM42", received_at="2026-03-01T09:00:00Z",
                       citizen={"id": "+905321234567"}, text="a", raw={"content_type": "x", "body": ""})
    assert a.request_id == b.request_id != c.request_id
    assert a.received_at.utcoffset().total_seconds() == 0
