"""Index lifecycle: a versioned index behind an alias, created at start."""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

MAPPING_VERSION = 1


def load_mapping(version: int = MAPPING_VERSION) -> dict[str, Any]:
    text = resources.files("sinks.mappings").joinpath(f"requests.v{version}.json").read_text("utf-8")
    return json.loads(text)


def versioned_name(alias: str, version: int = MAPPING_VERSION, suffix: str = "") -> str:
    return f"{alias}-v{version}{suffix}"


def ensure_index(es: Elasticsearch, alias: str, version: int = MAPPING_VERSION) -> str:
    """Create `<alias>-v<version>` with its mapping and point the alias at it, unless the alias exists.

    Writes go through the alias, so a mapping change is a reindex into a new versioned index and
    an alias swap (`civicdesk reindex`), not downtime.
    """
    if es.indices.exists_alias(name=alias):
        current = list(es.indices.get_alias(name=alias).keys())
        return current[0]
    name = versioned_name(alias, version)
    if not es.indices.exists(index=name):
        body = load_mapping(version)
        es.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])
        log.info("created index %s", name)
    es.indices.put_alias(index=name, name=alias, is_write_index=True)
    return name
