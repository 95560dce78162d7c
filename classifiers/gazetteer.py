"""Neighbourhood names in text, normalised against gazetteer files.

Gazetteers (`classifiers/gazetteers/<city>.yaml`) list each city's districts and
neighbourhoods with approximate centroids and aliases. Names are matched on folded
tokens, so "Kızılay", "KIZILAY", "kizilay" and "Kızılay'da"/"kizilayda" (Turkish locative
and other case suffixes) all give the standard name "Kızılay"; Greek names are matched on
the Greek/Greeklish skeleton, so "Κυψέλη", "στην Κυψέλης", "Kypseli" and "kipseli" give
"Κυψέλη".

Greek names are also indexed in their case forms, every word inflected by its ending
(gazetteer_greek.py): "στον Νέο Κόσμο", "στους Αμπελόκηπους", "της Νέας Σμύρνης",
"sto Neo Kosmo"; a genitive after "στην" is a street ("στην Πατησίων"), not the quarter.

Names that are also common words carry a level in the YAML files: those in a city's
`common_words` (CAPITAL: "Bebek") count with a capital letter that does not start a
sentence, "Kurtuluş!" (MARKED) only with a marker
("Mahallesi", "mh"); both count with an apostrophe case suffix ("Kurtuluş'ta", "Bebek'te") or
a word around them ("in Konak", "στην πλάκα", "Selçuk ilçesinde", "the Kurtulus area").
So "bebek arabası" (stroller) and "çeşme" (fountain) name no place. A district written only
as an @mention or #hashtag ("@Limassol_Mun") is the account, not the place.

The reported place is the most specific one named: a neighbourhood, else a district
("Kadıköy'de çöp toplanmadı" -> neighbourhood "Kadıköy", district "Kadıköy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from classifiers.gazetteer_greek import STREET_ARTICLES as _STREET_ARTICLES, greek_inflections
from classifiers.text import fold, greek_skeleton, has_greek, tokens

GAZETTEER_DIR = Path(__file__).parent / "gazetteers"

# Turkish case and possessive suffixes seen after place names in SMS without apostrophes
# ("kizilayda", "cankayadaki", "bornovanin"); longest first so "daki" wins over "da".
_TR_SUFFIXES = tuple(sorted(
    "da de ta te dan den tan ten daki deki taki teki nda nde ndan nden ndaki ndeki ya ye na ne "
    "yi yu nin nun in un ni nu li lu lar ler si su sinde sunda sundaki sindeki".split(),
    key=len, reverse=True))
# Words that mark the token before them as a neighbourhood ("Cumhuriyet Mahallesi", "X mh.").
MARKERS = frozenset("mahallesi mahalle mah mh mahallemiz mahallemizde mahallesinde mahallesindeki".split())
_LOCATIVES = frozenset("da de ta te daki deki taki teki nda nde ndaki ndeki".split())
_SUFFIX_TOKENS = frozenset(_TR_SUFFIXES) | {"y" + s for s in _TR_SUFFIXES if s[0] in "aeiou"}

# What a name needs before it counts (gazetteer spelling suffix in the YAML files):
FREE = 0  # a place name only ("Kızılay")
CAPITAL = 1  # "Bebek?": also a common word (baby); counts with a capital letter that does not
#              start a sentence ("in Bebek", "Dün Bebek sahilinde"), a case suffix after an
#              apostrophe ("Bebek'te") or a marker ("Bebek Mahallesi"); "bebek arabası" is no place
MARKED = 2  # "Kurtuluş!": also a common word or street name; needs a marker or "Kurtuluş'ta"
_LEVEL_OF_SUFFIX = {"!": MARKED, "?": CAPITAL}
_WORD_RE = re.compile(r"[^\W_]+")  # the same tokens as text.tokens, on the original text
_APOSTROPHES = "'’`´"
_SENTENCE_END = ".!?…:\n"
# Words after a name that make it a place, like a marker: "Selçuk ilçesinde", "Konak
# belediyesi", "the Kurtulus area" (folded prefixes). Not "merkez": "kültür merkezi" is the
# culture centre (7 false "Kültür" in corpus + dev when it was in).
_AREA_HEADS = ("ilce", "belediye", "municipal", "district", "area", "neighbo", "quarter")
# Words before a name that make it a place: English prepositions ("in Kurtuluş", "HERE IN
# KONAK") and Greek "σε" + article, on skeletons ("στην Πλάκα", "sto peristeri").
_PLACE_BEFORE = frozenset("in at near around sto stin sti ston stus sta stis".split())
# A capital at the start of a sentence proves nothing ("Bebek arabasıyla binemiyorum"), unless
# the next word is a place's head noun ("Bebek sahilinde", "Bebek parkında"): folded prefixes.
_PLACE_HEADS = ("sahil", "park", "cadde", "sokag", "sokak", "meydan", "iskele", "semt", "civar",
                "tarafi", "carsi", "durag", "durak", "koy", "girisi", "beach") + _AREA_HEADS


def _is_tagged(text: str | None, toks: Sequence[str], i: int) -> bool:
    """Is token i written right after "@" or "#"? (Checked only for a district hit.)"""
    if text is None or ("@" not in text and "#" not in text):
        return False
    words = list(_WORD_RE.finditer(text))
    if len(words) != len(toks):
        return False
    start = words[i].start()
    return start > 0 and text[start - 1] in "@#"


def _spelling_level(spelling: str, level: int) -> tuple[str, int]:
    """("Bebek?", FREE) -> ("Bebek", CAPITAL): a spelling's own suffix raises its place's level."""
    if spelling and spelling[-1] in _LEVEL_OF_SUFFIX:
        return spelling[:-1], max(level, _LEVEL_OF_SUFFIX[spelling[-1]])
    return spelling, level


def _written_evidence(text: str | None, toks: Sequence[str], i: int, length: int, level: int,
                      locative: bool = False) -> bool:
    """Is toks[i:i+length], a name that is also a common word, used as a place? A word around
    it says so ("in", "στην", "ilçesi", "area"), or the original text does: a case suffix
    after an apostrophe ("Kurtuluş'ta"), or, for CAPITAL names, a capital that does not start
    a sentence and is not part of an all-caps shout ("BEBEK ARABASI"). locative: the last
    token is the name with a locative suffix, which with a capital counts even at a sentence
    start ("Tirede su yok": common words do not start sentences capitalised and in the locative)."""
    nxt = toks[i + length] if i + length < len(toks) else None
    if (i and toks[i - 1] in _PLACE_BEFORE) or (nxt is not None and nxt.startswith(_AREA_HEADS)):
        return True
    if text is None:  # tokens only: a free-standing suffix token is the apostrophe's trace
        return nxt in _SUFFIX_TOKENS
    words = list(_WORD_RE.finditer(text))
    if len(words) != len(toks):
        return False  # tokenisation differs (rare scripts): no evidence rather than a guess
    end = words[i + length - 1].end()
    if nxt in _SUFFIX_TOKENS and text[end:end + 1] in _APOSTROPHES and text[end:end + 1]:
        return True
    if i == 0 and text[end:end + 1] == ":":
        return True  # a heading: "Emek: the bin is overflowing", "Πλάκα: ..."
    first = words[i].group()
    if not first[0].isupper() or (len(first) > 1 and first.isupper()):
        return False
    if locative:
        return True
    if level != CAPITAL:
        return False
    before = text[:words[i].start()].rstrip(" \t\"'«(")
    if before and before[-1] not in _SENTENCE_END:
        return True
    return nxt is not None and nxt.startswith(_PLACE_HEADS)


@dataclass(frozen=True)
class Place:
    neighbourhood: str | None  # standard name of the most specific place named
    district: str
    city: str
    kind: str  # "neighbourhood" or "district"
    lat: float
    lon: float


def _skel_tokens(name: str) -> tuple[str, ...]:
    return tuple(tokens(greek_skeleton(fold(name))))


def _keep_first(index: dict, key: tuple[str, ...], hit: tuple[Place, int]) -> None:
    """First writer wins (files are read in a fixed order, neighbourhoods before districts),
    except that a name usable on its own beats one that needs a marker: Sincan's "Fatih!"
    mahallesi must not hide the İstanbul district Fatih."""
    prev = index.get(key)
    if prev is None or hit[1] < prev[1]:
        index[key] = hit


class Gazetteer:
    def __init__(self, places: Iterable[tuple[Place, Sequence[str], int]]) -> None:
        """places: (place, spellings, level). level: FREE, CAPITAL or MARKED (see above; True
        = MARKED): the name is also a common word or a street name ("Emek" = labour), so it
        counts only with a marker, an apostrophe suffix or (CAPITAL) a capital letter. A
        spelling ending in "?" or "!" raises the level for that spelling alone.

        Inflected forms (Turkish suffixes, Greek genitive/accusative endings) are expanded
        into the index when it is built, so a lookup is one dict access per token span:
        about 250 names x 45 suffixes = ~11,000 keys, built in ~20 ms at start.
        """
        self.plain: dict[tuple[str, ...], tuple[Place, bool]] = {}
        self.skel: dict[tuple[str, ...], tuple[Place, bool]] = {}
        self.places: list[Place] = []
        exact_plain: dict[tuple[str, ...], tuple[Place, bool]] = {}
        exact_skel: dict[tuple[str, ...], tuple[Place, bool]] = {}
        # names that count only before "Mahallesi", by spelling: "Fatih Mahallesi" is Sincan's
        # mahalle even though plain "Fatih" is the İstanbul district
        self.marked: dict[tuple[str, ...], Place] = {}
        greek_spellings: list[tuple[str, tuple[Place, int]]] = []
        self.street_forms: set[tuple[str, ...]] = set()  # genitive forms: a street after "στην"
        self.locatives: set[tuple[str, ...]] = set()  # "tirede": locative forms of common-word names
        for place, spellings, place_level in places:
            self.places.append(place)
            for s in spellings:
                s, needs_marker = _spelling_level(s, int(place_level))
                key = tuple(tokens(fold(s)))
                if key:
                    _keep_first(exact_plain, key, (place, needs_marker))
                    if needs_marker:
                        self.marked.setdefault(key, place)
                sk = _skel_tokens(s)
                if sk and (has_greek(s) or place.city in GREEK_CITIES):
                    _keep_first(exact_skel, sk, (place, needs_marker))
                    if has_greek(s):
                        greek_spellings.append((s, (place, needs_marker)))
        # exact spellings first so an inflected form never shadows a real name
        self.plain.update(exact_plain)
        self.skel.update(exact_skel)
        for key, hit in exact_plain.items():
            last = key[-1]
            if len(last) >= 3:
                for suf in _TR_SUFFIXES:
                    self.plain.setdefault(key[:-1] + (last + suf,), hit)
                    if hit[1] and suf in _LOCATIVES:
                        self.locatives.add(key[:-1] + (last + suf,))
                    if last[-1] in "aeiou" and suf[0] in "aeiou":
                        self.plain.setdefault(key[:-1] + (last + "y" + suf,), hit)  # buffer y: "bornovaya"
        # Greek cases of every word (by the Greek spelling's ending), before the older
        # skeleton-level endings below, which still cover Latin-only aliases
        for spelling, hit in greek_spellings:
            for form, genitive in [(_skel_tokens(spelling), False), *greek_inflections(spelling)]:
                # Greeklish "th" skeletonises to "ti" (text.greek_skeleton reads h as η), Greek θ
                # to "th": index both, so "ston Agio Athanasio" finds Άγιος Αθανάσιος; and
                # Greeklish "h" is χ as often as η ("harokopou", "trahoni"): χ (x) read as "i" too
                latin = tuple(greek_skeleton(t) for t in form)
                for key in {form, latin, tuple(t.replace("x", "i") for t in latin)}:
                    if key not in self.skel:
                        self.skel[key] = hit
                        if genitive:
                            self.street_forms.add(key)
        for key, hit in exact_skel.items():
            last = key[-1]
            forms = [last + "s", last + "n"]
            if last.endswith("i"):
                forms.append(last + "u")  # Παγκράτι -> Παγκρατίου (pagratiu)
            if last.endswith("os"):
                forms += [last[:-1], last[:-2] + "u"]  # Κολωνός -> Κολωνό, Κολωνού
            if last.endswith("s"):
                forms.append(last[:-1])
            for form in forms:
                self.skel.setdefault(key[:-1] + (form,), hit)
        self.first_plain = frozenset(k[0] for k in self.plain)
        self.first_skel = frozenset(k[0] for k in self.skel)
        self.max_len = max(len(k) for k in self.plain) if self.plain else 1

    @classmethod
    def from_dir(cls, directory: Path = GAZETTEER_DIR) -> "Gazetteer":
        return _load_dir(directory.resolve())

    def _match(self, index: dict, first: frozenset, toks: Sequence[str], text: str | None = None) -> Place | None:
        if first.isdisjoint(toks):  # most messages name no place: one C-level set test
            return None
        best: Place | None = None
        best_tagged = False
        n = len(toks)
        covered = 0  # tokens before this index belong to a longer name already matched
        for i, tok in enumerate(toks):
            if i < covered or tok not in first:
                continue
            for length in range(min(self.max_len, n - i), 0, -1):
                key = tuple(toks[i:i + length])
                marked = i + length < n and toks[i + length] in MARKERS
                hit = index.get(key)
                if marked and index is self.plain and key in self.marked:
                    hit = (self.marked[key], MARKED)
                if hit is None:
                    continue
                place, needs_marker = hit
                if i and key in self.street_forms and toks[i - 1] in _STREET_ARTICLES:
                    continue  # "στην Πατησίων": Patision Street
                if needs_marker and not marked and not _written_evidence(text, toks, i, length, needs_marker,
                                                                           key in self.locatives):
                    continue
                if place.kind == "neighbourhood":
                    return place
                if best is None or best_tagged:
                    # a district in an @mention or #hashtag ("@lemesos", "#Αθήνα") is the account
                    # or the topic: a place named in the text beats it
                    tagged = _is_tagged(text, toks, i) if best is None else False
                    if best is None or not tagged:
                        best, best_tagged = place, tagged
                # "Neapoli Sykies" is the district Νεάπολη-Συκιές, not its quarter Συκιές
                covered = i + length
                break
        # only a tag: "@Limassol_Mun there is a dead dog" names the account, not where the dog is
        return None if best_tagged else best

    def standard_name(self, name: str) -> str:
        """The gazetteer's standard name for a spelling ("kizilay", "Kypseli"), else the folded input."""
        folded = fold(name)
        key = tuple(tokens(folded))
        hit = self.plain.get(key) or self.skel.get(tuple(tokens(greek_skeleton(folded))))
        return hit[0].neighbourhood if hit else folded

    def find(self, folded_tokens: Sequence[str], language: str, skeleton_tokens: Sequence[str] | None = None,
             text: str | None = None) -> Place | None:
        """The place named in a message, or None. Greek messages are looked up by skeleton.
        text: the message as written, for names that need a capital or an apostrophe suffix."""
        if language == "el":
            return self._match(self.skel, self.first_skel, skeleton_tokens if skeleton_tokens is not None else folded_tokens, text)
        place = self._match(self.plain, self.first_plain, folded_tokens, text)
        if place is None and language == "en":
            # English text naming a Greek place in Greeklish ("in Kypseli"): skeletons per token, cached
            place = self._match(self.skel, self.first_skel, [_latin_skeleton(t) for t in folded_tokens], text)
        return place


