"""Fixtures for the sink and search tests: the session noida-db, a shared corpus indexed through
the sink code, and an API client per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Iterator

import httpx
import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from civicdesk.service import create_app
from schemas.events import StatusChange
from schemas.links import Link
from schemas.request import CitizenRequest
from tests.sinks.corpus import INCIDENT, T0, Indexed, corpus_batches, new_index
from tests.conftest import settings_for

KEYS = {"sup-key": "supervisor", "social-key": "social-team", "water-key": "department:water-sewer",
        "roads-key": "department:roads"}


@pytest.fixture(scope="session")
def es(noida) -> Iterator[Elasticsearch]:
    client = Elasticsearch(noida.es_url, request_timeout=30)
    yield client
    client.close()


@dataclass
class Corpus:
    index: Indexed
    requests: dict[str, CitizenRequest]

    def id(self, name: str) -> str:
        return self.requests[name].request_id

    def ids(self, *names: str) -> set[str]:
        return {self.id(n) for n in names}


@pytest.fixture(scope="session")
def corpus(es) -> Corpus:
    idx = new_index(es, "corpus")
    everything: dict[str, CitizenRequest] = {}
    for batch in corpus_batches():
        assert idx.write(requests=list(batch.values())) == []
        everything.update(batch)
    pipe, dup = everything["pipe"], everything["pipe_dup"]
    statuses = [StatusChange(request_id=pipe.request_id, status="in_progress", actor="water-sewer",
                             at=T0 + timedelta(hours=1)),
                StatusChange(request_id=everything["lamp"].request_id, status="resolved", actor="lighting",
                             at=T0 + timedelta(hours=2))]
    links = [Link(kind="incident", request_id=dup.request_id, incident_id=INCIDENT, first_request_id=pipe.request_id,
                  reports=2, at=T0 + timedelta(minutes=91)),
             Link(kind="duplicate", request_id=everything["water_again"].request_id, duplicate_of=pipe.request_id,
                  at=T0 + timedelta(minutes=11))]
    assert idx.write(statuses=statuses, links=links) == []
    return Corpus(idx, everything)


@pytest.fixture(scope="session")
def api(noida, corpus, tmp_path_factory) -> Iterator[TestClient]:
    settings = settings_for(noida, tmp_path_factory.mktemp("api"), index_alias=corpus.index.alias, api_keys=KEYS)
    with TestClient(create_app(settings)) as client:
        yield client


def as_role(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def search(api: TestClient, key: str = "sup-key", **params: object) -> httpx.Response:
    return api.get("/requests", params={k: v for k, v in params.items() if v is not None}, headers=as_role(key))


def found(api: TestClient, key: str = "sup-key", **params: object) -> set[str]:
    resp = search(api, key, size=100, **params)
    assert resp.status_code == 200, resp.text
    return {d["request_id"] for d in resp.json()["results"]}


@pytest.fixture
def api_for(noida, tmp_path):
    """An API client over another alias (tests that write must not disturb the shared corpus)."""
    clients: list[TestClient] = []

    def make(alias: str) -> TestClient:
        settings = settings_for(noida, tmp_path, index_alias=alias, api_keys=KEYS)
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)
