"""Issue 4 targets on the held-out dev split (never trained on).

Two kinds of checks: floors a change must not fall below (regressions fail the suite),
and the issue's targets. Targets not reached yet are marked xfail with the measured
figure, so the gap stays visible in every test run instead of silently passing.
"""

import json
from pathlib import Path

import pytest

from classifiers import load_classifier
from classifiers.evaluate import evaluate

DEV = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "dev.jsonl"


@pytest.fixture(scope="module")
def report():
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return evaluate(load_classifier("municipal"), rows)


# Floors: ~0.02 under the figures measured when this was committed (see classifiers/README.md).
def test_floors_against_regressions(report):
    assert report["tasks"]["department"]["macro_f1"] >= 0.90
    assert report["tasks"]["type"]["macro_f1"] >= 0.92
    assert report["tasks"]["urgency"]["macro_f1"] >= 0.86
    assert report["emergency_recall"] >= 0.98
    assert report["language_accuracy"] >= 0.98
    assert report["neighbourhood_accuracy"] >= 0.96


@pytest.mark.xfail(reason="target 0.92 at the edge: dev department macro-F1 measured 0.914 after the gun/gün cue fix", strict=False)
def test_target_department_macro_f1(report):
    assert report["tasks"]["department"]["macro_f1"] >= 0.92


def test_target_type_macro_f1(report):
    assert report["tasks"]["type"]["macro_f1"] >= 0.85


def test_target_urgency_macro_f1(report):
    assert report["tasks"]["urgency"]["macro_f1"] >= 0.85


def test_target_emergency_recall(report):
    assert report["emergency_recall"] >= 0.98


def test_target_language_accuracy(report):
    assert report["language_accuracy"] >= 0.98


def test_target_neighbourhood_exact_match(report):
    assert report["neighbourhood_accuracy"] >= 0.95