# "Cumhuriyet Mahallesi'nde", "Yavuz Selim Mah.", "Bağlar mh": a neighbourhood the gazetteer
# does not list is still reported, as written (one word before the marker; district unknown).
_UNLISTED_RE = re.compile(
    r"(?<![\w'])((?:[A-ZÇĞİÖŞÜ][^\W\d_]+\s+)?[^\W\d_]{3,})\s+(mahallesi\w*|mahalle|mah\.?|mh\.?)(?!\w)",
    re.IGNORECASE)


def unlisted_neighbourhood(text: str, within: Place | None = None) -> Place | None:
    """"X Mahallesi" the gazetteer does not list, as written; `within`: the district the
    message also names ("Çankaya Cumhuriyet Mahallesi'nde": Cumhuriyet, in Çankaya)."""
    m = _UNLISTED_RE.search(text)
    if m is None:
        return None
    words = m.group(1).split()
    if m.group(2).lower() == "mahalle" and not words[-1][0].isupper():
        return None  # "atıkları mahalle konteynerlerine": bare "mahalle" is the noun (a mahalle's bins)
    if len(words) == 2 and (not words[0][0].isupper()
                            or (within is not None and fold(words[0]) in (fold(within.district), fold(within.city)))):
        words = words[1:]  # lower-case SMS or a district before it: only the word before the marker is the name
    name = " ".join(w[0].replace("i", "İ").upper() + w[1:].replace("I", "ı").lower() for w in words)
    if within is not None:
        if fold(name) in (fold(within.district), fold(within.city)):
            return None  # "Çankaya mahallesi": the district itself
        return Place(name, within.district, within.city, "unlisted", 0.0, 0.0)
    return Place(name, "", "", "unlisted", 0.0, 0.0)


