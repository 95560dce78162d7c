"""The normalisers are pure: importing one pulls in no Kafka, HTTP framework or Elasticsearch client."""

from __future__ import annotations

import subprocess
import sys

import pytest

NORMALISERS = ["connectors.twilio.normalise", "connectors.meta.normalise", "connectors.telegram.normalise",
               "connectors.email.normalise", "connectors.twitter.normalise", "connectors.voice.normalise",
               "connectors.open311.normalise", "connectors.jsonbody", "connectors.form"]
FORBIDDEN = ("confluent_kafka", "aiokafka", "fastapi", "starlette", "elasticsearch", "uvicorn", "imaplib", "tweepy")


@pytest.mark.slow  # nine interpreters: seconds, not milliseconds
def test_normalisers_import_no_adapter_library() -> None:
    # One interpreter per module (imports accumulate in sys.modules), all started at once.
    code = "import sys, importlib; importlib.import_module(sys.argv[1]); print(','.join(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[2:]))))"
    procs = {m: subprocess.Popen([sys.executable, "-c", code, m, *FORBIDDEN], stdout=subprocess.PIPE, text=True)
             for m in NORMALISERS}
    found = {m: p.communicate(timeout=60)[0].strip() for m, p in procs.items()}
    assert all(p.returncode == 0 for p in procs.values()), found
    assert {m: v for m, v in found.items() if v} == {}
