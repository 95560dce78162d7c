import json

from civicdesk.cli import main


def test_classify_writes_one_line_per_good_input_and_reports_bad_lines(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "text": "Kızılay'da gaz kokusu var", "channel": "sms", "extra": 1}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "bins overflowing in Kypseli", "lang": "en"}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", "--input", str(src), "--output", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "c"]
    assert set(rows[0]) == {"id", "language", "department", "type", "urgency", "confidence", "needs_review",
                            "neighbourhood", "reasons"}
    assert rows[0]["urgency"] == "emergency" and rows[0]["neighbourhood"] == "Kızılay"
    assert rows[1]["department"] == "sanitation" and rows[1]["neighbourhood"] == "Κυψέλη"
    err = capsys.readouterr().err
    assert "in.jsonl:2:" in err and "in.jsonl:3:" in err


def test_eval_prints_json_report(tmp_path, capsys):
    src = tmp_path / "gold.jsonl"
    rows = [
        {"id": 1, "text": "sokağımızdaki çukur büyüdü", "lang": "tr", "department": "public-works",
         "type": "complaint", "urgency": "normal"},
        {"id": 2, "text": "apartmanda gaz kokusu var", "lang": "tr", "department": "general",
         "type": "complaint", "urgency": "emergency"},
        {"id": 3, "text": "Στην Κυψέλη οι κάδοι ξεχειλίζουν", "lang": "el", "department": "sanitation",
         "type": "complaint", "urgency": "normal", "neighbourhood": "Kypseli"},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert main(["eval", str(src), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["messages"] == 3
    assert report["emergency_recall"] == 1.0
    assert report["language_accuracy"] == 1.0
    assert report["neighbourhood_accuracy"] == 1.0  # "Kypseli" is the gazetteer's "Κυψέλη"
    assert report["department_confusion"]["public-works"]["public-works"] == 1
    assert set(report["tasks"]) == {"department", "type", "urgency"}


def test_eval_text_report_has_matrix(tmp_path, capsys):
    src = tmp_path / "gold.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "su yok", "lang": "tr", "department": "water-sewer",
                               "type": "complaint", "urgency": "normal"}) + "\n", encoding="utf-8")
    assert main(["eval", str(src)]) == 0
    out = capsys.readouterr().out
    assert "department: macro-F1" in out and "department confusion" in out
