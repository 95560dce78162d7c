"""Language identification for tr / el / en, built for three-word SMS.

Order of evidence, cheapest first:
1. Greek script: a message with more Greek letters than Latin ones is Greek.
2. Letters only Turkish uses (ğ ş ı İ) add strong Turkish evidence (not a verdict:
   English messages name Turkish places, "bins overflowing in Karşıyaka").
3. A naive-Bayes vote over folded tokens and their last three letters, from a
   seed lexicon of function words (below) plus token counts learnt from the training
   corpus (`LanguageModel.from_counts`, stored in the model artefact). Greeklish ("den
   exei nero") is Latin-script Greek and is scored as `el` through its own seed words.
Ties and empty texts fall back to the hint, then to the profile's default language.
"""

from __future__ import annotations

import math
import re
from typing import Mapping, Sequence

from classifiers.text import GREEK_RE

LANGS = ("tr", "en", "el")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_TURKISH_ONLY = re.compile(r"[ğĞşŞıİ]")
_TURKISH_LIKELY = re.compile(r"[çÇöÖüÜ]")

# Seed words, folded. Short, frequent, and unambiguous between the three languages.
SEED: dict[str, str] = {}
for _lang, _words in {
    "tr": "ve bir bu da de ile icin cok yok var mi mu degil ama ne neden nasil gibi kadar sonra once hala artik "
          "bize biz ben sen siz bizim sizin benim evin evimizin sokak sokakta mahalle mahallesi mah mh cadde caddesi "
          "lutfen tesekkur tesekkurler merhaba selam iyi gunler efendim sey hani yani abi abla hocam rica ederim "
          "acil gun gundur gunlerdir hafta haftadir aydir saat saattir dun bugun yarin sabah aksam gece "
          "olan oldu olmus olmadi edildi edilmedi yapildi yapilmadi gelmedi geldi gelmiyor gitti duruyor "
          "kimse hic her herkes sorun sikayet talep istiyoruz istiyorum rica bilgi belediye belediyesi "
          "su cop yol kopek kedi agac park otobus durak cenaze yardim vergi borc cukur lamba kaldirim "
          "kirik bozuk pis cok fazla az icinde onunde arkasinda yaninda karsisinda ne zaman kim nerede "
          "olur misiniz musunuz miyiz edebilir edin yapin bakin gelin alin veriyor",
    "en": "the a an and or of to in on at for with from is are was were be been has have had do does did "
          "not no there this that these those it its my our your we you they i me us please thanks thank "
          "hello hi dear regards sincerely street road since days weeks hours yesterday today tonight "
          "still again why how what when where who which can could would should will just very really "
          "broken missing outside near next behind opposite again nobody anyone someone help need needs "
          "water bin bins rubbish bus dog dogs tree trees park light lights council",
    "el": "kalimera kalispera geia sas sou kai einai den exei exoume eho exo sto sti stin ston stis stous tou "
          "tis ton twn ta to tin na tha gia apo me se pou oti poli ola mas ligo akoma simera xthes avrio "
          "parakalw parakalo efxaristw efxaristo euxaristw dhmos dimos dromo dromos nero skoupidia kados "
          "kadoi spiti polykatoikia geitonia leoforeio stasi skylos skyli gata dentro parko lampa fws "
          "mera meres ores evdomada kanenas kaneis tipota giati pws pote pali",
}.items():
    for _w in _words.split():
        SEED[_w] = _lang

# Log-odds a seed word adds to its language; learnt tokens use their smoothed log-probs.
SEED_WEIGHT = 2.5


class LanguageModel:
    """Token and suffix log-probabilities per language; `detect` takes folded tokens."""

    def __init__(self, token_logp: Mapping[str, Sequence[float]] | None = None,
                 suffix_logp: Mapping[str, Sequence[float]] | None = None, default: str = "tr") -> None:
        self.token_logp = dict(token_logp or {})
        self.suffix_logp = dict(suffix_logp or {})
        self.default = default

    @classmethod
    def from_counts(cls, token_counts: Mapping[str, Mapping[str, int]], suffix_counts: Mapping[str, Mapping[str, int]],
                    min_count: int = 2, default: str = "tr") -> "LanguageModel":
        """Centred log-probabilities with add-one smoothing, keeping tokens seen >= min_count times."""
        def table(counts: Mapping[str, Mapping[str, int]]) -> dict[str, list[float]]:
            totals = {lg: sum(c.get(lg, 0) for c in counts.values()) + len(counts) for lg in LANGS}
            out: dict[str, list[float]] = {}
            for key, c in counts.items():
                if sum(c.values()) < min_count:
                    continue
                logp = [math.log((c.get(lg, 0) + 1) / totals[lg]) for lg in LANGS]
                mean = sum(logp) / 3
                out[key] = [round(v - mean, 3) for v in logp]
            return out
        return cls(table(token_counts), table(suffix_counts), default)

    def _lexicon(self) -> dict[str, tuple[float, float, float]]:
        """Seed words and learnt token log-probs merged into one table (built once)."""
        lex: dict[str, tuple[float, float, float]] = {}
        for tok, lp in self.token_logp.items():
            lex[tok] = (lp[0], lp[1], lp[2])
        for tok, lang in SEED.items():
            base = list(lex.get(tok, (0.0, 0.0, 0.0)))
            base[LANGS.index(lang)] += SEED_WEIGHT
            lex[tok] = (base[0], base[1], base[2])
        return lex

    def detect(self, text: str, toks: Sequence[str], hint: str | None = None) -> str:
        if not text.isascii():
            if GREEK_RE.search(text):
                greek = len(GREEK_RE.findall(text))
                if greek >= len(_LATIN_RE.findall(text)):
                    return "el"
        lex = self.__dict__.get("_lex")
        if lex is None:
            lex = self._lex = self._lexicon()
        suffix_logp = self.suffix_logp
        tr = en = el = 0.0
        if not text.isascii():
            # ğ ş ı İ are strong evidence, not proof: English SMS name Turkish places ("in Kızılay")
            if _TURKISH_ONLY.search(text):
                tr += 4.0
            elif _TURKISH_LIKELY.search(text):
                tr += 2.0
        for tok in toks:
            lp = lex.get(tok)
            if lp is None:
                if len(tok) <= 3 or tok.isdigit():
                    continue
                lp = suffix_logp.get(tok[-3:])
                if lp is None:
                    continue
            tr += lp[0]
            en += lp[1]
            el += lp[2]
        if tr > en and tr > el and tr > 0:
            return "tr"
        if en > tr and en > el and en > 0:
            return "en"
        if el > tr and el > en and el > 0:
            return "el"
        return hint if hint in LANGS else self.default
