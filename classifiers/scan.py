"""One pass over a batch's tokens: model feature ids, rule hits and language evidence.

Every distinct token gets an integer id once; what a token contributes is stored in arrays
indexed by that id (its word/stem/n-gram feature ids as CSR rows, its tr/en/el
log-odds, whether it can start a rule phrase). A batch of 1,000 messages is then a few
numpy gathers: the token ids of the whole batch, their feature ids, the bigram ids
(pairs of neighbouring token ids looked up with one `searchsorted`), the language
sums (`bincount`) and the n-gram scores (one cached score vector per distinct token,
summed per message with `np.add.reduceat`). Python only visits the ~1 token in 5 that can start a rule phrase.
Measured on the dev box (CPU time, 20,000 messages): the per-token Python loop this
replaces cost ~20 us per message, this ~6 us; tests/classifiers/test_scan.py checks the
ids, hits and languages against the plain paths (`message_features`, `PhraseMatcher.find`,
`LanguageModel.detect`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Callable, Sequence

import numpy as np

from classifiers.features import FeatureIndexer
from classifiers.rules import Hit, PhraseMatcher, stem_ok

# Distinct tokens remembered per script before the tables are rebuilt. Citizen vocabulary
# is Zipfian: 100,000 tokens cover a day's traffic in ~10 MB of arrays.
CACHE_LIMIT = 100_000

Evidence = Callable[[str], "tuple[float, float, float] | None"]
_Multi = tuple[tuple[str, ...], Hit, "int | None"]


@dataclass
class BatchScan:
    """Scan of n messages: feature (row, column) pairs, rule hits per message, language sums."""
    rows: np.ndarray  # message index of each feature occurrence (duplicates possible: features are binary)
    cols: np.ndarray  # feature id
    dept_hits: list[list[Hit]]  # per message: department keyword hits, in text order, each once
    cue_hits: list[list[Hit]]  # per message: urgency and type cue hits, in text order, each once
    language: np.ndarray  # (n, 3): summed (tr, en, el) log-odds
    ngram_scores: np.ndarray | None  # (n, n_outputs): n-gram weights summed over distinct words


class Scanner:
    def __init__(self, matcher: PhraseMatcher, indexer: FeatureIndexer | None,
                 evidence: Evidence | None = None, weights: np.ndarray | None = None) -> None:
        """weights: the model's (n_features, n_outputs) matrix; each distinct token's n-gram
        weights are summed once into a cached score vector (n-grams are counts, features.py)."""
        self.matcher = matcher
        self.indexer = indexer
        self.evidence = evidence
        self.weights = weights
        self._reset()

    # -- token table ---------------------------------------------------------------------
    def _reset(self) -> None:
        self._tid: dict[str, int] = {}
        # per token id: (department singles, cue singles, multi-word phrases it may start) or None
        self._rules: list[tuple[tuple[Hit, ...], tuple[Hit, ...], tuple[_Multi, ...]] | None] = []
        self._pairs: dict[tuple[int, int], tuple[_Multi, ...]] = {}
        self._n = 0
        cap = 4096
        self._ptr = np.zeros(cap + 1, dtype=np.int64)
        self._idx = np.zeros(cap * 4, dtype=np.int32)
        self._lang = np.zeros((cap, 3), dtype=np.float64)
        self._has_rule = np.zeros(cap, dtype=bool)
        self._gram = np.zeros((cap, self.weights.shape[1] if self.weights is not None else 0), dtype=np.float32)
        # bigrams: (first token id << 32 | second token id) sorted, with their feature ids
        keys, vals = [], []
        if self.indexer is not None:
            for first, seconds in self.indexer.bigram_table().items():
                a = self._id(first)
                for second, fid in seconds.items():
                    keys.append((a << 32) | self._id(second))
                    vals.append(fid)
        order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
        self._bkeys = np.array(keys, dtype=np.int64)[order]
        self._bvals = np.array(vals, dtype=np.int64)[order]

    def _id(self, tok: str) -> int:
        tid = self._tid.get(tok)
        return tid if tid is not None else self._add(tok)

    def _add(self, tok: str) -> int:
        cands = self.matcher.candidates(tok)
        singles = tuple(hit for stems, hit in cands if len(stems) == 1)
        multis = tuple((stems, hit, self._hit_id(hit)) for stems, hit in cands if len(stems) > 1)
        ids: tuple[int, ...] = ()
        if self.indexer is not None:
            ids = self.indexer.token_ids(tok) + tuple(i for i in map(self._hit_id, singles) if i is not None)
        lang = self.evidence(tok) if self.evidence is not None else None
        tid = self._n
        if tid + 1 >= len(self._lang):
            self._grow_rows()
        start = int(self._ptr[tid])
        if start + len(ids) > len(self._idx):
            self._idx = np.concatenate([self._idx, np.zeros(max(len(self._idx), len(ids)), dtype=np.int32)])
        self._idx[start:start + len(ids)] = ids
        self._ptr[tid + 1] = start + len(ids)
        if lang is not None:
            self._lang[tid] = lang
        if self.weights is not None and self.indexer is not None:
            grams = self.indexer.ngram_ids(tok)
            if grams:
                self._gram[tid] = self.weights[grams].sum(axis=0)
        self._has_rule[tid] = bool(singles or multis)
        self._rules.append((tuple(h for h in singles if h.kind == "department"),
                            tuple(h for h in singles if h.kind != "department"), multis)
                           if (singles or multis) else None)
        self._tid[tok] = tid
        self._n = tid + 1
        return tid

    def _grow_rows(self) -> None:
        cap = len(self._lang) * 2
        self._ptr = np.concatenate([self._ptr, np.zeros(cap + 1 - len(self._ptr), dtype=np.int64)])
        self._lang = np.concatenate([self._lang, np.zeros((cap - len(self._lang), 3))])
        self._has_rule = np.concatenate([self._has_rule, np.zeros(cap - len(self._has_rule), dtype=bool)])
        self._gram = np.concatenate([self._gram, np.zeros((cap - len(self._gram), self._gram.shape[1]), dtype=np.float32)])

    @staticmethod
    def _second_fits(multis: tuple[_Multi, ...], nxt: str) -> tuple[_Multi, ...]:
        return tuple(c for c in multis if stem_ok(c[0][1], nxt))

    def _hit_id(self, hit: Hit) -> int | None:
        return self.indexer.hit_id(hit) if self.indexer is not None else None

    # -- batch ---------------------------------------------------------------------------
    def scan_batch(self, messages: Sequence[Sequence[str]]) -> BatchScan:
        n = len(messages)
        if self._n >= CACHE_LIMIT or len(self._pairs) >= 2 * CACHE_LIMIT:
            self._reset()
        flat = list(chain.from_iterable(messages))
        lengths = np.fromiter(map(len, messages), dtype=np.int64, count=n)
        tid_list = list(map(self._tid.get, flat))
        if None in tid_list:
            tid_list = [t if t is not None else self._id(tok) for t, tok in zip(tid_list, flat)]
        tids = np.array(tid_list, dtype=np.int64)
        msg = np.repeat(np.arange(n, dtype=np.int64), lengths)
        # feature ids of every token: a CSR row gather
        starts = self._ptr[tids]
        counts = self._ptr[tids + 1] - starts
        total = int(counts.sum())
        offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        cols = [self._idx[offsets + np.arange(total)].astype(np.int64)]
        rows = [np.repeat(msg, counts)]
        # bigrams: neighbouring tokens of the same message
        if len(tids) > 1 and len(self._bkeys):
            keys = (tids[:-1] << 32) | tids[1:]
            pos = np.minimum(np.searchsorted(self._bkeys, keys), len(self._bkeys) - 1)
            found = (self._bkeys[pos] == keys) & (msg[:-1] == msg[1:])
            rows.append(msg[:-1][found])
            cols.append(self._bvals[pos[found]])
        language = np.zeros((n, 3))
        if len(tids):
            lang = self._lang[tids]
            for k in range(3):
                language[:, k] = np.bincount(msg, weights=lang[:, k], minlength=n)
        ngram_scores = None
        if self.weights is not None:
            ngram_scores = np.zeros((n, self._gram.shape[1]), dtype=np.float32)
            if len(tids):
                # distinct (message, token) pairs, sorted by message: one reduceat over their vectors
                pairs = np.unique((msg << 32) | tids)
                pm = pairs >> 32
                starts = np.flatnonzero(np.concatenate(([True], pm[1:] != pm[:-1])))
                ngram_scores[pm[starts]] = np.add.reduceat(self._gram[pairs & 0xFFFFFFFF], starts, axis=0)
        dept_hits, cue_hits, extra_rows, extra_cols = self._rule_hits(flat, tid_list, np.flatnonzero(self._has_rule[tids]).tolist(),
                                                       msg, lengths, n)
        if extra_rows:
            rows.append(np.array(extra_rows, dtype=np.int64))
            cols.append(np.array(extra_cols, dtype=np.int64))
        return BatchScan(np.concatenate(rows), np.concatenate(cols), dept_hits, cue_hits, language, ngram_scores)

    def _rule_hits(self, flat: list[str], tid_list: list[int], positions: list[int], msg: np.ndarray,
                   lengths: np.ndarray, n: int) -> tuple[list[list[Hit]], list[list[Hit]], list[int], list[int]]:
        """Rule phrases starting at the few tokens that can start one (Python, in text order):
        department hits and cue hits per message, and the rule-feature ids of multi-word phrases."""
        dept: list[list[Hit]] = [[] for _ in range(n)]
        cues: list[list[Hit]] = [[] for _ in range(n)]
        extra_rows: list[int] = []
        extra_cols: list[int] = []
        if not positions:
            return dept, cues, extra_rows, extra_cols
        ends = np.cumsum(lengths)
        msg_of = msg[positions].tolist()
        end_of = ends[msg_of].tolist()
        rules = self._rules
        pairs = self._pairs
        for p, m, end in zip(positions, msg_of, end_of):
            tid = tid_list[p]
            dept_singles, cue_singles, multis = rules[tid]  # type: ignore[misc]
            if dept_singles:
                dept[m].extend(dept_singles)
            if cue_singles:
                cues[m].extend(cue_singles)
            if not multis or p + 1 >= end:
                continue
            # phrases whose second stem fits the next token, cached per token-id pair: most
            # pairs ("the" + anything) fit none, so a position usually costs one dict lookup
            key = (tid, tid_list[p + 1])
            fitting = pairs.get(key)
            if fitting is None:
                fitting = pairs[key] = self._second_fits(multis, flat[p + 1])
            for stems, hit, hid in fitting:
                k = len(stems)
                if k > 2 and (p + k > end or not all(stem_ok(stems[j], flat[p + j]) for j in range(2, k))):
                    continue
                (dept if hit.kind == "department" else cues)[m].append(hit)
                if hid is not None:
                    extra_rows.append(m)
                    extra_cols.append(hid)
        for lists in (dept, cues):
            for m, found in enumerate(lists):
                if len(found) > 1:
                    lists[m] = list(dict.fromkeys(found))
        return dept, cues, extra_rows, extra_cols
