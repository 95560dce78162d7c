"""Evaluation: per-label precision/recall/F1, macro-F1 per task, emergency recall, language
and neighbourhood accuracy, department confusion matrix. Pure: rows in, a dict out.

Neighbourhood exact match is scored on messages whose gold row names one; both names are
first mapped to the gazetteer's standard name, so "Kypseli", "kipseli" and "Κυψέλη" are
the same place and "Kizilay" equals "Kızılay" (gold files are typed by people, often
without diacritics).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from classifiers.classifier import Classification, Classifier, ClassifyInput
from classifiers.taxonomy import TYPES, URGENCIES

TASKS = ("department", "type", "urgency")


def per_label(gold: Sequence[str], pred: Sequence[str], labels: Iterable[str]) -> dict[str, dict[str, float]]:
    out = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                      "support": tp + fn}
    return out


def macro_f1(scores: dict[str, dict[str, float]]) -> float:
    present = [s["f1"] for s in scores.values() if s["support"] > 0]
    return round(sum(present) / len(present), 4) if present else 0.0


def evaluate(classifier: Classifier, rows: Sequence[dict], batch_size: int = 1000) -> dict:
    """Classify `rows` (without their gold `lang`: language detection is scored too) and score them."""
    preds: list[Classification] = []
    for start in range(0, len(rows), batch_size):
        chunk = rows[start:start + batch_size]
        preds.extend(classifier.classify_batch([
            ClassifyInput(text=r["text"], channel=r.get("channel"), lat=r.get("lat"), lon=r.get("lon")) for r in chunk]))
    label_sets = {"department": classifier.taxonomy.department_codes, "type": list(TYPES), "urgency": list(URGENCIES)}
    report: dict = {"messages": len(rows), "tasks": {}}
    for task in TASKS:
        gold = [r[task] for r in rows]
        pred = [getattr(p, task) for p in preds]
        scores = per_label(gold, pred, label_sets[task])
        report["tasks"][task] = {
            "macro_f1": macro_f1(scores),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / max(1, len(rows)), 4),
            "labels": scores,
        }
    urg = report["tasks"]["urgency"]["labels"]["emergency"]
    report["emergency_recall"] = urg["recall"]
    report["emergency_support"] = urg["support"]
    with_lang = [(r["lang"], p.language) for r, p in zip(rows, preds) if r.get("lang")]
    report["language_accuracy"] = round(sum(g == p for g, p in with_lang) / len(with_lang), 4) if with_lang else None
    gaz = classifier.gazetteer
    named = [(r["neighbourhood"], p) for r, p in zip(rows, preds) if r.get("neighbourhood")]
    hits = sum(1 for g, p in named if p.neighbourhood and gaz.standard_name(p.neighbourhood) == gaz.standard_name(g))
    report["neighbourhood_accuracy"] = round(hits / len(named), 4) if named else None
    report["neighbourhood_support"] = len(named)
    report["needs_review_rate"] = round(sum(p.needs_review for p in preds) / max(1, len(preds)), 4)
    reviewed_errors = [p.needs_review for r, p in zip(rows, preds) if p.department != r["department"]]
    report["department_errors_flagged"] = round(sum(reviewed_errors) / len(reviewed_errors), 4) if reviewed_errors else None
    depts = label_sets["department"]
    matrix = {g: {p: 0 for p in depts} for g in depts}
    for r, p in zip(rows, preds):
        if r["department"] in matrix and p.department in matrix[r["department"]]:
            matrix[r["department"]][p.department] += 1
    report["department_confusion"] = matrix
    return report


def format_report(report: dict) -> str:
    lines = [f"messages: {report['messages']}"]
    for task, res in report["tasks"].items():
        lines.append(f"\n{task}: macro-F1 {res['macro_f1']:.3f}  accuracy {res['accuracy']:.3f}")
        lines.append(f"  {'label':<18}{'prec':>7}{'recall':>8}{'F1':>7}{'n':>6}")
        for label, s in res["labels"].items():
            lines.append(f"  {label:<18}{s['precision']:>7.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}{s['support']:>6}")
    lines.append(f"\nemergency recall: {report['emergency_recall']:.3f} (n={report['emergency_support']})")
    lang = report["language_accuracy"]
    lines.append(f"language accuracy: {lang:.3f}" if lang is not None else "language accuracy: n/a (no lang)")
    nb = report["neighbourhood_accuracy"]
    lines.append(f"neighbourhood exact match: {nb:.3f} (n={report['neighbourhood_support']})" if nb is not None
                 else "neighbourhood exact match: n/a (no neighbourhood labels)")
    lines.append(f"needs_review: {report['needs_review_rate']:.3f} of messages; "
                 f"{report['department_errors_flagged'] if report['department_errors_flagged'] is not None else 'n/a'} "
                 f"of department errors flagged")
    depts = list(report["department_confusion"])
    short = [d[:6] for d in depts]
    lines.append("\ndepartment confusion (rows gold, columns predicted):")
    lines.append(" " * 18 + "".join(f"{s:>7}" for s in short))
    for d in depts:
        row = report["department_confusion"][d]
        lines.append(f"{d:<18}" + "".join(f"{row[p]:>7}" for p in depts))
    return "\n".join(lines)
