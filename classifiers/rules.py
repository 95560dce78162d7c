"""Explainable keyword rules: taxonomy keywords and urgency cues matched on folded tokens.

A phrase is a sequence of stems; it matches consecutive tokens that start with those stems
("gaz kokusu" matches "gaz kokusundan", "çukur" matches "cukurlar"). Stems under 4
letters must match a whole token, because "bin" would otherwise match "bina" (building)
and "hat" (bus line) "hata" (error). Greek phrases are matched on the Greek/Greeklish
skeleton (text.greek_skeleton), so "σκουπίδια" and "skoupidia" hit the same keyword.
Latin-script messages are matched against Turkish and English phrases together: SMS mix
them ("acil help", English loanwords), and one pass is cheaper than two.
"""

from __future__ import annotations

from typing import Iterable, Mapping, NamedTuple, Sequence

from classifiers.text import fold, greek_skeleton, tokens

# Shortest stem matched as a prefix; shorter stems must equal the token.
MIN_PREFIX_STEM = 4
# Distinct tokens remembered per matcher (token -> candidate phrases). Citizen vocabulary is
# Zipfian: ~50,000 entries cover >99% of tokens of a day's traffic in ~10 MB.
CACHE_LIMIT = 50_000


class Hit(NamedTuple):  # a tuple: hashing and comparing it is C-fast on the hot path
    kind: str  # "department", "urgency" or "type"
    label: str  # department code, or urgency level
    phrase: str  # the phrase as written in the taxonomy, for the reason string


def stem_ok(stem: str, token: str) -> bool:
    """Does `token` match the phrase stem (equal, or starts with it when the stem is long enough)?"""
    return token == stem or (len(stem) >= MIN_PREFIX_STEM and token.startswith(stem))


_stem_ok = stem_ok


class PhraseMatcher:
    """Find which phrases occur in a token list: one cached dict lookup per token."""

    def __init__(self, phrases: Iterable[tuple[str, Hit]], *, skeleton: bool = False) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], Hit]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], Hit]]] = {}
        for phrase, hit in phrases:
            folded = fold(phrase)
            if skeleton:
                folded = greek_skeleton(folded)
            stems = tuple(tokens(folded))
            if not stems:
                continue
            first = stems[0]
            if len(first) < MIN_PREFIX_STEM:
                self._exact.setdefault(first, []).append((stems, hit))
            else:
                self._prefix.setdefault(first[:MIN_PREFIX_STEM], []).append((stems, hit))
        self._cache: dict[str, tuple[tuple[tuple[str, ...], Hit], ...]] = {}

    def candidates(self, tok: str) -> tuple[tuple[tuple[str, ...], Hit], ...]:
        """Phrases whose first stem matches `tok` (uncached; callers cache per token)."""
        cands = self._exact.get(tok, []) + self._prefix.get(tok[:MIN_PREFIX_STEM], [])
        return tuple(c for c in cands if _stem_ok(c[0][0], tok))

    def _candidates(self, tok: str) -> tuple[tuple[tuple[str, ...], Hit], ...]:
        """Phrases whose first stem matches `tok`."""
        cands = self._exact.get(tok, []) + self._prefix.get(tok[:MIN_PREFIX_STEM], [])
        found = tuple(c for c in cands if _stem_ok(c[0][0], tok))
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[tok] = found
        return found

    def find(self, toks: Sequence[str]) -> list[Hit]:
        hits: list[Hit] = []
        cache = self._cache
        n = len(toks)
        for i, tok in enumerate(toks):
            cands = cache.get(tok)
            if cands is None:
                cands = self._candidates(tok)
            for stems, hit in cands:
                if len(stems) > 1:
                    if i + len(stems) > n or not all(_stem_ok(stems[j], toks[i + j]) for j in range(1, len(stems))):
                        continue
                if not any(h is hit for h in hits):
                    hits.append(hit)
        return hits


class RuleSet:
    """Department keywords and urgency cues of one taxonomy: one matcher per script."""

    def __init__(self, keywords: Mapping[str, Mapping[str, Sequence[str]]],
                 urgency_cues: Mapping[str, Mapping[str, Sequence[str]]],
                 type_cues: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> None:
        # keywords: department -> language -> phrases; *_cues: label -> language -> phrases
        def phrases(langs: tuple[str, ...]) -> list[tuple[str, Hit]]:
            out = []
            for kind, src in (("department", keywords), ("urgency", urgency_cues), ("type", type_cues or {})):
                for label, by_lang in src.items():
                    for lang in langs:
                        out.extend((p, Hit(kind, label, p)) for p in by_lang.get(lang, ()))
            return out

        self.latin = PhraseMatcher(phrases(("tr", "en")))
        self.greek = PhraseMatcher(phrases(("el",)), skeleton=True)

    def find(self, toks: Sequence[str], lang: str, skel: Sequence[str] | None = None) -> list[Hit]:
        """Every department, urgency and type hit, in text order."""
        if lang == "el":
            return self.greek.find(skel if skel is not None else toks)
        return self.latin.find(toks)


def stems_match(stems: tuple[str, ...], toks: Sequence[str], i: int) -> bool:
    """Do stems[1:] match the tokens after position i (stems[0] already matched toks[i])?"""
    if i + len(stems) > len(toks):
        return False
    for j in range(1, len(stems)):
        if not _stem_ok(stems[j], toks[i + j]):
            return False
    return True


__all__ = ["Hit", "PhraseMatcher", "RuleSet", "stem_ok", "stems_match"]
