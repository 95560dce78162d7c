import pytest

from classifiers import load_classifier
from classifiers.text import fold_tokens


@pytest.fixture(scope="module")
def detect():
    lm = load_classifier("municipal").language_model
    return lambda text, hint=None: lm.detect(text, fold_tokens(text), hint)


@pytest.mark.parametrize("text", ["su yok", "cop toplanmadi", "KOPEK ISIRDI", "otobus gelmedi yine",
                                  "sokak lambasi yanmiyor", "Kızılay'da su yok"])
def test_short_turkish_without_diacritics(detect, text):
    assert detect(text) == "tr"


@pytest.mark.parametrize("text", ["no water again", "bins not collected", "bus never came", "pothole on my street"])
def test_short_english(detect, text):
    assert detect(text) == "en"


@pytest.mark.parametrize("text", ["δεν εχει νερο", "ΣΚΟΥΠΙΔΙΑ ΠΑΝΤΟΥ", "λακκουβα στο δρομο", "den exei nero",
                                  "ta skoupidia den mazeutikan"])
def test_greek_without_accents_and_greeklish(detect, text):
    assert detect(text) == "el"


def test_hint_only_breaks_ties(detect):
    assert detect("123 456", hint="el") == "el"
    assert detect("su yok", hint="en") == "tr"
