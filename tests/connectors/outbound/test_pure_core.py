"""The decisions (schema, windows, retry policy, batch settling) import no Kafka, HTTP or SDK
module: they are tested without servers and reused by the console."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PURE = ["schemas/outbound.py", "connectors/outbound/window.py", "connectors/outbound/failures.py",
        "connectors/outbound/delivery.py", "connectors/outbound/batch.py", "connectors/outbound/sent_ids.py"]
FORBIDDEN = {"confluent_kafka", "aiokafka", "faust", "httpx", "requests", "twilio", "telegram", "tweepy",
             "smtplib", "elasticsearch"}


@pytest.mark.parametrize("path", PURE)
def test_pure_module_imports_no_io_library(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text("utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & FORBIDDEN, f"{path} imports {sorted(imported & FORBIDDEN)}"
