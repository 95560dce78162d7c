"""Near-duplicate text for incident and same-citizen matching.

A report's `Signature` is its set of lexicon concepts (concepts.py) plus a few folded
content-word stems. Two signatures are compared with a weighted *containment*
|A ∩ B| / min(|A|, |B|) rather than Jaccard |A ∩ B| / |A ∪ B|: a 12-word tweet and a
150-word email about one burst main share almost every concept of the tweet, but the
email's many extra concepts would sink a Jaccard score (measured on
tests/data/dedup_pairs.jsonl with bench/eval_dedup.py).

Signatures are small (<= 24 short strings) and JSON-friendly because they live in Faust tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Iterable

from streams.concepts import LEXICON, Concept
from streams.textfold import local_fold, tokens

# Word stems kept per report: enough for same-language paraphrase when no concept fires,
# small enough that 1M reports stay ~100 bytes each in the table.
MAX_STEMS = 12
STEM_LEN = 5
# Function words and words every complaint has (tr/el/en), so they never count as overlap.
_STOP = frozenset(local_fold(w) for w in """
ve ile bu bir da de ki mi mu cok icin gibi ama var yok en her hic daha olarak lutfen merhaba iyi gunler
sabah aksam gece gun hafta ne zaman neden nasil sokak cadde caddesi mahalle belediye sayin rica ederim
και το τα η ο οι της του των στο στη στην στον σε για με απο να δεν θα ειναι εχει εχουν παρακαλω καλημερα
σας μας οδο οδος δρομο δρομος γεια αυτο εδω πολυ μια ενα στα στις τον την τη μου σου που ποτε ολη ολα
stin sto sta den einai kai to ta tis tou ton apo gia me na tha exei poli
the a an and or of to in on at for with from is are was were be been has have it this that there please
hello dear sir madam regards street avenue since our my we you they near number
""".split())


@dataclass(frozen=True)
class _Compiled:
    exact: dict[str, tuple[Concept, ...]]
    prefixes: tuple[tuple[str, Concept], ...]
    phrases: tuple[tuple[str, Concept], ...]


@cache
def _compiled() -> _Compiled:
    exact: dict[str, list[Concept]] = {}
    prefixes: list[tuple[str, Concept]] = []
    phrases: list[tuple[str, Concept]] = []
    for concept in LEXICON:
        for entry in concept.entries:
            e = local_fold(entry)
            if " " in e:
                phrases.append((f" {e} ", concept))
            elif e.endswith("*"):
                prefixes.append((e[:-1], concept))
            else:
                exact.setdefault(e, []).append(concept)
    return _Compiled({k: tuple(v) for k, v in exact.items()}, tuple(prefixes), tuple(phrases))


BY_NAME = {c.name: c for c in LEXICON}


@cache
def _prefix_names() -> tuple[dict[str, frozenset[str]], int]:
    """Lexicon prefixes ("patla*") -> concept names, and the longest prefix length."""
    table: dict[str, set[str]] = {}
    for prefix, concept in _compiled().prefixes:
        table.setdefault(prefix, set()).add(concept.name)
    return {k: frozenset(v) for k, v in table.items()}, max((len(k) for k in table), default=0)


@lru_cache(maxsize=100_000)
def _token_concepts(tok: str) -> frozenset[str]:
    """Concepts of one folded token. Cached: words are Zipf-distributed, so after warm-up
    almost every token is a hit. A miss looks up the token's own prefixes in a dict (at most
    the longest lexicon prefix, ~12 lookups) instead of testing ~600 prefixes with startswith:
    a fresh worker, whose cache is empty, paid ~1.2 ms per new word that way."""
    names = {c.name for c in _compiled().exact.get(tok, ())}
    prefixes, longest = _prefix_names()
    for end in range(1, min(len(tok), longest) + 1):
        found = prefixes.get(tok[:end])
        if found:
            names.update(found)
    return frozenset(names)


@dataclass(frozen=True)
class Signature:
    concepts: frozenset[str]
    stems: frozenset[str]

    def to_list(self) -> list[str]:
        """Compact JSON form: concepts as "#name", stems as they are."""
        return sorted(f"#{c}" for c in self.concepts) + sorted(self.stems)

    @classmethod
    def from_list(cls, items: list[str]) -> "Signature":
        # Stored signatures are compared again with every later report of their place (up to
        # 3 per open incident, 20 per person): parsing them once saved ~120 us per request.
        return _parse_signature(tuple(items))

    # What `similarity` needs of each side, computed once per signature (a cached parse above
    # keeps the same object, so this is once per stored signature, not once per comparison).
    @cached_property
    def anchors(self) -> frozenset[str]:
        return frozenset(n for n in self.concepts if BY_NAME[n].anchor)

    @cached_property
    def public_anchors(self) -> frozenset[str]:
        return frozenset(n for n in self.anchors if not BY_NAME[n].personal)

    @cached_property
    def states(self) -> frozenset[str]:
        """What is wrong: the problems, plus the minor state "broken" (a broken bin is a
        different incident from an overflowing one even though "broken" is not specific)."""
        return frozenset(n for n in self.concepts if BY_NAME[n].kind == "problem" or n == "broken")

    @cached_property
    def weight(self) -> float:
        return _weight(self.concepts)


# 100,000 signatures x ~1 KB: the open incidents and recent requests of a busy day.
@lru_cache(maxsize=100_000)
def _parse_signature(items: tuple[str, ...]) -> Signature:
    return Signature(frozenset(i[1:] for i in items if i.startswith("#")),
                     frozenset(i for i in items if not i.startswith("#")))


def concepts_of(word_tokens: list[str]) -> tuple[set[str], set[int]]:
    """Concept names found, and the token positions they consumed."""
    found: set[str] = set()
    used: set[int] = set()
    for i, tok in enumerate(word_tokens):
        names = _token_concepts(tok)
        if names:
            found.update(names)
            used.add(i)
    joined = f" {' '.join(word_tokens)} "
    # One regex pass for all phrases (a lookahead, so overlapping phrases all match).
    for phrase in _phrase_regex().findall(joined):
        found.update(_phrase_concepts()[phrase])
    return found, used


@cache
def _phrase_concepts() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for phrase, concept in _compiled().phrases:
        table.setdefault(phrase.strip(), set()).add(concept.name)
    return table


@cache
def _phrase_regex() -> "re.Pattern[str]":
    alternatives = sorted(_phrase_concepts(), key=len, reverse=True)
    return re.compile(r"(?= (" + "|".join(re.escape(p) for p in alternatives) + r") )")


def signature(text: str, language: str | None = None) -> Signature:
    toks = tokens(text, language)
    found, used = concepts_of(toks)
    stems: list[str] = []
    for i, tok in enumerate(toks):
        if i in used or tok in _STOP or len(tok) < 3 or tok.isdigit():
            continue
        stem = tok[:STEM_LEN]
        if stem not in stems:
            stems.append(stem)
        if len(stems) >= MAX_STEMS:
            break
    return Signature(frozenset(found), frozenset(stems))


# Problems one incident is described by interchangeably: a burst main is reported as a leak,
# a burst or a flooded street; uncollected garbage as bins overflowing; a stray pack as
# attacks; a dead streetlight as "not working" or "broken".
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"burst", "leak", "flood", "overflow"}),
    frozenset({"out_of_service", "broken"}),
    frozenset({"not_collected", "overflow", "full"}),
    frozenset({"stray", "attack"}),
)


def _problems_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b or a & b:
        return True
    return any(x in fam and y in fam for fam in FAMILIES for x in a for y in b)


def _family_mate(name: str, others: frozenset[str]) -> bool:
    return any(name in fam and not fam.isdisjoint(others) for fam in FAMILIES)


def _weight(names: Iterable[str]) -> float:
    return sum(BY_NAME[n].weight for n in names)


def similarity(a: Signature, b: Signature, *, personal_ok: bool = False) -> float:
    """0..1. Concept containment when both reports name an anchor (a thing or a problem),
    else stem containment (same-language paraphrase the lexicon does not know).

    `personal_ok=False` (incidents): a shared anchor must not be only personal
    (a bill, a meter): two neighbours' bills are two requests. The same citizen writing
    twice about their own bill is one problem, hence `personal_ok=True` there.
    """
    if a.anchors and b.anchors:
        shared_anchors = (a.anchors & b.anchors) if personal_ok else (a.public_anchors & b.public_anchors)
        if not shared_anchors:
            return 0.0
        # Two different problems named on both sides (a pothole vs a broken streetlight
        # in the same street) are two incidents even if they share the object "road".
        if not _problems_compatible(a.states, b.states):
            return 0.0
        small, large = (a, b) if a.weight <= b.weight else (b, a)
        matched = [n for n in small.concepts if n in large.concepts or _family_mate(n, large.concepts)]
        return _weight(matched) / small.weight
    if len(a.stems) < 3 or len(b.stems) < 3:
        return 0.0
    return len(a.stems & b.stems) / min(len(a.stems), len(b.stems))
