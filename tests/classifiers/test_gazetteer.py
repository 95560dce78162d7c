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


@pytest.mark.parametrize("text, expected", [
    # both words of a two-word name inflect; accusative, genitive and plural cases
    ("στους Αμπελόκηπους δεν μαζεύουν τα σκουπίδια", "Αμπελόκηποι"),
    ("στον Νέο Κόσμο δεν έχει νερό από το πρωί", "Νέος Κόσμος"),
    ("ο δήμος του Νέου Κόσμου δεν απαντά", "Νέος Κόσμος"),
    ("στον Άγιο Αθανάσιο κομμένο νερό", "Άγιος Αθανάσιος"),
    ("οι δρόμοι της Νέας Σμύρνης είναι γεμάτοι λακκούβες", "Νέα Σμύρνη"),
    ("οι κάτοικοι του Περιστερίου ζητούν ψεκασμό", "Περιστέρι"),
    ("στα Πατήσια λακκούβα", "Πατήσια"),
    ("οι δρόμοι των Πατησίων είναι σκοτεινοί", "Πατήσια"),
    ("του Αμαρουσίου ο δήμος δεν μάζεψε τα κλαδιά", "Μαρούσι"),
    ("της Καλαμαριάς οι κάδοι ξεχειλίζουν", "Καλαμαριά"),
    ("στο Βύρωνα κομμένο νερό", "Βύρωνας"),
    ("ο Δήμος Ηλιουπόλεως δεν μάζεψε τα σκουπίδια", "Ηλιούπολη"),  # the older genitive of -πολη
    ("της Αγίας Παρασκευής οι δρόμοι", "Αγία Παρασκευή"),
    # Greeklish of the same cases
    ("sto Neo Kosmo den exei nero", "Νέος Κόσμος"),
    ("stous Ampelokipous myrizei gkazi", "Αμπελόκηποι"),
    ("ston Agio Athanasio kommeno nero", "Άγιος Αθανάσιος"),
    ("no water in Neos Kosmos since morning", "Νέος Κόσμος"),
])
def test_greek_names_in_their_case_forms(clf, text, expected):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood == expected


@pytest.mark.parametrize("text", [
    # plurals of singular names are ordinary words: bollards, paving slabs, a colony of cats
    "Η ράμπα στη γωνία έχει κλείσει από κολωνάκια, δεν μπορώ να ανέβω",
    "Οι πλάκες του πεζοδρομίου έχουν σηκωθεί και σκοντάφτουν τα παιδιά",
    "Can you neuter the colony of cats behind our building?",
    # a genitive after "στην" is a street (Patision Street), not the quarter
    "Τεράστια λακκούβα στην Πατησίων, έσπασα ζάντα",
    # ordinary sentences
    "Ο κόσμος περιμένει ώρες στη στάση και το λεωφορείο δεν έρχεται",
    "Ευχαριστούμε για τη γρήγορη επισκευή του φωτισμού",
    "den exei nero apo to prwi, ti na kanoume",
])
def test_greek_common_words_and_streets_are_not_places(clf, text):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood is None


@pytest.mark.parametrize("text, expected", [
    ("Kurtuluş'ta su yok", ("Kurtuluş", "Şişli")),  # -ta after ş; Kurtuluş alone is a common word
    ("Sincan Fatih Mahallesi su yok", ("Fatih", "Sincan")),
    ("Dün Bebek sahilinde çöpler toplanmadı", ("Bebek", "Beşiktaş")),
    ("Bebek sahilinde çöp kutuları taşıyor", ("Bebek", "Beşiktaş")),  # sentence start + place noun
    ("Bebek'te su yok", ("Bebek", "Beşiktaş")),
    ("pothole in Bebek near the shore", ("Bebek", "Beşiktaş")),
    ("Bahçeli'de çöp var", ("Bahçelievler", "Çankaya")),
    ("Kalamaria district has potholes", ("Καλαμαριά", "Καλαμαριά")),
])
def test_turkish_and_english_forms(clf, text, expected):
    c = clf.classify(ClassifyInput(text=text))
    assert (c.neighbourhood, c.district) == expected


@pytest.mark.parametrize("text", [
    "bebek arabası ile geçemiyoruz kaldırım dolu",
    "Bebek arabasıyla otobüse binemiyorum",  # capital only because the sentence starts there
    "OTOBÜS ŞOFÖRÜ BEBEK ARABALI KADINI ALMADI",  # all caps is no capital
    "gece yarısı havai fişek atılıyor, bebekler uyanıyor",
    "bahçeli evimizin önünde çöp var",
    "kurtulus da yok artik bu sehirde",  # no apostrophe: the conjunction "da"
    "otobüs bugün de gelmedi, durakta bekliyoruz",
])
def test_common_words_without_capital_or_marker_are_not_places(clf, text):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood is None


@pytest.mark.parametrize("text, expected", [
    ("HERE IN KONAK THE BUS HEATING DOES NOT WORK", "Konak"),  # all caps, but after "in"
    ("the bus never came, we waited in the Kurtulus area", "Kurtuluş"),
    ("Konak belediyesi veznesinde iade yapıldı", "Konak"),
    ("Selcuk ilcesinde bir kopek arabanin altinda kaldi", "Selçuk"),  # not "Araban" (the car's)
    ("στην πλακα αγελη αδεσποτων σκυλων", "Πλάκα"),
    ("sto peristeri hreiazomaste neo kado", "Περιστέρι"),
    ("Emek: the bin is overflowing", "Emek"),
    ("Tirede suyun rengi sarı", "Tire"),  # capital + locative, even at a sentence start
])
def test_words_around_a_common_word_name_make_it_a_place(clf, text, expected):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood == expected


@pytest.mark.parametrize("text", [
    "mezarlığın yanındaki çeşme neden hep kapalı",
    "fırtınada ağaç arabanın üstüne düştü",
    "Eski konak harabeye döndü, çatısı çökmek üzere.",
    "APARTMANIN KAZAN DAİRESİNDE PATLAMA OLDU",
    "Beyaz masa merhaba, kültür merkezindeki konser biletleri nereden alınır?",
    "Βρήκαμε ένα περιστέρι με σπασμένη φτερούγα",
    "şoför kadın yolcuya hakaret etti plaka 06 ABC 123",
    "Sokak hayvanları için mahalle veteriner kartı olsa iyi olur",  # bare "mahalle" is the noun
])
def test_common_words_are_not_places(clf, text):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood is None


@pytest.mark.parametrize("text, expected", [
    ("@lemesos στο Γαλάτσι η εκσκαφή ράγισε τα θεμέλια μας", "Γαλάτσι"),  # the place, not the account
    ("@Limassol_Mun there is a dead dog in the middle of the road", None),  # only the account
    ("stin harokopou pe8ane o pateras mou", "Χαροκόπου"),  # Greeklish h for χ
    ("periohh trahoni ta adespota gavgizoun", "Τραχώνι"),
])
def test_tags_and_greeklish_h(clf, text, expected):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood == expected


@pytest.mark.parametrize("text", [
    "gürültüden huzur kalmadı, gece ikiye kadar müzik",  # huzur = peace (Huzur, Sarıyer)
    "örnek olsun diye söylüyorum, çöpler alınmıyor",  # örnek = example (Örnek, Ataşehir)
    "vrikame ena peristeri me spasmeno ftero",  # Greeklish "a pigeon": the alias is marked too
])
def test_city_common_words_list(clf, text):
    assert clf.classify(ClassifyInput(text=text)).neighbourhood is None
