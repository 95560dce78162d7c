"""The fast one-pass scanner gives exactly the features, rule hits and language of the plain paths."""

import json
from pathlib import Path

import numpy as np

from classifiers import ClassifyInput, load_classifier
from classifiers.features import is_ngram

DEV = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "dev.jsonl"


def test_scanner_matches_feature_strings_and_rule_matcher():
    clf = load_classifier("municipal")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:400]]
    for row in rows:
        inp = ClassifyInput(text=row["text"])
        prepared, feats = clf.analyse(inp)
        vocab = clf.model.vocab
        expected_ids = {vocab[f] for f in feats if f in vocab and not is_ngram(f)}
        assert set(clf.feature_ids(inp)) == expected_ids, row["text"]
        # n-grams come in as cached per-word score vectors: the scores must still agree
        assert np.allclose(clf.raw_scores([inp]), clf.model.scores_from_features([feats]), atol=1e-3), row["text"]
        skel = prepared.toks if prepared.lang == "el" else None
        plain_hits = clf.rules.find(prepared.toks if skel is None else skel, prepared.lang, skel)
        assert set(prepared.dept_hits + prepared.cue_hits) == set(plain_hits), row["text"]


def test_batch_path_detects_the_language_the_plain_detector_does():
    from classifiers.text import fold_tokens
    clf = load_classifier("municipal")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:400]]
    got = [c.language for c in clf.classify_batch([ClassifyInput(text=r["text"]) for r in rows])]
    lm = clf.language_model
    assert got == [lm.detect(r["text"], fold_tokens(r["text"])) for r in rows]


def test_a_message_gets_the_same_result_alone_and_in_a_batch():
    clf = load_classifier("municipal")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:300]]
    inputs = [ClassifyInput(text=r["text"]) for r in rows]
    assert clf.classify_batch(inputs) == [clf.classify(inp) for inp in inputs]
