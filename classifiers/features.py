"""Sparse features shared by training and prediction.

Per message, over folded tokens (Greek: over the Greek/Greeklish skeleton):
- `w:` each word; `p:`/`q:` its first 5/4 letters when longer, a cheap stemmer for Turkish
  agglutination ("cukurlar", "cukuru", "cukurdan" -> "cukur"); `b:` word bigrams;
- `k:<dept>`, `u:<label>` for each keyword, urgency-cue and type-cue rule hit, so the trained model
  learns how far to trust each rule, and the rule stays visible as a reason;
- `c:` character trigrams, only for words outside the word vocabulary (seen in < 2
  training messages): a back-off for new words and misspellings. Measured on the dev
  split: trigrams on every word lost 0.03-0.04 department macro-F1 on the generated part
  and gained 0.03-0.07 on the hand-written parts; as a back-off only, figures moved < 0.01
  (kept: it costs nothing per message, trigram ids are cached per token, and helps typos).
- `x:` a few style flags (question mark, "!!", ALL CAPS, language) the model may use or not.
"""

from __future__ import annotations

from typing import Iterable, Sequence

PREFIX = 5
# Shorter stem too: Turkish consonant softening changes the 5th letter ("kopek" -> "kopegi",
# "sokak" -> "sokagi"), the first 4 letters survive. Cached per token, so it costs nothing per message.
SHORT_PREFIX = 4


def char_trigrams(tok: str) -> list[str]:
    padded = "<" + tok + ">"
    return ["c:" + padded[i:i + 3] for i in range(len(padded) - 2)]


def message_features(toks: Sequence[str], lang: str, dept_hits: Iterable[str], urg_hits: Iterable[str],
                     raw: str, known_words: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Feature strings of one message; `known_words` (the "w:" vocabulary) decides the back-off."""
    feats = [f"x:lang:{lang}"]
    prev = None
    for tok in toks:
        feats.append("w:" + tok)
        if tok not in known_words and len(tok) > 3:
            feats.extend(char_trigrams(tok))
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

    def token_ids(self, tok: str) -> tuple[int, ...]:
        """Word and stem feature ids of one token (uncached)."""
        get = self.vocab.get
        word = get("w:" + tok)
        ids = [word]
        if word is None and len(tok) > 3:
            ids.extend(map(get, char_trigrams(tok)))
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
