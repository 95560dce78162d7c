"""What a newcomer meets: the OpenAPI document, the `civicdesk search` command, and a sink that
waits for Elasticsearch instead of dropping a batch when it is unreachable."""

from __future__ import annotations

import argparse
import io
from datetime import datetime, timezone

import pytest
from elasticsearch import Elasticsearch

from civicdesk.embedded import free_port
from sinks.bulk_writer import BulkWriter
from sinks.documents import to_document
from sinks.search_cli import add_arguments, run_search
from sinks.updates import create_action
from tests.conftest import settings_for
from tests.sinks.corpus import make_request, new_index

pytestmark = pytest.mark.slow


def test_openapi_documents_every_route_with_examples_and_bearer_auth(api):
    spec = api.get("/openapi.json").json()
    for path in ("/requests", "/requests/{request_id}", "/citizens/{identity}", "/incidents/{incident_id}", "/facets"):
        assert path in spec["paths"]
    params = {p["name"]: p for p in spec["paths"]["/requests"]["get"]["parameters"]}
    for name in ("citizen", "neighbourhood", "district", "q", "department", "type", "urgency", "channel", "status",
                 "external_id", "incident_id", "needs_review", "from", "to", "near", "radius", "sort", "cursor"):
        assert name in params
    assert params["citizen"]["schema"]["examples"] == ["0532 123 45 67"]
    assert "example" in spec["paths"]["/facets"]["get"]["responses"]["200"]["content"]["application/json"]
    assert any(s.get("scheme") == "bearer" for s in spec["components"]["securitySchemes"].values())


def run_cli(noida, tmp_path, alias: str, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = io.StringIO()
    code = run_search(parser.parse_args(list(argv)), settings_for(noida, tmp_path, index_alias=alias), out)
    return code, out.getvalue()


def test_search_command_has_the_api_filters_and_roles(noida, corpus, tmp_path):
    code, text = run_cli(noida, tmp_path, corpus.index.alias, "--citizen", "0532 123 45 67")
    assert code == 0 and text.startswith("2 found (as supervisor)") and corpus.id("pipe") in text
    code, text = run_cli(noida, tmp_path, corpus.index.alias, "--role", "department:roads", "--neighbourhood",
                         "kizilay", "--json")
    assert code == 0 and '"total": 3' in text and "+90533*****43" in text and "+905339876543" not in text
    code, text = run_cli(noida, tmp_path, corpus.index.alias, "--role", "department:roads", "--facets")
    assert code == 0 and '"roads": 3' in text and "water-sewer" not in text
    code, text = run_cli(noida, tmp_path, corpus.index.alias, "--role", "admin")
    assert code == 2 and "unknown role" in text


def test_bulk_writer_backs_off_while_elasticsearch_is_unreachable_then_writes(es):
    idx = new_index(es, "retry")
    doc_req = make_request("Elasticsearch kapalıyken gelen talep")
    action = create_action(idx.alias, to_document(doc_req, datetime.now(timezone.utc)))
    down = Elasticsearch(f"http://127.0.0.1:{free_port()}", request_timeout=2, max_retries=0)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:  # Elasticsearch comes back
            writer.es = es

    writer = BulkWriter(down, sleep=sleep)
    assert writer.write([action]) == []
    assert waits == [0.5, 1.0, 2.0]
    assert es.get(index=idx.alias, id=doc_req.request_id)["found"]
