"""One pass over a message's tokens: model feature ids and rule hits together.

The two used to be separate loops with two dict lookups per token each; here one cached
`TokenInfo` per distinct token carries everything a token contributes (word/stem feature
ids, the rule phrases it starts, the bigrams it can begin), so a token costs one lookup.
Measured on the dev box (CPU time): 10.5k -> 12k messages/s for the whole pipeline, same
output (tests/classifiers/test_scan.py checks the two paths agree).
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from classifiers.features import FeatureIndexer
from classifiers.rules import MIN_PREFIX_STEM, Hit, PhraseMatcher, stems_match

# Distinct tokens remembered per script; Zipfian vocabulary, ~30 MB at the limit.
CACHE_LIMIT = 100_000


class TokenInfo(NamedTuple):
    ids: tuple[int, ...]  # word and stem feature ids
    singles: tuple[Hit, ...]  # one-word phrases this token matches
    multis: tuple[tuple[tuple[str, ...], Hit], ...]  # longer phrases it may start
    following: dict[str, int] | None  # second word -> bigram feature id


class Scanner:
    def __init__(self, matcher: PhraseMatcher, indexer: FeatureIndexer | None) -> None:
        self.matcher = matcher
        self.indexer = indexer
        self._cache: dict[str, TokenInfo] = {}

    def _info(self, tok: str) -> TokenInfo:
        cands = self.matcher.candidates(tok)
        singles = tuple(hit for stems, hit in cands if len(stems) == 1)
        multis = tuple(c for c in cands if len(c[0]) > 1)
        if self.indexer is not None:
            ids = self.indexer.token_ids(tok)
            following = self.indexer.bigrams_after(tok)
        else:
            ids, following = (), None
        info = TokenInfo(ids, singles, multis, following)
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[tok] = info
        return info

    def scan(self, toks: Sequence[str]) -> tuple[list[int], list[Hit]]:
        """(feature ids of words, stems and bigrams; rule hits in text order, each once)."""
        cache = self._cache
        ids: list[int] = []
        hits: list[Hit] = []
        extend = ids.extend
        following: dict[str, int] | None = None
        n = len(toks)
        for i, tok in enumerate(toks):
            info = cache.get(tok)
            if info is None:
                info = self._info(tok)
            # plain tuple unpacking: NamedTuple attribute access costs ~4x more per field
            tok_ids, singles, multis, nxt_bigrams = info
            extend(tok_ids)
            if following is not None:
                b = following.get(tok)
                if b is not None:
                    ids.append(b)
            following = nxt_bigrams
            if singles:
                hits.extend(singles)
            if multis and i + 1 < n:
                nxt = toks[i + 1]
                for stems, hit in multis:
                    # inline check of the second stem first: most candidates fail there
                    second = stems[1]
                    if nxt != second and (len(second) < MIN_PREFIX_STEM or not nxt.startswith(second)):
                        continue
                    if len(stems) == 2 or stems_match(stems, toks, i):
                        hits.append(hit)
        if len(hits) > 1:
            hits = list(dict.fromkeys(hits))
        return ids, hits
