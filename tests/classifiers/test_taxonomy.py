from pathlib import Path

import pytest
import yaml

from classifiers import TaxonomyError, load_taxonomy
from classifiers.taxonomy import TAXONOMY_DIR

MUNICIPAL_CODES = ["public-works", "water-sewer", "sanitation", "municipal-police", "veterinary", "parks", "transport",
                   "funeral", "social-services", "zoning", "health", "finance", "general"]


def test_municipal_codes_and_targets():
    tax = load_taxonomy("municipal")
    assert tax.department_codes == MUNICIPAL_CODES
    works = tax.department("public-works")
    assert works.names["tr"] == "Fen İşleri" and works.names["en"] == "Public Works"
    assert works.response_target.hours == 24 and not works.response_target.business_hours
    assert works.topic == "requests.dept.public-works"


def test_ministry_profile_targets_and_24_7_desk():
    tax = load_taxonomy("ministry")
    assert "harassment-violence" in tax.department_codes
    assert tax.department("labour-rights").response_target.business_hours
    assert tax.department("labour-rights").response_target.hours == 16  # 2 business days
    assert tax.department("harassment-violence").always_open


def _write(tmp_path: Path, mutate) -> Path:
    data = yaml.load((TAXONOMY_DIR / "municipal.yaml").read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    mutate(data)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.dump(data, allow_unicode=True, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d["departments"][3].update(response_target={"hours": -1}), "departments[3].response_target.hours"),
    (lambda d: d["departments"][0].update(code="Public Works"), "departments[0].code"),
    (lambda d: d["departments"][1].update(code="public-works"), "departments[1].code"),
    (lambda d: d["departments"][2]["names"].pop("el"), "departments[2].names.el"),
    (lambda d: d["departments"][2]["keywords"].update(de=["x"]), "departments[2].keywords.de"),
    (lambda d: d.update(review_threshold=1.5), "review_threshold"),
    (lambda d: d.update(default_department="nope"), "default_department"),
    (lambda d: d["urgency_cues"].update(critical={"en": ["x"]}), "urgency_cues.critical"),
])
def test_invalid_taxonomy_names_the_field(tmp_path, mutate, field):
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(_write(tmp_path, mutate))
    assert field in str(err.value)


def test_unknown_profile_lists_known_ones():
    with pytest.raises(TaxonomyError, match="municipal"):
        load_taxonomy("nonexistent-profile")
