"""The taxonomy: departments, their names, keywords, response targets and topics, as config.

A profile is a YAML file (`classifiers/taxonomies/<profile>.yaml`, or any path). It is
validated when loaded; a bad file fails with the field path, for example
`municipal.yaml: departments[3].response_target.hours: must be a positive number`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from schemas.topics import dept_topic

TAXONOMY_DIR = Path(__file__).parent / "taxonomies"
LANGUAGES = ("tr", "el", "en")
TYPES = ("complaint", "request", "suggestion", "information", "praise")
URGENCIES = ("emergency", "urgent", "normal")


class TaxonomyError(ValueError):
    """The taxonomy file is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class ResponseTarget:
    hours: float
    business_hours: bool = False  # True: counted in working hours (ministry: 2 business days = 16 h)


@dataclass(frozen=True)
class Department:
    code: str
    names: Mapping[str, str]
    keywords: Mapping[str, tuple[str, ...]]
    response_target: ResponseTarget
    topic: str
    always_open: bool = False  # handled 24/7 (harassment line, emergencies)
    description: str = ""


@dataclass(frozen=True)
class Taxonomy:
    profile: str
    title: str
    departments: tuple[Department, ...]
    default_department: str
    review_threshold: float
    # Urgency cue phrases per level and language, matched on folded text (see rules.py).
    urgency_cues: Mapping[str, Mapping[str, tuple[str, ...]]]
    source: Path | None = None
    _by_code: Mapping[str, Department] = field(default_factory=dict, repr=False, compare=False)
    # Type cue phrases per type and language (optional): evidence for the type head.
    type_cues: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def department_codes(self) -> list[str]:
        return [d.code for d in self.departments]

    def department(self, code: str) -> Department:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown department {code!r} in taxonomy {self.profile!r}") from None


def _fail(where: str, msg: str) -> TaxonomyError:
    return TaxonomyError(f"{where}: {msg}")


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "must be a non-empty string")
    return value


def _lang_map(value: Any, where: str, *, required: bool) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "must be a mapping of language (tr, el, en) to values")
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise _fail(f"{where}.{sorted(unknown)[0]}", f"unknown language; expected one of {', '.join(LANGUAGES)}")
    if required:
        for lang in LANGUAGES:
            if lang not in value:
                raise _fail(f"{where}.{lang}", "missing")
    return value


def _phrases(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, "must be a list of non-empty strings")
    return tuple(value)


def _target(value: Any, where: str) -> ResponseTarget:
    if not isinstance(value, dict):
        raise _fail(where, "must be a mapping with hours and business_hours")
    hours = value.get("hours")
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours <= 0:
        raise _fail(f"{where}.hours", "must be a positive number")
    business = value.get("business_hours", False)
    if not isinstance(business, bool):
        raise _fail(f"{where}.business_hours", "must be true or false")
    return ResponseTarget(float(hours), business)


def parse_taxonomy(data: Any, name: str, source: Path | None = None) -> Taxonomy:
    """Validate a parsed YAML document into a `Taxonomy`."""
    import re

    if not isinstance(data, dict):
        raise _fail(name, "must be a mapping")
    profile = _str(data.get("profile"), f"{name}: profile")
    title = _str(data.get("title", profile), f"{name}: title")
    default_target = _target(data.get("response_target"), f"{name}: response_target")
    threshold = data.get("review_threshold", 0.5)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise _fail(f"{name}: review_threshold", "must be a number between 0 and 1")
    raw_depts = data.get("departments")
    if not isinstance(raw_depts, list) or not raw_depts:
        raise _fail(f"{name}: departments", "must be a non-empty list")
    depts: list[Department] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_depts):
        where = f"{name}: departments[{i}]"
        if not isinstance(raw, dict):
            raise _fail(where, "must be a mapping")
        code = _str(raw.get("code"), f"{where}.code")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", code):
            raise _fail(f"{where}.code", f"{code!r} must be lower-case words joined by hyphens")
        if code in seen:
            raise _fail(f"{where}.code", f"duplicate code {code!r}")
        seen.add(code)
        names = _lang_map(raw.get("names"), f"{where}.names", required=True)
        for lang, nm in names.items():
            _str(nm, f"{where}.names.{lang}")
        kw_raw = _lang_map(raw.get("keywords", {}), f"{where}.keywords", required=False)
        keywords = {lang: _phrases(kw_raw.get(lang), f"{where}.keywords.{lang}") for lang in LANGUAGES}
        target = _target(raw["response_target"], f"{where}.response_target") if "response_target" in raw else default_target
        always_open = raw.get("always_open", False)
        if not isinstance(always_open, bool):
            raise _fail(f"{where}.always_open", "must be true or false")
        topic = raw.get("topic") or dept_topic(code)
        depts.append(Department(code, dict(names), keywords, target, _str(topic, f"{where}.topic"), always_open,
                                str(raw.get("description", ""))))
    default = _str(data.get("default_department", "general"), f"{name}: default_department")
    if default not in seen:
        raise _fail(f"{name}: default_department", f"{default!r} is not one of the departments")
    cues_raw = data.get("urgency_cues", {})
    if not isinstance(cues_raw, dict):
        raise _fail(f"{name}: urgency_cues", "must be a mapping of emergency/urgent to phrases per language")
    cues: dict[str, dict[str, tuple[str, ...]]] = {}
    for level, per_lang in cues_raw.items():
        if level not in ("emergency", "urgent"):
            raise _fail(f"{name}: urgency_cues.{level}", "unknown level; expected emergency or urgent")
        per_lang = _lang_map(per_lang, f"{name}: urgency_cues.{level}", required=False)
        cues[level] = {lang: _phrases(per_lang.get(lang), f"{name}: urgency_cues.{level}.{lang}") for lang in LANGUAGES}
    tcues_raw = data.get("type_cues", {})
    if not isinstance(tcues_raw, dict):
        raise _fail(f"{name}: type_cues", "must be a mapping of type to phrases per language")
    tcues: dict[str, dict[str, tuple[str, ...]]] = {}
    for rtype, per_lang in tcues_raw.items():
        if rtype not in TYPES:
            raise _fail(f"{name}: type_cues.{rtype}", f"unknown type; expected one of {', '.join(TYPES)}")
        per_lang = _lang_map(per_lang, f"{name}: type_cues.{rtype}", required=False)
        tcues[rtype] = {lang: _phrases(per_lang.get(lang), f"{name}: type_cues.{rtype}.{lang}") for lang in LANGUAGES}
    tax = Taxonomy(profile, title, tuple(depts), default, float(threshold), cues, source,
                   {d.code: d for d in depts}, tcues)
    return tax


def _resolve(profile: str | Path) -> Path:
    path = Path(profile)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    return TAXONOMY_DIR / f"{profile}.yaml"


@lru_cache(maxsize=16)
def _load_cached(path: Path, mtime: float) -> Taxonomy:
    try:
        # libyaml's C loader when present: ~10x faster on the 400-line taxonomy
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path.name}: not valid YAML: {exc}") from exc
    return parse_taxonomy(data, path.name, path)


def load_taxonomy(profile: str | Path = "municipal") -> Taxonomy:
    """Load and validate "municipal", "ministry" or a path to a YAML file (cached per file version)."""
    path = _resolve(profile)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in TAXONOMY_DIR.glob("*.yaml")))
        raise TaxonomyError(f"taxonomy {str(profile)!r} not found (known profiles: {known}, or give a path to a YAML file)")
    return _load_cached(path.resolve(), path.stat().st_mtime)
