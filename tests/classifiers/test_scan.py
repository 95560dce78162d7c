"""The fast one-pass scanner gives exactly the features and rule hits of the plain path."""

import json
from pathlib import Path

from classifiers import ClassifyInput, load_classifier

DEV = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "dev.jsonl"


def test_scanner_matches_feature_strings_and_rule_matcher():
    clf = load_classifier("municipal")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:400]]
    for row in rows:
        inp = ClassifyInput(text=row["text"])
        prepared, feats = clf.analyse(inp)
        expected_ids = sorted(clf.model.feature_ids(feats))
        assert sorted(clf._prepare(inp).feature_ids) == expected_ids, row["text"]
        skel = prepared.toks if prepared.lang == "el" else None
        plain_hits = clf.rules.find(prepared.toks if skel is None else skel, prepared.lang, skel)
        assert set(prepared.dept_hits + prepared.cue_hits) == set(plain_hits), row["text"]
