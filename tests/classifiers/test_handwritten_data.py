"""The hand-written corpus files (classifiers/data/handwritten/*.txt) are well-formed, use the
fixed label space, name neighbourhoods by the gazetteer's standard name, and the blind
evaluation sets never reach the training corpus."""

import json
from pathlib import Path

import pytest

from classifiers.gazetteer import Gazetteer
from classifiers.taxonomy import TYPES, URGENCIES, load_taxonomy

DATA = Path(__file__).resolve().parents[2] / "classifiers" / "data"
HAND = DATA / "handwritten"
EVAL_ONLY = ("dev.txt", "dev_fresh.txt", "eval_fresh2.txt")  # never trained on


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line.split("|", 5)) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def files() -> dict[str, list[tuple[int, list[str]]]]:
    return {p.name: _rows(p) for p in sorted(HAND.glob("*.txt"))}


def test_every_line_has_six_fields_and_known_labels(files):
    departments = set(load_taxonomy("municipal").department_codes)
    bad = [f"{name}:{n}" for name, rows in files.items() for n, f in rows
           if len(f) != 6 or f[0] not in ("tr", "el", "en") or f[1] not in departments
           or f[2] not in TYPES or f[3] not in URGENCIES or not f[5].strip()]
    assert not bad, bad[:10]


def test_neighbourhood_labels_are_gazetteer_standard_names(files):
    gazetteer = Gazetteer.from_dir()
    bad = [f"{name}:{n} {f[4]}" for name, rows in files.items() for n, f in rows
           if f[4] != "-" and gazetteer.standard_name(f[4]) != f[4]]
    assert not bad, bad[:10]


def test_training_messages_do_not_repeat_evaluation_messages(files):
    held_out = {f[5] for name in EVAL_ONLY for _, f in files.get(name, [])}
    repeated = [f"{name}:{n}" for name, rows in files.items() if name.startswith("train")
                for n, f in rows if f[5] in held_out]
    assert not repeated, repeated[:10]


def test_evaluation_only_sets_are_absent_from_the_training_corpus(files):
    corpus = {json.loads(line)["text"] for line in (DATA / "corpus.jsonl").read_text(encoding="utf-8").splitlines()}
    leaked = [f"{name}:{n}" for name in EVAL_ONLY for n, f in files.get(name, [])
              if f[5].replace("\\n", "\n") in corpus]
    assert not leaked, leaked[:10]
    assert sum(len(files[name]) for name in files if name.startswith("train")) >= 1500
