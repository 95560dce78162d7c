"""The classifier the stream calls: language, department, type, urgency, neighbourhood.

    clf = load_classifier("municipal")
    [c] = clf.classify_batch([ClassifyInput(text="Kızılay'da gaz kokusu var!")])
    c.department, c.urgency, c.reasons   # "public-works"?, "emergency", ("rule:emergency:gaz kokusu", ...)

Pure: no I/O after loading. Per batch: fold, tokenise, one numpy scan for rule hits,
feature ids, n-gram scores and language evidence (classifiers/scan.py), the gazetteer per
message, one sparse matrix product for the three heads. Emergency cues override the model's urgency (recall first: a missed
emergency can cost a life, a false alarm costs a call-back).
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

import numpy as np
from scipy import sparse

from classifiers.features import FeatureIndexer, message_features
from classifiers.gazetteer import MARKERS, Gazetteer, Place, unlisted_neighbourhood
from classifiers.geo import GeoIndex
from classifiers.language import LanguageModel
from classifiers.model import LinearModel, artefact_path
from classifiers.rules import RuleSet
from classifiers.scan import Scanner
from classifiers.taxonomy import Taxonomy, load_taxonomy
from classifiers.text import fold_batch, greek_skeleton_batch, tokens

# Emergency probability above which the model alone calls an emergency. Below the 0.5 of
# an argmax on purpose: tuned on the dev split for emergency recall >= 0.98 (see train.py).
DEFAULT_EMERGENCY_THRESHOLD = 0.35
# An emergency cue is trusted over the model unless the model is this sure the message
# thanks someone ("yangına çabuk geldiniz, teşekkürler" is praise, not a fire now).
PRAISE_VETO = 0.8
# The definitions: an injured or trapped animal is urgent, not an emergency. An
# emergency cue ("bleeding", "trapped") in a message about animals with no word for a
# person is downgraded to urgent.
ANIMAL_DEPARTMENT = "veterinary"
PERSON_WORDS = frozenset(fold_word for fold_word in (
    "cocuk cocuga cocugu cocuklar cocuklara adam adami kadin kadina kisi insan insanlar yasli bebek kiz kizim "
    "oglum oglan amca teyze komsu child children kid kids man woman person people boy girl baby neighbour "
    "neighbor paidi paidia anthropos anthropo gineka andras kirios kiria moro ilikiomenos "
    "babam annem anne baba dedem ninem esim kardesim abim ablam father mother dad mum mom husband wife son daughter "
    "grandfather grandmother grandma grandpa pateras mitera sizigos giagia papus adelfos"
).split())


@dataclass(frozen=True)
class ClassifyInput:
    text: str
    language_hint: str | None = None
    channel: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Classification:
    language: str
    department: str
    type: str
    urgency: str
    confidence: float  # 0..1: the lower of the department and urgency probabilities
    needs_review: bool
    neighbourhood: str | None  # gazetteer standard name: the neighbourhood, else the district named
    district: str | None
    city: str | None
    reasons: tuple[str, ...]


_FIELDS = tuple(f for f in Classification.__dataclass_fields__)


def _classification(*values: object) -> Classification:
    """`Classification(*values)` without the frozen `__init__`'s ten `object.__setattr__`
    calls (3.5 -> 0.8 us, ~5% of the whole pipeline); the instance is the same frozen
    dataclass (assigning to it still raises FrozenInstanceError)."""
    obj = object.__new__(Classification)
    obj.__dict__.update(zip(_FIELDS, values))
    return obj


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one batch, as `timeit` does.

    A batch of 1,000 builds ~20,000 short-lived lists and tuples (no reference cycles: they
    are freed by reference counting); with the collector on, the ones alive across a
    collection get promoted and trigger full collections over every object of the process
    (model tables, gazetteer, caches). Measured on the dev box: 58 -> 48 us per message.
    The previous state is restored, also on error."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Prepared(NamedTuple):
    lang: str
    toks: list[str]
    dept_hits: list
    cue_hits: list
    place: Place | None


class Classifier:
    def __init__(self, taxonomy: Taxonomy, model: LinearModel | None, gazetteer: Gazetteer,
                 geo: GeoIndex | None = None, *, review_threshold: float | None = None,
                 emergency_threshold: float | None = None, language_model: LanguageModel | None = None) -> None:
        self.taxonomy = taxonomy
        self.model = model
        self.gazetteer = gazetteer
        self.geo = geo
        self.rules = RuleSet(
            {d.code: d.keywords for d in taxonomy.departments},
            taxonomy.urgency_cues,
            taxonomy.type_cues,
        )
        self.language_model = language_model or (model.language if model is not None else LanguageModel())
        self._indexer = FeatureIndexer(model.vocab) if model is not None else None
        weights = model.weights if model is not None else None
        self._lock = threading.Lock()
        self._scan_latin = Scanner(self.rules.latin, self._indexer, self.language_model.token_evidence, weights)
        self._scan_greek = Scanner(self.rules.greek, self._indexer, None, weights)
        self.review_threshold = taxonomy.review_threshold if review_threshold is None else review_threshold
        meta_thr = (model.meta.get("emergency_threshold") if model is not None else None)
        self.emergency_threshold = emergency_threshold or meta_thr or DEFAULT_EMERGENCY_THRESHOLD

    # -- per batch -----------------------------------------------------------------------
    def _prepare_batch(self, inputs: Sequence[ClassifyInput]
                       ) -> tuple[list[_Prepared], tuple[sparse.csr_matrix, np.ndarray] | None]:
        """Language, working tokens, rule hits and place of each message, and the batch's
        features (None without a model): the binary matrix of words, stems, bigrams, rules
        and flags, and the summed n-gram scores (n, n_outputs).

        Latin-script messages get rules, features and language evidence from one batch scan;
        messages that turn out Greek (script) or Greeklish are scanned on their Greek skeleton."""
        n = len(inputs)
        texts = [inp.text or "" for inp in inputs]
        folded = fold_batch(texts)
        lm = self.language_model
        langs = ["el" if lm.greek_script(t) else "" for t in texts]
        # Greek-script messages are only ever read through their skeleton (below): no plain tokens
        toks: list[list[str]] = [[] if lang else tokens(f) for f, lang in zip(folded, langs)]
        latin = [i for i in range(n) if not langs[i]]
        scan_l = self._scan_latin.scan_batch([toks[i] for i in latin])
        for j, (i, (tr, en, el)) in enumerate(zip(latin, scan_l.language.tolist())):
            langs[i] = lm.decide(texts[i], tr, en, el, inputs[i].language_hint)
        greek = [i for i in range(n) if langs[i] == "el"]
        skel = dict(zip(greek, map(tokens, greek_skeleton_batch([folded[i] for i in greek]))))
        scan_g = self._scan_greek.scan_batch([skel[i] for i in greek])
        dept_of: list[list] = [[] for _ in range(n)]
        cues_of: list[list] = [[] for _ in range(n)]
        for j, i in enumerate(latin):
            dept_of[i], cues_of[i] = scan_l.dept_hits[j], scan_l.cue_hits[j]
        for j, i in enumerate(greek):
            dept_of[i], cues_of[i] = scan_g.dept_hits[j], scan_g.cue_hits[j]
        gazetteer, geo = self.gazetteer, self.geo
        prepared: list[_Prepared] = []
        for i, inp in enumerate(inputs):
            lang, tk = langs[i], toks[i]
            work = skel[i] if lang == "el" else tk
            place = gazetteer.find(work, lang, work if lang == "el" else None, texts[i])
            if (place is None or place.kind == "district") and lang == "tr" and not MARKERS.isdisjoint(tk):
                # a mahalle the gazetteer does not list is more specific than the district named
                place = unlisted_neighbourhood(texts[i], place) or place
            if place is None and inp.lat is not None and inp.lon is not None and geo is not None:
                place = geo.locate(inp.lat, inp.lon)
            prepared.append(_Prepared(lang, work, dept_of[i], cues_of[i], place))
        if self.model is None or self._indexer is None:
            return prepared, None
        # feature pairs: Latin scan rows of messages still Latin, Greek scan rows, per-message flags
        latin_idx = np.array(latin, dtype=np.int64)
        still_latin = np.array([langs[i] != "el" for i in latin], dtype=bool)
        keep = still_latin[scan_l.rows] if len(latin) else np.zeros(0, dtype=bool)
        greek_idx = np.array(greek, dtype=np.int64)
        extra_rows, extra_cols = self._indexer.message_pairs(langs, texts)
        rows = np.concatenate([latin_idx[scan_l.rows[keep]] if len(latin) else np.zeros(0, dtype=np.int64),
                               greek_idx[scan_g.rows] if len(greek) else np.zeros(0, dtype=np.int64),
                               np.array(extra_rows, dtype=np.int64)])
        cols = np.concatenate([scan_l.cols[keep], scan_g.cols, np.array(extra_cols, dtype=np.int64)])
        grams = np.zeros((n, self.model.weights.shape[1]), dtype=np.float32)
        if len(latin) and scan_l.ngram_scores is not None:
            grams[latin_idx[still_latin]] = scan_l.ngram_scores[still_latin]
        if len(greek) and scan_g.ngram_scores is not None:
            grams[greek_idx] = scan_g.ngram_scores
        return prepared, (self.model.design(rows, cols, n), grams)

    def analyse(self, inp: ClassifyInput) -> tuple[_Prepared, list[str]]:
        """Language, tokens, rule hits, place and feature strings of one message (training uses this)."""
        [p], _ = self._prepare_batch([inp])
        feats = message_features(p.toks, p.lang, [h.label for h in p.dept_hits], [h.label for h in p.cue_hits],
                                 inp.text or "")
        return p, feats

    def feature_ids(self, inp: ClassifyInput) -> list[int]:
        """Sorted binary feature ids of one message as the batch path computes them (tests compare paths)."""
        _, feats = self._prepare_batch([inp])
        return sorted(feats[0].indices.tolist()) if feats is not None else []

    def raw_scores(self, inputs: Sequence[ClassifyInput]) -> np.ndarray:
        """Model scores (n, n_outputs) as `classify_batch` computes them."""
        _, feats = self._prepare_batch(inputs)
        if feats is None or self.model is None:
            raise ValueError("no trained model loaded")
        return self.model.scores_matrix(*feats)

    def classify(self, inp: ClassifyInput) -> Classification:
        return self.classify_batch([inp])[0]

    def classify_batch(self, inputs: Sequence[ClassifyInput]) -> list[Classification]:
        if not inputs:
            return []
        # the scanners grow shared token tables: one batch at a time (a lock costs ~0.1 us per batch)
        with self._lock, _gc_paused():
            return self._classify_batch(inputs)

    def _classify_batch(self, inputs: Sequence[ClassifyInput]) -> list[Classification]:
        prepared, feats = self._prepare_batch(inputs)
        if self.model is None or feats is None:
            return [self._rules_only(p) for p in prepared]
        x, grams = feats
        probs = self.model.probabilities(self.model.scores_matrix(x, grams))
        labels = self.model.labels
        dept_labels, type_labels, urg_labels = labels["department"], labels["type"], labels["urgency"]
        dept_p, type_p, urg_p = probs["department"], probs["type"], probs["urgency"]
        # numpy -> Python lists once per batch: scalar indexing of arrays costs ~0.2 us a time
        d_idx = dept_p.argmax(axis=1).tolist()
        d_conf = dept_p.max(axis=1).tolist()
        t_idx = type_p.argmax(axis=1).tolist()
        u_idx = urg_p.argmax(axis=1).tolist()
        u_conf = urg_p.max(axis=1).tolist()
        emerg_p = urg_p[:, urg_labels.index("emergency")].tolist()
        praise_p = (type_p[:, type_labels.index("praise")].tolist() if "praise" in type_labels
                    else [0.0] * len(prepared))
        threshold = self.emergency_threshold
        review = self.review_threshold
        # Reasons: the keyword rule that matched the chosen department, else the strongest
        # features; only messages without a keyword reason pay for the feature ranking.
        keyword_reason: list[str | None] = [None] * len(prepared)
        default = self.taxonomy.default_department
        default_col = dept_labels.index(default) if default in dept_labels else -1
        col_of = {code: j for j, code in enumerate(dept_labels)}
        for row, p in enumerate(prepared):
            dept_hits = p[2]
            if not dept_hits:
                continue
            if d_idx[row] == default_col:
                # "general" is for messages tied to no department (issue 4); one that names a
                # department's subject ("the water crew fixed the pipe, thanks") goes there:
                # the named department the model scores highest.
                named = {col_of[h.label] for h in dept_hits if h.label != default and h.label in col_of}
                if named:
                    best = max(named, key=lambda j: dept_p[row, j])
                    d_idx[row] = best
                    d_conf[row] = float(dept_p[row, best])
            department = dept_labels[d_idx[row]]
            for h in dept_hits:
                if h.label == department:
                    keyword_reason[row] = "rule:keyword:" + h.phrase
                    break
        need_top = [row for row, k in enumerate(keyword_reason) if k is None]
        if need_top:
            ranked = self.model.top_features_batch(x[need_top], "department", [d_idx[r] for r in need_top])
            for r, feats in zip(need_top, ranked):
                keyword_reason[r] = tuple("feature:" + f for f in feats)  # type: ignore[assignment]
        # confidence in the common case (no urgency override): the lower of the two probabilities
        conf = [round(a if a < b else b, 3) for a, b in zip(d_conf, u_conf)]
        out: list[Classification] = []
        for row, p in enumerate(prepared):
            lang, toks, dept_hits, cue_hits, place = p
            rtype = type_labels[t_idx[row]]
            urgency = urg_labels[u_idx[row]]
            confidence = conf[row]
            reasons: list[str] = []
            if urgency != "emergency" and emerg_p[row] >= threshold:
                urgency, uc = "emergency", emerg_p[row]
                reasons.append(f"model:emergency p={uc:.2f} >= {threshold:.2f}")
                confidence = round(min(d_conf[row], uc), 3)
            type_cue = None
            if cue_hits:
                emergency = urgent = None
                for h in cue_hits:
                    if h.kind == "urgency":
                        if h.label == "emergency":
                            emergency = emergency or h
                        elif h.label == "urgent":
                            urgent = urgent or h
                    elif type_cue is None and h.label == rtype:
                        type_cue = h
                if praise_p[row] < PRAISE_VETO and (emergency is not None or urgent is not None):
                    uc = u_conf[row] if not reasons else emerg_p[row]
                    if emergency is not None and self._animal_only(p):
                        urgent, emergency = emergency, None
                        if urgency == "emergency":
                            urgency = "urgent"
                    if emergency is not None:
                        urgency, uc = "emergency", max(uc, 0.9)
                        reasons.append(f"rule:emergency:{emergency.phrase}")
                        confidence = round(min(d_conf[row], uc), 3)
                    elif urgent is not None and urgency == "normal" and rtype != "information":
                        urgency, uc = "urgent", max(uc, 0.7)
                        reasons.append(f"rule:urgent:{urgent.phrase}")
                        confidence = round(min(d_conf[row], uc), 3)
            kw = keyword_reason[row]
            if type(kw) is str:
                reasons.append(kw)
            else:
                reasons.extend(kw)  # type: ignore[arg-type]
            if type_cue is not None:
                reasons.append("rule:type:" + type_cue.phrase)
            if place is None:
                out.append(_classification(lang, dept_labels[d_idx[row]], rtype, urgency, confidence,
                                           confidence < review, None, None, None, tuple(reasons)))
            else:
                out.append(_classification(lang, dept_labels[d_idx[row]], rtype, urgency, confidence,
                                           confidence < review, place.neighbourhood, place.district or None,
                                           place.city or None, tuple(reasons)))
        return out

    def emergency_cue(self, p: _Prepared) -> bool:
        """Would an emergency cue raise this message to emergency (before the praise veto)?"""
        return any(h.kind == "urgency" and h.label == "emergency" for h in p.cue_hits) and not self._animal_only(p)

    @staticmethod
    def _animal_only(p: _Prepared) -> bool:
        depts = {h.label for h in p.dept_hits}
        return ANIMAL_DEPARTMENT in depts and PERSON_WORDS.isdisjoint(p.toks)

    def _rules_only(self, p: _Prepared) -> Classification:
        """Without a trained artefact: keyword votes (used before the first `civicdesk train`)."""
        counts: dict[str, int] = {}
        for h in p.dept_hits:
            counts[h.label] = counts.get(h.label, 0) + 1
        department = max(counts, key=counts.__getitem__) if counts else self.taxonomy.default_department
        levels = {h.label for h in p.cue_hits if h.kind == "urgency"}
        urgency = "emergency" if "emergency" in levels else "urgent" if "urgent" in levels else "normal"
        reasons = [f"rule:keyword:{h.phrase}" for h in p.dept_hits if h.label == department][:2]
        reasons += [f"rule:{h.label}:{h.phrase}" for h in p.cue_hits if h.kind == "urgency"][:1]
        confidence = 0.6 if counts else 0.2
        return self._result(p, department, "complaint", urgency, confidence, reasons)

    def _result(self, p: _Prepared, department: str, rtype: str, urgency: str, confidence: float,
                reasons: list[str]) -> Classification:
        place = p.place
        return Classification(
            language=p.lang, department=department, type=rtype, urgency=urgency, confidence=confidence,
            needs_review=confidence < self.review_threshold,
            neighbourhood=place.neighbourhood if place else None,
            district=(place.district or None) if place else None,
            city=(place.city or None) if place else None,
            reasons=tuple(reasons),
        )


@lru_cache(maxsize=8)
def _cached(profile: str, artefact: str | None) -> Classifier:
    taxonomy = load_taxonomy(profile)
    path = Path(artefact) if artefact else artefact_path(taxonomy.profile)
    model = LinearModel.load(path) if path.is_file() else None
    return Classifier(taxonomy, model, Gazetteer.from_dir(), GeoIndex.default())


def load_classifier(profile: str = "municipal", artefact: str | Path | None = None) -> Classifier:
    """Taxonomy + trained artefact + gazetteers, loaded once per (profile, artefact) and cached."""
    return _cached(str(profile), str(artefact) if artefact else None)


