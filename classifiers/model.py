"""The trained linear model: one weight matrix, three softmax heads (department, type, urgency).

Stored as a compressed `.npz` (no pickles: loading runs no code): the feature vocabulary
as UTF-8 bytes, weights as float16 (half the size of float32; scores move by < 1e-3, far
below the margins that decide a label), label lists, and the language-identification tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy import sparse

from classifiers.features import is_ngram
from classifiers.language import LanguageModel

MODEL_DIR = Path(__file__).parent / "models"
HEADS = ("department", "type", "urgency")


def artefact_path(profile: str) -> Path:
    return MODEL_DIR / f"{profile}.npz"


def _pack(strings: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack(arr: np.ndarray) -> list[str]:
    data = arr.tobytes().decode("utf-8")
    return data.split("\n") if data else []


@dataclass
class LinearModel:
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features, n_outputs) float32 in memory
    bias: np.ndarray  # (n_outputs,)
    labels: dict[str, list[str]]  # head -> labels, in output-column order
    language: LanguageModel
    meta: dict

    def __post_init__(self) -> None:
        self._slices: dict[str, slice] = {}
        start = 0
        for head in HEADS:
            n = len(self.labels[head])
            self._slices[head] = slice(start, start + n)
            start += n
        self._names = None

    def feature_ids(self, feats: Sequence[str]) -> list[int]:
        get = self.vocab.get
        return [i for i in map(get, feats) if i is not None]

    def design(self, rows: np.ndarray, cols: np.ndarray, n: int) -> sparse.csr_matrix:
        """Binary (n, n_features) matrix from (message, feature id) pairs; repeated pairs count once."""
        x = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                              shape=(n, self.weights.shape[0]))
        x.sum_duplicates()
        x.data[:] = 1.0
        return x

    def scores_matrix(self, x: sparse.csr_matrix, extra: np.ndarray | None = None) -> np.ndarray:
        """Raw scores (n, n_outputs): one sparse product for the three heads, plus `extra`
        (the n-gram scores the scanner adds up per distinct word)."""
        s = np.asarray(x @ self.weights) + self.bias
        return s if extra is None else s + extra

    def scores_from_features(self, messages: Sequence[Sequence[str]]) -> np.ndarray:
        """Raw scores (n, n_outputs) from feature strings, with the training semantics:
        n-grams counted, every other feature binary (the reference the fast path is tested against)."""
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        get = self.vocab.get
        for m, feats in enumerate(messages):
            counts: dict[int, float] = {}
            for f in feats:
                i = get(f)
                if i is not None:
                    counts[i] = counts.get(i, 0.0) + 1.0 if is_ngram(f) else 1.0
            rows += [m] * len(counts)
            cols += list(counts)
            data += list(counts.values())
        x = sparse.csr_matrix((np.array(data, dtype=np.float32), (rows, cols)), shape=(len(messages), self.weights.shape[0]))
        return self.scores_matrix(x)

    def probabilities(self, scores: np.ndarray) -> dict[str, np.ndarray]:
        out = {}
        for head, sl in self._slices.items():
            s = scores[:, sl]
            s = s - s.max(axis=1, keepdims=True)
            e = np.exp(s)
            out[head] = e / e.sum(axis=1, keepdims=True)
        return out

    def top_features_batch(self, x: sparse.csr_matrix, head: str, chosen: Sequence[int], k: int = 2) -> list[list[str]]:
        """Per row of the binary matrix `x`, the k features that pushed hardest towards its chosen label.

        Words, stems, bigrams and rule hits only: character n-grams ("c:kur>") and style flags
        ("x:") are evidence but not a reason a person can act on; dropping them before the
        ranking also keeps it cheap (~30 candidates per message instead of ~120).
        Vectorised over the batch (one gather and one lexsort).
        """
        if self._names is None:
            names = [""] * len(self.vocab)
            for name, i in self.vocab.items():
                names[i] = name
            self._names = names
            self._hidden = np.array([n.startswith(("x:", "c:")) for n in names], dtype=bool)
        n = x.shape[0]
        ids = x.indices.astype(np.int64)
        row_of = np.repeat(np.arange(n), np.diff(x.indptr))
        shown = ~self._hidden[ids]
        ids, row_of = ids[shown], row_of[shown]
        out: list[list[str]] = [[] for _ in range(n)]
        if len(ids) == 0:
            return out
        cols = self._slices[head].start + np.asarray(chosen, dtype=np.int64)[row_of]
        w = self.weights[ids, cols]
        positive = w > 0
        ids, row_of, w = ids[positive], row_of[positive], w[positive]
        order = np.lexsort((-w, row_of))
        row_sorted = row_of[order]
        counts = np.bincount(row_sorted, minlength=n)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        rank = np.arange(len(order)) - starts[row_sorted]
        keep = order[rank < k]  # ids are distinct within a row of a csr matrix with summed duplicates
        names = self._names
        for j, wj, r in zip(ids[keep].tolist(), w[keep].tolist(), row_of[keep].tolist()):
            out[r].append(f"{names[j]}({wj:+.2f})")
        return out

    def save(self, path: Path) -> None:
        names = [""] * len(self.vocab)
        for name, i in self.vocab.items():
            names[i] = name
        lm = self.language
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            vocab=_pack(names),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            labels=_pack([json.dumps(self.labels, ensure_ascii=False)]),
            meta=_pack([json.dumps(self.meta, ensure_ascii=False, sort_keys=True)]),
            lang_tokens=_pack(list(lm.token_logp)),
            lang_token_logp=np.array(list(lm.token_logp.values()), dtype=np.float16).reshape(-1, 3),
            lang_suffixes=_pack(list(lm.suffix_logp)),
            lang_suffix_logp=np.array(list(lm.suffix_logp.values()), dtype=np.float16).reshape(-1, 3),
            lang_default=_pack([lm.default]),
        )

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as z:
            names = _unpack(z["vocab"])
            tok = _unpack(z["lang_tokens"])
            suf = _unpack(z["lang_suffixes"])
            lm = LanguageModel(
                dict(zip(tok, z["lang_token_logp"].astype(np.float32).tolist())),
                dict(zip(suf, z["lang_suffix_logp"].astype(np.float32).tolist())),
                _unpack(z["lang_default"])[0],
            )
            return cls(
                vocab={n: i for i, n in enumerate(names)},
                weights=z["weights"].astype(np.float32),
                bias=z["bias"].astype(np.float32),
                labels=json.loads(_unpack(z["labels"])[0]),
                language=lm,
                meta=json.loads(_unpack(z["meta"])[0]),
            )
