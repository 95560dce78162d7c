"""How a place is named in each language: "Kızılay'da", "Moda Mah.", "στην Κυψέλη", "in Kypseli"."""

from __future__ import annotations

import random
from dataclasses import dataclass

import yaml

from classifiers.gazetteer import GAZETTEER_DIR, GREEK_CITIES


@dataclass(frozen=True)
class NamedPlace:
    standard: str  # the label: gazetteer standard name
    spellings: tuple[str, ...]  # Greek places: Greek name first, then Latin aliases
    kind: str
    greek: bool


def load_places() -> list[NamedPlace]:
    out: list[NamedPlace] = []
    for path in sorted(GAZETTEER_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        greek = data["city"] in GREEK_CITIES
        for d in data["districts"]:
            out.append(NamedPlace(d["name"], (d["name"], *d.get("aliases", [])), "district", greek))
            for row in d.get("neighbourhoods", []):
                name = row[0].rstrip("!")
                out.append(NamedPlace(name, (name, *row[3:]), "neighbourhood", greek))
    return out


def _tr_locative(name: str) -> str:
    vowels = [c for c in name.lower() if c in "aeıioöuü"]
    back = vowels and vowels[-1] in "aıou"
    voiceless = name[-1].lower() in "çfhkpsşt"
    return ("t" if voiceless else "d") + ("a" if back else "e")


def turkish_form(place: NamedPlace, rng: random.Random) -> str:
    n = place.standard
    forms = [f"{n}'{_tr_locative(n)}", f"{n}{_tr_locative(n)}", f"{n}'{_tr_locative(n)}ki"]
    if place.kind == "neighbourhood":
        forms += [f"{n} Mahallesi'nde", f"{n} Mah.", f"{n} mah", f"{n} mh.", f"{n} mahallesinde", f"{n} mahallesi"]
    else:
        forms += [f"{n} ilçesinde", f"{n} merkezde"]
    return rng.choice(forms)


_EL_PLURAL_NEUTER = ("Εξάρχεια", "Πατήσια", "Σεπόλια", "Λαδάδικα", "Πετράλωνα", "Ψυρρή")


def _el_article(name: str) -> str:
    first = name.split()[0]
    if name in _EL_PLURAL_NEUTER:
        return "στα"
    if first.endswith("οι"):
        return "στους"
    if first.endswith(("ος", "ης", "άς", "ας")) and not first.endswith("ιάς"):
        return "στον"
    if first.endswith(("ι", "ο", "ί", "ό")):
        return "στο"
    return "στην"


def greek_form(place: NamedPlace, rng: random.Random) -> str:
    n = place.spellings[0]
    forms = [f"{_el_article(n)} {n}", f"περιοχή {n}", f"{n}:"]
    if n.endswith(("η", "ή")) and " " not in n:
        forms.append(f"στη γειτονιά της {n}ς")
    return rng.choice(forms)


def english_form(place: NamedPlace, rng: random.Random) -> str:
    n = rng.choice(place.spellings[1:] or place.spellings) if place.greek else place.standard
    if not place.greek and rng.random() < 0.4:
        n = n.translate(str.maketrans("çşğıöüÇŞĞİÖÜ", "csgiouCSGIOU"))
    return rng.choice([f"in {n}", f"in the {n} area", f"{n}:", f"here in {n}", f"on our street in {n}"])


def place_phrase(place: NamedPlace, lang: str, rng: random.Random) -> str:
    if lang == "tr":
        return turkish_form(place, rng)
    if lang == "el":
        return greek_form(place, rng)
    return english_form(place, rng)
