"""Sparse features shared by training and prediction.

Per message, over folded tokens (Greek: over the Greek/Greeklish skeleton):
- `w:` each word; `p:` its first 5 letters when longer, a cheap stemmer for Turkish
  agglutination ("cukurlar", "cukuru", "cukurdan" -> "cukur"); `b:` word bigrams;
- `k:<dept>`, `u:<level>` for each keyword / urgency-cue rule hit, so the trained model
  learns how far to trust each rule, and the rule stays visible as a reason;
- `x:` a few style flags (question mark, "!!", ALL CAPS, language) the model may use or not.
Character n-grams were measured too (see bench/bench_classify.py notes in the report): they
cost ~3x the time for no dev-split gain over prefix stems, so they are left out.
"""

from __future__ import annotations

from typing import Iterable, Sequence

PREFIX = 5


def message_features(toks: Sequence[str], lang: str, dept_hits: Iterable[str], urg_hits: Iterable[str],
                     raw: str) -> list[str]:
    feats = [f"x:lang:{lang}"]
    prev = None
    for tok in toks:
        feats.append("w:" + tok)
        if len(tok) > PREFIX:
            feats.append("p:" + tok[:PREFIX])
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
    letters = [c for c in raw[:80] if c.isalpha()]
    if len(letters) >= 6 and all(c.isupper() for c in letters):
        feats.append("x:caps")
    return feats
