"""`civicdesk demo` as a new user runs it: its own embedded stack, every channel's real entry
point, and an accounting that must reconcile (received = indexed + redeliveries + dead-lettered)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from civicdesk.embedded import free_port

pytestmark = pytest.mark.slow


def test_demo_ends_with_a_reconciled_summary(tmp_path: Path) -> None:
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CIVICDESK_")},
           "CIVICDESK_DATA_DIR": str(tmp_path / "data"), "CIVICDESK_HTTP_PORT": str(port),
           "CIVICDESK_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
           "CIVICDESK_EMBEDDED_KAFKA_PORT": str(free_port()), "CIVICDESK_EMBEDDED_ELASTICSEARCH_PORT": str(free_port()),
           "CIVICDESK_WORKER_WEB_PORT": "0", "CIVICDESK_WORKER_METRICS_PORT": str(free_port()),
           "CIVICDESK_SINK_METRICS_PORT": str(free_port())}
    result = subprocess.run([sys.executable, "-m", "civicdesk.cli", "demo", "--limit", "120"], env=env,
                            capture_output=True, text=True, timeout=400, cwd=tmp_path)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    searchable = re.search(r"searchable: (\d+)/(\d+)", out)
    assert searchable and searchable.group(1) == searchable.group(2) and int(searchable.group(2)) >= 100
    assert "forged signature answered 403" in out
    assert re.search(r"dropped redeliveries\s+5\b", out)
    assert "received = indexed + redeliveries + dead-lettered: reconciles" in out
    assert re.search(r"citizen typed as '0\d{3} \d{3} \d{2} \d{2}': [1-9]\d* found", out)
    # Every channel went through its own entry point.
    for channel in ("sms", "whatsapp", "email", "twitter", "telegram", "facebook", "instagram", "voice", "web"):
        assert re.search(rf"\b{channel} \d+", out), f"no {channel} requests in the summary"
