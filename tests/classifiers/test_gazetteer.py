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
    # municipalities and quarters of the Greek cities, in Greek, Latin script and Turkish inflection
    ("Kalamaria'da su yok", "Καλαμαριά"),
    ("στην Καλαμαριά δεν μαζεύουν σκουπίδια", "Καλαμαριά"),
    ("no water in Kalamaria", "Καλαμαριά"),
    ("λακκούβες στο Μαρούσι", "Μαρούσι"),
    ("bins not collected in Glyfada", "Γλυφάδα"),
    ("στο Περιστέρι δεν έχει νερό", "Περιστέρι"),
    ("pothole in Chalandri", "Χαλάνδρι"),
    ("street lights off in Kifisia", "Κηφισιά"),
    ("Agios Athanasios no water", "Άγιος Αθανάσιος"),
    ("στη Μέσα Γειτονιά λακκούβα", "Μέσα Γειτονιά"),
    ("Germasogeia street lights off", "Γερμασόγεια"),
    ("στην Πυλαία σκουπίδια", "Πυλαία-Χορτιάτης"),
    ("Neapoli Sykies no water", "Νεάπολη-Συκιές"),
    ("στο Βύρωνα κομμένο νερό", "Βύρωνας"),
    # Turkish districts and mahalles of the four cities
    ("Fatih'te çöp toplanmadı", "Fatih"),
    ("esenlerde su yok", "Esenler"),
    ("Halkalı'da otobüs gelmedi", "Halkalı"),
    ("Çamdibi'nde çukur var", "Çamdibi"),
    ("sancaktepede lamba yanmıyor", "Sancaktepe"),
    ("Polatlı'da su kesik", "Polatlı"),
    ("Şehitkamil İncilipınar'da çöp", "İncilipınar"),
])
def test_neighbourhood_from_text(clf, text, expected):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood == expected


def test_a_name_that_needs_a_marker_does_not_hide_the_same_name_elsewhere(clf):
    # Sincan has a "Fatih" mahalle (common word: needs "Mahallesi"); İstanbul's district Fatih does not
    assert clf.classify(ClassifyInput(text="Fatih'te su yok")).city == "İstanbul"


def test_common_word_names_need_a_marker(clf):
    # "emek" is also "labour": without "mahallesi" it is not a place
    assert clf.classify(ClassifyInput(text="çok emek harcadık ama su yok")).neighbourhood is None


def test_unlisted_neighbourhood_before_marker_is_reported_as_written(clf):
    c = clf.classify(ClassifyInput(text="Kervansaray Mahallesi'nde çöpler alınmadı"))
    assert c.neighbourhood == "Kervansaray"
    assert c.district is None


def test_neighbourhood_from_coordinates_when_text_names_none(clf):
    c = clf.classify(ClassifyInput(text="su yok", lat=39.9208, lon=32.8541))
    assert (c.neighbourhood, c.district, c.city) == ("Kızılay", "Çankaya", "Ankara")
    far = clf.classify(ClassifyInput(text="su yok", lat=0.0, lon=0.0))
    assert far.neighbourhood is None


def test_text_wins_over_coordinates(clf):
    c = clf.classify(ClassifyInput(text="Moda'da su yok", lat=39.9208, lon=32.8541))
    assert c.neighbourhood == "Moda"


@pytest.mark.parametrize("text, expected", [
    ("Çankaya Cumhuriyet Mahallesi'nde su yok", ("Cumhuriyet", "Çankaya")),
    ("Cumhuriyet Mah. Çankaya çöp alınmadı", ("Cumhuriyet", "Çankaya")),
    ("Yavuz Selim mahallesi Bağcılar su yok", ("Yavuz Selim", "Bağcılar")),
])
def test_unlisted_mahalle_is_more_specific_than_the_district_named_with_it(clf, text, expected):
    c = clf.classify(ClassifyInput(text=text))
    assert (c.neighbourhood, c.district) == expected


def test_a_marked_name_before_its_marker_is_the_mahalle_not_the_same_named_district(clf):
    c = clf.classify(ClassifyInput(text="Fatih Mahallesi Sincan su yok"))
    assert (c.neighbourhood, c.district) == ("Fatih", "Sincan")