@lru_cache(maxsize=65536)
def _latin_skeleton(token: str) -> str:
    """Greek skeleton of one Latin-script token (digraphs never span two tokens)."""
    return greek_skeleton(token)


GREEK_CITIES = frozenset({"Αθήνα", "Θεσσαλονίκη", "Λεμεσός"})


@lru_cache(maxsize=4)
def _load_dir(directory: Path) -> Gazetteer:
    neighbourhoods: list[tuple[Place, list[str], int]] = []
    districts: list[tuple[Place, list[str], int]] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        city = data["city"]
        # spellings that are also common words: marked CAPITAL with "?" (Gazetteer reads the suffix)
        # (by skeleton too: the Greeklish alias "Peristeri" is the same word as "Περιστέρι")
        common = {fold(w) for w in data.get("common_words", [])}
        common_skel = {_skel_tokens(w) for w in data.get("common_words", [])}

        def level_marks(spellings: list[str]) -> list[str]:
            return [s + "?" if fold(s) in common or (city in GREEK_CITIES and _skel_tokens(s) in common_skel) else s
                    for s in spellings]

        for d in data["districts"]:
            dname = d["name"]
            dlat, dlon = d["at"]
            districts.append((Place(dname, dname, city, "district", dlat, dlon),
                              level_marks([dname, *d.get("aliases", [])]), MARKED if d.get("needs_marker") else FREE))
            for n in d.get("neighbourhoods", []):
                name, lat, lon, *aliases = n
                # "Cumhuriyet!" = only with a marker or "Cumhuriyet'te"
                name, level = _spelling_level(name, FREE)
                neighbourhoods.append((Place(name, dname, city, "neighbourhood", lat, lon), level_marks([name, *aliases]), level))
    return Gazetteer(neighbourhoods + districts)
