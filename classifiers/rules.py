"""Explainable keyword rules: taxonomy keywords and urgency cues matched on folded tokens.

A phrase is a sequence of stems; it matches consecutive tokens that start with those stems
("gaz kokusu" matches "gaz kokusundan", "çukur" matches "cukurlar"). Stems under 4
letters must match a whole token, because "bin" would otherwise match "bina" (building)
and "hat" (bus line) "hata" (error). Greek phrases are matched on the Greek/Greeklish
skeleton (text.greek_skeleton), so "σκουπίδια" and "skoupidia" hit the same keyword.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from classifiers.text import fold, fold_tokens, greek_skeleton, tokens

# Shortest stem matched as a prefix; shorter stems must equal the token.
MIN_PREFIX_STEM = 4
# Candidates are indexed by the first 3 letters of a phrase's first stem.
_KEY = 3


@dataclass(frozen=True)
class Hit:
    label: str
    phrase: str  # the phrase as written in the taxonomy, for the reason string


class PhraseMatcher:
    """Find which labels' phrases occur in a token list."""

    def __init__(self, phrases: Mapping[str, Iterable[str]], *, skeleton: bool = False) -> None:
        self._index: dict[str, list[tuple[tuple[str, ...], Hit]]] = {}
        for label, items in phrases.items():
            for phrase in items:
                folded = fold(phrase)
                if skeleton:
                    folded = greek_skeleton(folded)
                stems = tuple(tokens(folded))
                if not stems:
                    continue
                self._index.setdefault(stems[0][:_KEY], []).append((stems, Hit(label, phrase)))

    @staticmethod
    def _stem_matches(stem: str, token: str) -> bool:
        if len(stem) < MIN_PREFIX_STEM:
            return token == stem
        return token.startswith(stem)

    def find(self, toks: Sequence[str]) -> list[Hit]:
        hits: list[Hit] = []
        seen: set[str] = set()
        index = self._index
        n = len(toks)
        for i, tok in enumerate(toks):
            cands = index.get(tok[:_KEY])
            if not cands:
                continue
            for stems, hit in cands:
                if hit.phrase in seen or i + len(stems) > n:
                    continue
                if all(self._stem_matches(stem, toks[i + j]) for j, stem in enumerate(stems)):
                    hits.append(hit)
                    seen.add(hit.phrase)
        return hits


class RuleSet:
    """Department keywords and urgency cues of one taxonomy, per language."""

    def __init__(self, keywords: Mapping[str, Mapping[str, Sequence[str]]],
                 urgency_cues: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
        # keywords: department -> language -> phrases; urgency_cues: level -> language -> phrases
        def per_lang(src: Mapping[str, Mapping[str, Sequence[str]]], lang: str) -> dict[str, list[str]]:
            return {label: list(by_lang.get(lang, ())) for label, by_lang in src.items()}

        self._dept: dict[str, PhraseMatcher] = {}
        self._urg: dict[str, PhraseMatcher] = {}
        for lang in ("tr", "en", "el"):
            sk = lang == "el"
            self._dept[lang] = PhraseMatcher(per_lang(keywords, lang), skeleton=sk)
            self._urg[lang] = PhraseMatcher(per_lang(urgency_cues, lang), skeleton=sk)
        # Latin-script messages mix languages ("acil help", English loanwords in Turkish SMS):
        # match Turkish and English phrases on both.
        self._mix = {"tr": ("tr", "en"), "en": ("en", "tr"), "el": ("el",)}

    def departments(self, toks: Sequence[str], lang: str, skel: Sequence[str] | None = None) -> list[Hit]:
        if lang == "el":
            return self._dept["el"].find(skel if skel is not None else toks)
        out: list[Hit] = []
        for lg in self._mix[lang]:
            out.extend(self._dept[lg].find(toks))
        return out

    def urgency(self, toks: Sequence[str], lang: str, skel: Sequence[str] | None = None) -> list[Hit]:
        if lang == "el":
            return self._urg["el"].find(skel if skel is not None else toks)
        out: list[Hit] = []
        for lg in self._mix[lang]:
            out.extend(self._urg[lg].find(toks))
        return out


def skeleton_tokens(folded: str) -> list[str]:
    return tokens(greek_skeleton(folded))


__all__ = ["Hit", "PhraseMatcher", "RuleSet", "skeleton_tokens", "fold_tokens"]
