"""The decision modules of streams/ are a pure core: no broker, stream-framework or search
client may be imported by them (directly or through what they import)."""

import subprocess
import sys

PURE = ["streams.identity", "streams.textfold", "streams.concepts", "streams.similarity", "streams.report",
        "streams.dedup", "streams.pipeline", "streams.routing", "streams.lifecycle", "streams.sla",
        "streams.satisfaction", "streams.cluster", "streams.state_size"]
FORBIDDEN = ("faust", "confluent_kafka", "aiokafka", "kafka", "elasticsearch", "elastic_transport", "httpx")


def test_decision_modules_import_no_kafka_faust_or_elasticsearch():
    code = (f"import sys\nfor m in {PURE!r}: __import__(m)\n"
            f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({FORBIDDEN!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
