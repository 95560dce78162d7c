from classifiers.text import fold, fold_tokens, greek_skeleton, tokens


def test_turkish_casing_dotted_and_dotless_i():
    assert fold("İSTANBUL", "tr") == "istanbul"
    assert fold("IŞIK", "tr") == "isik"  # I -> ı -> i after folding
    assert fold("İzmir") == "izmir"  # no stray combining dot without a language


def test_turkish_diacritics_fold_so_sms_matches():
    assert fold("Çöp toplanmadı, şoför ğ üzgün", "tr") == "cop toplanmadi, sofor g uzgun"
    assert fold_tokens("ÇÖP TOPLANMADI", "tr") == fold_tokens("cop toplanmadi")


def test_greek_accents_and_final_sigma():
    assert fold("Ο ΔΡΌΜΟΣ στην Κυψέλη") == "ο δρομοσ στην κυψελη"
    assert fold("ϊΐΰ άέήίόύώ") == "ιιυ αεηιουω"


def test_tokens_split_apostrophes_punctuation_and_emoji():
    assert fold_tokens("Kızılay'da su yok!! 😡 #rezalet @belediye") == ["kizilay", "da", "su", "yok", "rezalet", "belediye"]
    assert tokens("a_b c-d") == ["a", "b", "c", "d"]


def test_greek_and_greeklish_share_a_skeleton():
    assert greek_skeleton(fold("δεν έχει νερό")) == greek_skeleton(fold("den exei nero"))
    assert greek_skeleton(fold("σκουπίδια")) == greek_skeleton("skoupidia")


def test_batch_folding_and_skeletons_equal_the_per_message_functions():
    from classifiers.text import fold_batch, greek_skeleton_batch
    texts = ["Kızılay'da SU YOK", "Ο ΔΡΌΜΟΣ στην Κυψέλη", "café crème", "den exei nero", "", "nul\x00byte", "ἀγών"]
    assert fold_batch(texts) == [fold(t) for t in texts]
    folded = [fold(t) for t in texts]
    assert greek_skeleton_batch(folded) == [greek_skeleton(t) for t in folded]
