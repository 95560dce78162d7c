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

LANGS = ("tr", "en", "el")
# every byte except ASCII letters and the lead bytes of U+00C0-027F (see greek_script)
_NOT_LATIN_BYTES = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122 or 0xC3 <= c <= 0xC9))
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

    def token_evidence(self, tok: str) -> tuple[float, float, float] | None:
        """(tr, en, el) log-odds one folded token adds, or None (cached per token by the scanner)."""
        lex = self.__dict__.get("_lex")
        if lex is None:
            lex = self._lex = self._lexicon()
        lp = lex.get(tok)
        if lp is None:
            if len(tok) <= 3 or tok.isdigit():
                return None
            sp = self.suffix_logp.get(tok[-3:])
            if sp is None:
                return None
            lp = (sp[0], sp[1], sp[2])
        return lp

    @staticmethod
    def greek_script(text: str) -> bool:
        """More Greek letters than Latin ones: Greek, whatever the words say.

        Counted on UTF-8 bytes (C-speed `count`/`translate`, ~0.3 us instead of ~10 us for
        two regex scans of a Greek SMS): Greek letters are the characters whose lead byte
        is CD-CF (U+0340-03FF) or E1 BC-BF (polytonic U+1F00-1FFF); Latin letters are ASCII
        letters plus lead bytes C3-C9 (U+00C0-027F, accented Latin)."""
        if text.isascii():
            return False
        b = text.encode("utf-8")
        greek = b.count(b"\xce") + b.count(b"\xcf")
        if not greek:
            greek = b.count(b"\xcd") + b.count(b"\xe1\xbc") + b.count(b"\xe1\xbd") + b.count(b"\xe1\xbe") + b.count(b"\xe1\xbf")
            if not greek:
                return False
        latin = len(b.translate(None, _NOT_LATIN_BYTES))
        return greek >= latin

    def decide(self, text: str, tr: float, en: float, el: float, hint: str | None = None) -> str:
        """The language of a Latin-script message from its summed token evidence."""
        if not text.isascii():
            # ğ ş ı İ are strong evidence, not proof: English SMS name Turkish places ("in Kızılay")
            if _TURKISH_ONLY.search(text):
                tr += 4.0
            elif _TURKISH_LIKELY.search(text):
                tr += 2.0
        if tr > en and tr > el and tr > 0:
            return "tr"
        if en > tr and en > el and en > 0:
            return "en"
        if el > tr and el > en and el > 0:
            return "el"
        return hint if hint in LANGS else self.default

    def detect(self, text: str, toks: Sequence[str], hint: str | None = None) -> str:
        if self.greek_script(text):
            return "el"
        tr = en = el = 0.0
        evidence = self.token_evidence
        for tok in toks:
            lp = evidence(tok)
            if lp is not None:
                tr += lp[0]
                en += lp[1]
                el += lp[2]
        return self.decide(text, tr, en, el, hint)
