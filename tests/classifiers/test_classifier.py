import dataclasses

import pytest

from classifiers import Classification, ClassifyInput, load_classifier


@pytest.fixture(scope="module")
def clf():
    return load_classifier("municipal")


def test_load_is_cached(clf):
    assert load_classifier("municipal") is clf


def test_batch_returns_one_frozen_result_per_input_in_order(clf):
    texts = ["Sokağımızdaki çukur büyüdü", "the bins have not been emptied for a week", "Δεν έχουμε νερό από χθες"]
    results = clf.classify_batch([ClassifyInput(text=t) for t in texts])
    assert [r.language for r in results] == ["tr", "en", "el"]
    assert [r.department for r in results] == ["public-works", "sanitation", "water-sewer"]
    assert all(isinstance(r, Classification) and 0 <= r.confidence <= 1 for r in results)
    with pytest.raises(dataclasses.FrozenInstanceError):
        results[0].department = "parks"  # type: ignore[misc]
    assert clf.classify_batch([]) == []


@pytest.mark.parametrize("text", [
    "apartmanda gaz kokusu var", "APARTMANDA GAZ KOKUSU VAR", "evin yanında yangın çıktı",
    "Μυρίζει γκάζι στην πολυκατοικία", "there is smoke coming out of the flat next door",
    "komşu karısını dövüyor, çığlıklar geliyor", "my neighbour collapsed and is not breathing",
])
def test_emergencies_are_flagged_with_the_rule_as_reason(clf, text):
    c = clf.classify(ClassifyInput(text=text))
    assert c.urgency == "emergency"
    assert any(r.startswith("rule:emergency:") for r in c.reasons)


def test_urgent_words_alone_do_not_make_a_broken_bench_an_emergency(clf):
    c = clf.classify(ClassifyInput(text="ACİL!!! parktaki bank kırık"))
    assert c.department == "parks"
    assert c.urgency == "normal"


def test_no_cue_of_one_language_fires_on_an_everyday_word_of_another(clf):
    # English "gun" once matched Turkish "gün" (day) folded: every "3 gündür" complaint was an
    # emergency. Cues are matched across tr and en, so each must not be a common word of the other.
    texts = ["ayranci guvenlik caddesinde cukur var her gun biri lastik patlatiyo",
             "3 gündür çöp alınmadı sokak koktu", "Her gün aynı otobüs gecikiyor"]
    results = clf.classify_batch([ClassifyInput(text=t) for t in texts])
    assert [r.urgency for r in results] == ["normal", "normal", "normal"], [r.reasons for r in results]
    [armed] = clf.classify_batch([ClassifyInput(text="A man with a gun is threatening people outside the bakery")])
    assert armed.urgency == "emergency"


def test_praise_naming_a_department(clf):
    c = clf.classify(ClassifyInput(text="Fen işleri ekibine teşekkürler, çukuru bir günde kapattılar"))
    assert (c.type, c.department) == ("praise", "public-works")


def test_reasons_name_the_keyword_rule(clf):
    c = clf.classify(ClassifyInput(text="çöp konteyneri taşıyor"))
    assert c.department == "sanitation"
    assert {"rule:keyword:çöp", "rule:keyword:konteyner"} & set(c.reasons)


def test_low_confidence_is_flagged_for_review(clf):
    c = clf.classify(ClassifyInput(text="merhaba"))
    assert c.needs_review == (c.confidence < clf.review_threshold)
    assert c.needs_review
