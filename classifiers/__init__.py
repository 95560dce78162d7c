"""Classification of citizen requests: language, department, type, urgency, neighbourhood.

Public interface (what the stream worker calls):

    from classifiers import load_classifier, ClassifyInput, Classification, load_taxonomy
    clf = load_classifier("municipal")          # cached: cheap to call again
    results = clf.classify_batch([ClassifyInput(text="...", channel="sms")])

`classifiers.text.fold` / `classifiers.text.tokens` are the normalisation helpers other
packages (dedup) reuse so that the same text folds the same way everywhere.
"""

from classifiers.classifier import Classification, Classifier, ClassifyInput, load_classifier
from classifiers.taxonomy import Department, ResponseTarget, Taxonomy, TaxonomyError, load_taxonomy

__all__ = [
    "Classification", "Classifier", "ClassifyInput", "load_classifier",
    "Department", "ResponseTarget", "Taxonomy", "TaxonomyError", "load_taxonomy",
]
