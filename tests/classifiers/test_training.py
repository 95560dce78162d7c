"""The tooling works for any profile: the ministry profile trains on its own corpus."""

import numpy as np

from classifiers import ClassifyInput, load_taxonomy
from classifiers.classifier import Classifier
from classifiers.gazetteer import Gazetteer
from classifiers.model import LinearModel
from classifiers.train import corpus_path, train


def test_ministry_trains_reproducibly_and_classifies(tmp_path):
    # every other line of the ministry corpus: same labels, half the training time
    lines = corpus_path("ministry").read_text(encoding="utf-8").splitlines()[::2]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a = train("ministry", corpus=corpus, out=tmp_path / "a.npz")
    b = train("ministry", corpus=corpus, out=tmp_path / "b.npz")
    wa, wb = np.load(a.path), np.load(b.path)
    assert all(np.array_equal(wa[k], wb[k]) for k in wa.files)  # fixed seed: same model
    model = LinearModel.load(a.path)
    assert model.labels["department"] == load_taxonomy("ministry").department_codes
    clf = Classifier(load_taxonomy("ministry"), model, Gazetteer.from_dir())
    c = clf.classify(ClassifyInput(text="üç aydır maaşım ödenmedi, patron oyalıyor"))
    assert c.department == "labour-rights"
    c = clf.classify(ClassifyInput(text="müdürüm beni taciz ediyor"))
    assert (c.department, c.urgency) == ("harassment-violence", "emergency")
