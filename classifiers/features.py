"""Sparse features shared by training and prediction.

Per message, over folded tokens (Greek: over the Greek/Greeklish skeleton):
- `w:` each word; `p:`/`q:` its first 5/4 letters when longer, a cheap stemmer for Turkish
  agglutination ("cukurlar", "cukuru", "cukurdan" -> "cukur"); `b:` word bigrams;
- `c:` character 3- and 4-grams inside every word longer than 3 letters ("<cuk", "kur>"):
  they carry paraphrase, inflection and misspelling ("cukr", "çukurumuz") that whole words
  miss. Their values are scaled by NGRAM_SCALE at training (see train.py) so ~90 n-grams per
  message do not drown the ~30 word features. Measured on the dev split, training on the
  corpus (macro-F1 of the raw model, generated / hand-written part): department 0.911 /
  0.847 without n-grams (trigrams only as a back-off for unknown words), 0.825 / 0.898 with
  unscaled 3-5-grams, 0.917 / 0.906 with scaled 3-4-grams; type 0.923 / 0.798 -> 0.929 / 0.869.
- `k:<dept>`, `u:<label>` for each keyword, urgency-cue and type-cue rule hit, so the trained model
  learns how far to trust each rule, and the rule stays visible as a reason;
- `x:` a few style flags (question mark, "!!", ALL CAPS, language) the model may use or not.
"""

from __future__ import annotations

from typing import Iterable, Sequence

PREFIX = 5
# Shorter stem too: Turkish consonant softening changes the 5th letter ("kopek" -> "kopegi",
# "sokak" -> "sokagi"), the first 4 letters survive. Cached per token, so it costs nothing per message.
SHORT_PREFIX = 4
NGRAM_SIZES = (3, 4)
# Words of up to 3 letters ("su", "yok", "bin") are whole-word features only.
NGRAM_MIN_WORD = 4


def char_ngrams(tok: str) -> list[str]:
    """"c:" features of one token: its padded character 3- and 4-grams ("<su>" has none)."""
    if len(tok) < NGRAM_MIN_WORD:
        return []
    padded = "<" + tok + ">"
    return ["c:" + padded[i:i + n] for n in NGRAM_SIZES for i in range(len(padded) - n + 1)]


def is_ngram(name: str) -> bool:
    """N-gram features are counts (over the distinct words of a message), every other feature
    is binary. Counts let prediction add one cached score vector per distinct word instead
    of ~90 n-gram columns per message in the sparse product (classifiers/scan.py)."""
    return name.startswith("c:")


def message_features(toks: Sequence[str], lang: str, dept_hits: Iterable[str], urg_hits: Iterable[str],
                     raw: str) -> list[str]:
    """Feature strings of one message (duplicates possible: features are binary)."""
    feats = [f"x:lang:{lang}"]
    prev = None
    seen: set[str] = set()
    for tok in toks:
        feats.append("w:" + tok)
        if tok not in seen:  # n-grams count once per distinct word of the message (see is_ngram)
            seen.add(tok)
            feats.extend(char_ngrams(tok))
        if len(tok) > PREFIX:
            feats.append("p:" + tok[:PREFIX])
        if len(tok) > SHORT_PREFIX + 1:
            feats.append("q:" + tok[:SHORT_PREFIX])
        if prev is not None:
            feats.append("b:" + prev + " " + tok)
        prev = tok
    for d in dept_hits:
        feats.append("k:" + d)
    for u in urg_hits:
        feats.append("u:" + u)
    if "?" in raw:
        feats.append("x:q")
    if "!!" in raw:
        feats.append("x:excl")
    head = raw[:80]
    if len(head) >= 6 and head.isupper():  # every cased character upper case: ALL CAPS anger
        feats.append("x:caps")
    return feats


class FeatureIndexer:
    """`message_features` mapped to vocabulary ids, split by what they depend on: per token
    (`token_ids`, cached by the scanner), per rule hit (`hit_id`), per message (`message_ids`)."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        # bigrams as first word -> second word -> id: no string is built per token pair
        self._bigram: dict[str, dict[str, int]] = {}
        for name, i in vocab.items():
            if name.startswith("b:"):
                first, second = name[2:].split(" ", 1)
                self._bigram.setdefault(first, {})[second] = i
        self._langs = {name[7:]: i for name, i in vocab.items() if name.startswith("x:lang:")}
        self._q, self._excl, self._caps = vocab.get("x:q"), vocab.get("x:excl"), vocab.get("x:caps")

    def ngram_ids(self, tok: str) -> list[int]:
        """Ids of the character n-grams of one token (repeats kept: they are counts)."""
        get = self.vocab.get
        return [i for i in map(get, char_ngrams(tok)) if i is not None]

    def token_ids(self, tok: str) -> tuple[int, ...]:
        """Word and stem feature ids of one token (uncached)."""
        get = self.vocab.get
        ids = [get("w:" + tok)]
        if len(tok) > PREFIX:
            ids.append(get("p:" + tok[:PREFIX]))
        if len(tok) > SHORT_PREFIX + 1:
            ids.append(get("q:" + tok[:SHORT_PREFIX]))
        return tuple(i for i in ids if i is not None)

    def bigram_table(self) -> dict[str, dict[str, int]]:
        """first word -> second word -> bigram feature id."""
        return self._bigram

    def hit_id(self, hit) -> int | None:
        """Feature id of a rule hit: "k:<department>" for keywords, "u:<label>" for cues."""
        return self.vocab.get(("k:" if hit.kind == "department" else "u:") + hit.label)

    def message_pairs(self, langs: Sequence[str], raws: Sequence[str]) -> tuple[list[int], list[int]]:
        """(message index, feature id) pairs of the per-message features of a batch, one
        comprehension per feature instead of a call per message."""
        rows: list[int] = []
        cols: list[int] = []
        for name, i in self._langs.items():
            found = [m for m, lang in enumerate(langs) if lang == name]
            rows += found
            cols += [i] * len(found)
        for fid, found in ((self._q, [m for m, r in enumerate(raws) if "?" in r]),
                           (self._excl, [m for m, r in enumerate(raws) if "!!" in r]),
                           (self._caps, [m for m, r in enumerate(raws) if len(r) >= 6 and r[:80].isupper()])):
            if fid is not None:
                rows += found
                cols += [fid] * len(found)
        return rows, cols

    def message_ids(self, lang: str, raw: str) -> list[int]:
        """Ids of the per-message features: language and style flags."""
        out = []
        i = self._langs.get(lang)
        if i is not None:
            out.append(i)
        if self._q is not None and "?" in raw:
            out.append(self._q)
        if self._excl is not None and "!!" in raw:
            out.append(self._excl)
        if self._caps is not None:
            head = raw[:80]
            if len(head) >= 6 and head.isupper():  # same test as message_features
                out.append(self._caps)
        return out
