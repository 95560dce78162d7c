import pytest

from classifiers import ClassifyInput, load_classifier


@pytest.fixture(scope="module")
def clf():
    return load_classifier("municipal")


@pytest.mark.parametrize("text, expected", [
    ("Kızılay'da su yok", "Kızılay"),
    ("kizilayda su yok", "Kızılay"),
    ("KIZILAY DA SU YOK", "Kızılay"),
    ("Moda Mahallesi'nde çöp toplanmadı", "Moda"),
    ("Bostanlı Mah. su kesik", "Bostanlı"),
    ("caferaga mh cukur var", "Caferağa"),
    ("Bornova'daki parkta bank kırık", "Bornova"),
    ("Emek mahallesinde su yok", "Emek"),
    ("Στην Κυψέλη οι κάδοι ξεχειλίζουν", "Κυψέλη"),
    ("στη γειτονια της Κυψελης δεν μαζευουν σκουπιδια", "Κυψέλη"),
    ("sto Pagkrati den exei nero", "Παγκράτι"),
    ("λακκούβες στην Καλαμαριά", "Καλαμαριά"),
    ("Bins overflowing in Kypseli", "Κυψέλη"),
    ("pothole in Bahcelievler", "Bahçelievler"),
    ("No water in Zakaki since morning", "Ζακάκι"),
])
def test_neighbourhood_from_text(clf, text, expected):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood == expected


def test_common_word_names_need_a_marker(clf):
    # "emek" is also "labour": without "mahallesi" it is not a place
    assert clf.classify(ClassifyInput(text="çok emek harcadık ama su yok")).neighbourhood is None


def test_unlisted_neighbourhood_before_marker_is_reported_as_written(clf):
    c = clf.classify(ClassifyInput(text="Yavuz Selim Mahallesi'nde çöpler alınmadı"))
    assert c.neighbourhood == "Yavuz Selim"
    assert c.district is None


def test_neighbourhood_from_coordinates_when_text_names_none(clf):
    c = clf.classify(ClassifyInput(text="su yok", lat=39.9208, lon=32.8541))
    assert (c.neighbourhood, c.district, c.city) == ("Kızılay", "Çankaya", "Ankara")
    far = clf.classify(ClassifyInput(text="su yok", lat=0.0, lon=0.0))
    assert far.neighbourhood is None


def test_text_wins_over_coordinates(clf):
    c = clf.classify(ClassifyInput(text="Moda'da su yok", lat=39.9208, lon=32.8541))
    assert c.neighbourhood == "Moda"
