"""Sub-commands contributed by `classifiers`: classify, eval, train."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Iterator

from civicdesk.settings import Settings

# Lines classified per batch: the model's sparse product is per batch, 1,000 keeps memory
# ~1 MB and amortises numpy call overhead (bench: ~3% slower at 100, no gain above 1,000).
BATCH = 1000


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's sub-commands to `civicdesk`."""
    p = sub.add_parser("classify", help="classify a JSONL file of messages (id, text, optional lang, channel, lat, lon)")
    p.add_argument("--input", required=True, help="JSONL file, '-' for stdin")
    p.add_argument("--output", default="-", help="JSONL file to write, default stdout")
    p.add_argument("--profile", default=None, help="taxonomy profile (default: settings.taxonomy_profile)")
    p.set_defaults(handler=classify_command)

    p = sub.add_parser("eval", help="score the classifier on a labelled JSONL file")
    p.add_argument("file", help="JSONL with id, text, lang, department, type, urgency, optional neighbourhood")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--profile", default=None, help="taxonomy profile (default: settings.taxonomy_profile)")
    p.set_defaults(handler=eval_command)

    p = sub.add_parser("train", help="rebuild the model artefact of a profile from its corpus (fixed seed)")
    p.add_argument("--profile", default=None, help="taxonomy profile (default: settings.taxonomy_profile)")
    p.add_argument("--corpus", default=None, help="training JSONL (default: the profile's corpus)")
    p.add_argument("--output", default=None, help="artefact path (default: classifiers/models/<profile>.npz)")
    p.add_argument("--with-corrections", action="store_true",
                   help="add the console's corrections (<data_dir>/corrections.jsonl) to the corpus")
    p.set_defaults(handler=train_command)


def _open_in(path: str) -> IO[str]:
    return sys.stdin if path == "-" else open(path, encoding="utf-8")


def _lines(fh: IO[str]) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, row, error). Blank lines are skipped; a bad line is an error, not a crash."""
    for number, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not JSON ({exc.msg})"
            continue
        if not isinstance(row, dict):
            yield number, None, "not a JSON object"
        elif "id" not in row or not isinstance(row.get("text"), str):
            yield number, None, "needs an 'id' and a string 'text'"
        else:
            yield number, row, None


def _coord(value: object) -> float | None:
    """Optional shared location; anything that is not a number is ignored like other keys."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def classify_command(args: argparse.Namespace, settings: Settings) -> int:
    from classifiers import ClassifyInput, load_classifier

    clf = load_classifier(args.profile or settings.taxonomy_profile)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    bad = 0
    try:
        with _open_in(args.input) as fh:
            batch: list[dict] = []

            def flush() -> None:
                inputs = [ClassifyInput(text=r["text"], language_hint=r.get("lang"), channel=r.get("channel"),
                                        lat=_coord(r.get("lat")), lon=_coord(r.get("lon")))
                          for r in batch]
                for row, c in zip(batch, clf.classify_batch(inputs)):
                    out.write(json.dumps({
                        "id": row["id"], "language": c.language, "department": c.department, "type": c.type,
                        "urgency": c.urgency, "confidence": c.confidence, "needs_review": c.needs_review,
                        "neighbourhood": c.neighbourhood, "reasons": list(c.reasons),
                    }, ensure_ascii=False) + "\n")
                batch.clear()

            for number, row, error in _lines(fh):
                if error:
                    bad += 1
                    print(f"{args.input}:{number}: skipped: {error}", file=sys.stderr)
                    continue
                batch.append(row)
                if len(batch) >= BATCH:
                    flush()
            flush()
    finally:
        if out is not sys.stdout:
            out.close()
    if bad:
        print(f"{args.input}: {bad} line(s) skipped", file=sys.stderr)
    return 0


def eval_command(args: argparse.Namespace, settings: Settings) -> int:
    from classifiers import load_classifier
    from classifiers.evaluate import evaluate, format_report

    clf = load_classifier(args.profile or settings.taxonomy_profile)
    rows: list[dict] = []
    bad = 0
    with _open_in(args.file) as fh:
        for number, row, error in _lines(fh):
            missing = [k for k in ("department", "type", "urgency") if row is not None and not row.get(k)]
            if error or missing:
                bad += 1
                print(f"{args.file}:{number}: skipped: {error or 'missing ' + ', '.join(missing)}", file=sys.stderr)
                continue
            rows.append(row)
    if not rows:
        print(f"{args.file}: no usable lines", file=sys.stderr)
        return 2
    report = evaluate(clf, rows)
    report["skipped_lines"] = bad
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0


def train_command(args: argparse.Namespace, settings: Settings) -> int:
    from classifiers.taxonomy import load_taxonomy
    from classifiers.train import train

    corpus = Path(args.corpus) if args.corpus else None
    if args.with_corrections:
        # Opt-in, so the committed artefact stays reproducible from the committed corpus alone.
        from classifiers.train import corpus_path, read_jsonl

        base = corpus or corpus_path(load_taxonomy(args.profile or settings.taxonomy_profile).profile)
        extra_path = Path(settings.data_dir) / "corrections.jsonl"
        extra = [r for r in read_jsonl(extra_path) if r.get("lang")] if extra_path.exists() else []
        corpus = Path(settings.data_dir) / "corpus-with-corrections.jsonl"
        corpus.parent.mkdir(parents=True, exist_ok=True)
        corpus.write_text(base.read_text(encoding="utf-8").rstrip("\n") + "\n"
                          + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extra), encoding="utf-8")
        print(f"{extra_path}: {len(extra)} correction(s) added to {base}")
    report = train(args.profile or settings.taxonomy_profile,
                   corpus=corpus,
                   out=Path(args.output) if args.output else None)
    print(f"{report.path}: {report.messages} messages, {report.features} features, "
          f"emergency threshold {report.emergency_threshold:.3f}, {report.size_bytes / 1024:.0f} KiB")
    return 0
