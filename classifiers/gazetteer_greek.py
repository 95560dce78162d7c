"""Greek case and number forms of gazetteer names, as Greek/Greeklish skeleton tokens.

Citizens write a place in the case the sentence needs: "στον Νέο Κόσμο" (accusative),
"της Νέας Σμύρνης" (genitive), "στους Αμπελόκηπους" (plural accusative), in Greek script or
Greeklish ("sto Neo Kosmo"). `greek_inflections` derives those forms from the standard
(nominative) name by its words' endings, so the gazetteer can index them once at start.
"""

from __future__ import annotations

from classifiers.text import fold, greek_skeleton, has_greek, tokens

__all__ = ["greek_inflections", "STREET_ARTICLES"]

# Greek case and number endings by the ending of the standard (nominative) form, on folded
# Greek (accents stripped, final sigma = σ). Longest ending first. Each word of a name
# inflects on its own, so "Νέος Κόσμος" gives "Νέο Κόσμο" / "Νέου Κόσμου" and "Νέα Σμύρνη"
# gives "Νέας Σμύρνης"; forms are then skeletonised, so Greeklish ("sto Neo Kosmo",
# "stous Ampelokipous") matches too. Words ending otherwise ("Κυπριάδου", "Πεδίον") are
# fixed. Names that are plural keep their plural cases ("Πατήσια"/"Πατησίων").
_EL_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("οσ", ("ο", "ου")),          # Κόσμος, Άγιος, Κολωνός -> Κόσμο, Κόσμου (masc. -ος)
    ("οι", ("ουσ", "ων")),        # Αμπελόκηποι -> Αμπελόκηπους, Αμπελοκήπων (masc. plural)
    ("ασ", ("α",)),               # Βύρωνας -> Βύρωνα
    ("ησ", ("η",)),               # masc. -ης -> -η
    ("εσ", ("ων",)),              # Συκιές -> Συκεών (fem. plural)
    ("ια", ("ιασ", "ιων")),       # Καλαμαριά -> Καλαμαριάς; Πατήσια -> Πατησίων
    ("α", ("ασ", "ων")),          # Νέα -> Νέας; Πετράλωνα -> Πετραλώνων
    ("πολη", ("πολησ", "πολεωσ")),  # Ηλιούπολη -> Ηλιουπόλεως (the older genitive of official names)
    ("η", ("ησ",)),               # Κυψέλη, Σμύρνη -> Κυψέλης, Σμύρνης
    ("ι", ("ιου",)),              # Περιστέρι, Μαρούσι -> Περιστερίου, Μαρουσιού
    ("ο", ("ου",)),               # Θησείο, Νέο Φάληρο -> Θησείου, Νέου Φαλήρου
)
# Plurals of singular names are left out on purpose: they are ordinary words
# ("κολωνάκια" = bollards, "πλάκες" = paving slabs, and "Κολωνοί" skeletonises to "koloni",
# which English "colony" also gives). Measured on corpus + dev: 4 such false places.
# Genitive endings (-ου, -ων) after a feminine article name a street, not the place:
# "στην Πατησίων" is Patision Street (οδός Πατησίων), "στα Πατήσια" the quarter.
_EL_GENITIVE = ("ου", "ων")
STREET_ARTICLES = frozenset("stin sti tin ti odos odo odu".split())
# A stem shorter than this (letters before the ending) is not inflected in a one-word name:
# short stems give forms that are ordinary words. In a multi-word name the other words
# anchor the match, so two letters suffice ("Νέος" -> "Νέο", "Νέου").
_EL_MIN_STEM = 3
_EL_MIN_STEM_MULTI = 2
# Inflected multi-word names: every combination of the words' forms, at most this many per
# spelling (2 words x 7 forms = 49; 3-word names are rare and mostly fixed words).
_EL_MAX_COMBOS = 64


def _greek_word_forms(word: str, min_stem: int) -> tuple[str, ...]:
    """Folded Greek word -> itself and its case/number forms (folded Greek, not skeletons)."""
    for ending, others in _EL_ENDINGS:
        if word.endswith(ending):
            stem = word[:-len(ending)]
            return (word, *(stem + o for o in others)) if len(stem) >= min_stem else (word,)
    return (word,)


def greek_inflections(name: str) -> list[tuple[tuple[str, ...], bool]]:
    """(skeleton tokens, genitive?) of a Greek-script name's inflected forms, the name itself
    excluded; genitive: the last word took a genitive ending (a street name after "στην")."""
    words = tokens(fold(name))
    if not words or not has_greek(name):
        return []
    min_stem = _EL_MIN_STEM if len(words) == 1 else _EL_MIN_STEM_MULTI
    combos: list[list[str]] = [[]]
    for w in words:
        combos = [c + [f] for c in combos for f in _greek_word_forms(w, min_stem)][:_EL_MAX_COMBOS]
    exact = tuple(tokens(greek_skeleton(" ".join(words))))
    out = []
    for c in combos:
        sk = tuple(tokens(greek_skeleton(" ".join(c))))
        if sk != exact and len(sk) == len(exact):
            out.append((sk, c[-1] != words[-1] and c[-1].endswith(_EL_GENITIVE)))
    return out
