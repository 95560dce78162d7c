"""Generate the labelled corpus: phrase bank x places x wording x channel styles, fixed seed.

    python -m classifiers.corpus.generate            # municipal -> classifiers/data/{corpus,dev}.jsonl
    python -m classifiers.corpus.generate --profile ministry

Honest split: every phrase-bank line goes to train or dev by a sha1 of its text (18% dev),
so dev messages are built from message cores the model never saw, and the hand-written
dev file (data/[<profile>/]handwritten/dev.txt) is wording written separately from all
of it and never used to tune keywords. Hand-written train messages join the training file.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from classifiers.corpus.places import NamedPlace, load_places, place_phrase
from classifiers.corpus.styles import CHANNEL_OF_STYLE, SARCASM, STYLES, URGENT_WORDS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEED = 20261123
DEV_PERCENT = 18
TYPE_CODES = {"c": "complaint", "r": "request", "s": "suggestion", "i": "information", "p": "praise"}
URG_CODES = {"e": "emergency", "u": "urgent", "n": "normal"}
URG_RANK = {"emergency": 0, "urgent": 1, "normal": 2}
VARIANTS = {"tr": 9, "en": 7, "el": 8}

OPENERS = {"tr": ["Merhaba", "Selamün aleyküm", "İyi günler", "Beyaz masa merhaba", "Kolay gelsin", "Sayın yetkili"],
           "en": ["Hi", "Hello", "Good morning", "Hi there"],
           "el": ["Καλημέρα", "Γεια σας", "Καλησπέρα", "Χαίρετε"]}
ASKS = {"tr": ["Lütfen ilgilenin.", "Gereğini rica ederim.", "Bir an önce çözülmesini istiyoruz.",
               "Yetkililer nerede?", "Ne zaman düzelecek?", "Muhatap bulamıyoruz."],
        "en": ["Please sort it out.", "Please send someone.", "What are you waiting for?", "Please do something."],
        "el": ["Παρακαλώ φροντίστε.", "Περιμένουμε λύση.", "Πότε θα γίνει κάτι;", "Κάντε κάτι επιτέλους."]}
DURATIONS = {"tr": ["Bu durum bir haftadır böyle.", "Aylardır şikayet ediyoruz.", "Defalarca aradık.",
                    "3 gündür bekliyoruz."],
             "en": ["It has been like this for a week.", "We have complained for months.", "I called several times."],
             "el": ["Είναι έτσι εδώ και μια βδομάδα.", "Παραπονιόμαστε μήνες.", "Έχω πάρει πολλές φορές τηλέφωνο."]}
ALSO = {"tr": ["Ayrıca", "Bir de", "Üstelik"], "en": ["Also,", "And", "On top of that,"], "el": ["Επίσης", "Και", "Επιπλέον"]}
STYLE_WEIGHTS = {"tr": {"plain": 25, "sms": 22, "caps": 8, "emoji": 10, "tweet": 9, "whatsapp": 8, "email": 8, "transcript": 10},
                 "en": {"plain": 35, "sms": 15, "caps": 7, "emoji": 10, "tweet": 12, "whatsapp": 8, "email": 10, "transcript": 8},
                 "el": {"plain": 30, "sms": 18, "caps": 5, "emoji": 8, "tweet": 8, "whatsapp": 6, "email": 8, "transcript": 7, "greeklish": 12}}


@dataclass(frozen=True)
class Core:
    lang: str
    department: str
    type: str
    urgency: str
    text: str

    @property
    def split(self) -> str:
        h = int(hashlib.sha1(f"{self.lang}|{self.text}".encode("utf-8")).hexdigest()[:8], 16)
        return "dev" if h % 100 < DEV_PERCENT else "train"


def load_cores(profile: str) -> list[Core]:
    prefix = "bank" if profile == "municipal" else f"{profile}_bank"
    cores: list[Core] = []
    for lang in ("tr", "en", "el"):
        for module in (f"{prefix}_{lang}", f"{prefix}_{lang}_extra"):
            try:
                bank = importlib.import_module(f"classifiers.corpus.{module}").BANK
            except ModuleNotFoundError:
                continue
            for dept, block in bank.items():
                for line in block.strip().splitlines():
                    if not line.strip():
                        continue
                    t, u, text = line.split(" ", 2)
                    cores.append(Core(lang, dept, TYPE_CODES[t], URG_CODES[u], text.strip()))
    return cores


def _places_for(lang: str, places: list[NamedPlace], rng: random.Random) -> NamedPlace:
    pool = [p for p in places if (p.greek if lang == "el" else not p.greek if lang == "tr" else True)]
    return rng.choice(pool)


def compose(core: Core, rng: random.Random, places: list[NamedPlace], others: list[Core]) -> dict:
    lang = core.lang
    body = core.text
    department, rtype, urgency = core.department, core.type, core.urgency
    hard = ""
    r = rng.random()
    if rtype == "complaint" and r < 0.08:
        pre, post = rng.choice(SARCASM[lang])
        body = f"{pre} {body}. {post}" if rng.random() < 0.5 else f"{pre} {body}"
        hard = "sarcasm"
    elif rtype == "complaint" and r < 0.16:
        mates = [o for o in others if o.lang == lang and o.department != core.department and o.type == "complaint"]
        if mates:
            other = rng.choice(mates)
            body = f"{body}. {rng.choice(ALSO[lang])} {other.text}"
            if URG_RANK[other.urgency] < URG_RANK[core.urgency]:
                department, urgency = other.department, other.urgency
            hard = "two-problems"
    neighbourhood = None
    if rng.random() < 0.55:
        place = _places_for(lang, places, rng)
        phrase = place_phrase(place, lang, rng)
        neighbourhood = place.standard
        if lang == "en" and not phrase.endswith(":"):
            body = f"{body} {phrase}"
        else:
            body = f"{phrase} {body}"
    parts = []
    if rng.random() < 0.3:
        parts.append(rng.choice(OPENERS[lang]) + ",")
    question = ";" if lang == "el" and rng.random() < 0.6 else "?"
    parts.append(body + ("." if rtype != "information" else question))
    if rtype == "complaint" and urgency == "normal" and rng.random() < 0.25:
        parts.append(rng.choice(DURATIONS[lang]))
    if rtype in ("complaint", "request") and rng.random() < 0.3:
        parts.append(rng.choice(ASKS[lang]))
    text = " ".join(parts)
    if urgency == "normal" and rng.random() < 0.08:
        text = f"{rng.choice(URGENT_WORDS[lang])} {text}"
        hard = hard or "urgent-words"
    weights = STYLE_WEIGHTS[lang]
    style = rng.choices(list(weights), weights=list(weights.values()))[0]
    text = STYLES[style](text, lang, rng)
    text = text[0].upper() + text[1:] if style in ("plain", "email") else text
    group = hashlib.sha1(f"{core.lang}|{core.text}".encode("utf-8")).hexdigest()[:10]
    row = {"text": text, "lang": lang, "department": department, "type": rtype, "urgency": urgency,
           "channel": CHANNEL_OF_STYLE[style], "style": style}
    if neighbourhood:
        row["neighbourhood"] = neighbourhood
    row["group"] = group  # the message core: variants of one core never straddle CV folds
    if hard:
        row["hard"] = hard
    return row


def _handwritten(profile_dir: Path, split: str) -> list[dict]:
    """Hand-written messages, `handwritten/<split>.txt`: lang|department|type|urgency|neighbourhood|text.

    For "train", every `handwritten/train*.txt` joins (train.txt, train_tr_a.txt, ...)."""
    folder = profile_dir / "handwritten"
    paths = sorted(folder.glob("train*.txt")) if split == "train" else [folder / f"{split}.txt"]
    rows = []
    for path in paths:
        if path.is_file():
            rows.extend(_handwritten_file(path, split))
    return rows


def _handwritten_file(path: Path, split: str) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        lang, dept, rtype, urgency, hood, text = line.split("|", 5)
        prefix = {"dev_fresh": "fresh", "eval_fresh2": "fresh2"}.get(split, f"hand-{split}")
        if path.stem.startswith("train_"):
            prefix = f"hand-{path.stem}"
        row = {"id": f"{prefix}-{number:04d}", "text": text.replace("\\n", "\n"), "lang": lang,
               "department": dept, "type": rtype, "urgency": urgency, "style": "handwritten"}
        if hood != "-":
            row["neighbourhood"] = hood
        rows.append(row)
    return rows


def generate(profile: str = "municipal", out_dir: Path | None = None, seed: int = SEED) -> tuple[Path, Path]:
    out_dir = out_dir or (DATA_DIR if profile == "municipal" else DATA_DIR / profile)
    rng = random.Random(seed)
    places = load_places()
    cores = load_cores(profile)
    rows = {"train": [], "dev": []}
    for split in ("train", "dev"):
        pool = [c for c in cores if c.split == split]
        for core in pool:
            n = VARIANTS[core.lang] if split == "train" else max(3, VARIANTS[core.lang] - 3)
            for _ in range(n):
                rows[split].append(compose(core, rng, places, pool))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for split, name in (("train", "corpus.jsonl"), ("dev", "dev.jsonl")):
        gen = rows[split]
        for i, row in enumerate(gen):
            row["id"] = f"gen-{split}-{i:05d}"
        hand = _handwritten(out_dir, split) + (_handwritten(out_dir, "dev_fresh") if split == "dev" else [])
        path = out_dir / name
        with path.open("w", encoding="utf-8") as fh:
            for row in gen + hand:
                ordered = {"id": row["id"], **{k: v for k, v in row.items() if k != "id"}}
                fh.write(json.dumps(ordered, ensure_ascii=False) + "\n")
        paths.append(path)
        print(f"{path}: {len(gen)} generated + {len(hand)} hand-written")
    # A standalone blind set (never trained on, not in dev either): handwritten/eval_fresh2.txt
    # becomes handwritten/eval_fresh2.jsonl so `civicdesk eval` can read it.
    fresh2 = _handwritten(out_dir, "eval_fresh2")
    if fresh2:
        fresh2_path = out_dir / "handwritten" / "eval_fresh2.jsonl"
        fresh2_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in fresh2), encoding="utf-8")
        print(f"{fresh2_path}: {len(fresh2)} hand-written (evaluation only)")
    return paths[0], paths[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="municipal")
    args = ap.parse_args()
    generate(args.profile)


if __name__ == "__main__":
    main()
