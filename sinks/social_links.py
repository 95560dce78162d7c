"""Keeps `social_citizen` true on every request of a person who has also written on Twitter/X,
Facebook or Instagram. The social team's role filter is that flag, so it costs nothing at query
time and cannot leak through counts. Adapter (Elasticsearch), called once per batch.

A small registry index (`<alias>-identities`, document id = canonical identity, body
{"social": bool}) answers "has this identity written on social media?" with one `mget` per
batch, a key lookup rather than a search (on the embedded engine a search scans every
document: ~2.5 s at 1M requests, an mget of 500 ids ~30 ms).

- before writing: non-social requests whose identities are registered as social (or appear on
  a social request of the same batch) are flagged;
- after writing: new identities are registered; an identity first seen on other channels and
  now on social media flags that person's earlier requests with one update_by_query. That is
  the only search, and it runs only when a person crosses over (rare), not per batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch, helpers

from schemas.request import SOCIAL_CHANNELS

SOCIAL = frozenset(c.value for c in SOCIAL_CHANNELS)
FLAG_SCRIPT = "ctx._source.social_citizen = true"
REGISTRY_MAPPING = {"dynamic": "strict", "properties": {"social": {"type": "boolean"}}}


def registry_name(alias: str) -> str:
    return f"{alias}-identities"


def ensure_registry(es: Elasticsearch, name: str) -> None:
    if not es.indices.exists(index=name):
        es.options(ignore_status=400).indices.create(index=name, mappings=REGISTRY_MAPPING,
                                                     settings={"number_of_shards": 1})


@dataclass(frozen=True)
class Registration:
    entries: dict[str, bool]  # identity -> social, to write after the batch's documents
    crossed: list[str]  # registered before as non-social, now seen on social media


class SocialLinks:
    def __init__(self, es: Elasticsearch, index: str, registry: str) -> None:
        self.es = es
        self.index = index
        self.registry = registry
        ensure_registry(es, registry)

    def flag(self, docs: list[dict[str, Any]]) -> Registration:
        """Set `social_citizen` on `docs` in place; return what to register once they are written."""
        batch: dict[str, bool] = {}
        for d in docs:
            social = d.get("channel") in SOCIAL
            for ident in d.get("identities", ()):
                batch[ident] = batch.get(ident, False) or social
        if not batch:
            return Registration({}, [])
        resp = self.es.mget(index=self.registry, ids=sorted(batch))
        known = {d["_id"]: bool(d["_source"].get("social")) for d in resp["docs"] if d.get("found")}
        social_ids = {i for i, s in batch.items() if s} | {i for i, s in known.items() if s}
        for d in docs:
            if social_ids.intersection(d.get("identities", ())):
                d["social_citizen"] = True
        entries = {i: s for i, s in batch.items() if i not in known or (s and not known[i])}
        crossed = sorted(i for i, s in batch.items() if s and i in known and not known[i])
        return Registration(entries, crossed)

    def register(self, reg: Registration) -> None:
        if reg.entries:
            helpers.bulk(self.es, ({"_op_type": "index", "_index": self.registry, "_id": i, "_source": {"social": s}}
                                   for i, s in reg.entries.items()), raise_on_error=True)
        if reg.crossed:
            self.es.update_by_query(index=self.index, conflicts="proceed", refresh=False,
                                    query={"bool": {"filter": [{"terms": {"identities": reg.crossed}}],
                                                    "must_not": [{"term": {"social_citizen": True}}]}},
                                    script={"source": FLAG_SCRIPT, "lang": "painless"})
