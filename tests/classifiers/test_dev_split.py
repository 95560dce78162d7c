"""Targets of issue 4, asserted on the held-out dev split (never trained on)."""

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


def test_department_macro_f1(report):
    assert report["tasks"]["department"]["macro_f1"] >= 0.92


def test_type_macro_f1(report):
    assert report["tasks"]["type"]["macro_f1"] >= 0.85


def test_urgency_macro_f1_and_emergency_recall(report):
    assert report["tasks"]["urgency"]["macro_f1"] >= 0.85
    assert report["emergency_recall"] >= 0.98


def test_language_accuracy(report):
    assert report["language_accuracy"] >= 0.98


def test_neighbourhood_exact_match(report):
    assert report["neighbourhood_accuracy"] >= 0.95
