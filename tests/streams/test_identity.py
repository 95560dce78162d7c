import pytest

from streams.identity import (
    CitizenLinker,
    extract_emails,
    extract_phones,
    handle_identity,
    identity_variants,
    normalise_phone,
)


@pytest.mark.parametrize("raw", ["0532 123 45 67", "+90 532 123 4567", "905321234567", "5321234567",
                                 "0090 532 123 45 67", "(0532) 123-45-67"])
def test_turkish_mobile_in_every_common_form_is_one_e164(raw):
    assert normalise_phone(raw) == "+905321234567"


def test_greek_and_cypriot_numbers():
    assert normalise_phone("+30 694 123 4567") == "+306941234567"
    assert normalise_phone("6941234567") == "+306941234567"  # national Greek form, default region TR
    assert normalise_phone("+357 99 123456") == "+35799123456"
    assert normalise_phone("6941234567", region="GR", fallback_regions=()) == "+306941234567"


@pytest.mark.parametrize("raw", ["153", "12345", "+90 000 000 00 00", "hello", ""])
def test_not_a_phone(raw):
    assert normalise_phone(raw) is None


def test_extracts_personal_numbers_and_emails_but_not_dates_amounts_or_hotlines():
    text = ("Merhaba, telefonum 0532 123 45 67, e-posta: Ayse.K@Mail.com. Başvuru no 7F3A-91C2, "
            "tarih 19.03.2026, tutar 1.250,00 TL. 444 0 153 aradım. Kızım: +30 694 123 4567.")
    assert extract_phones(text) == ["+905321234567", "+306941234567"]
    assert extract_emails(text) == ["ayse.k@mail.com"]


def test_identity_variants_for_search():
    assert identity_variants("0532 123 45 67") == ["+905321234567"]
    assert identity_variants("Ayse.K@Mail.COM") == ["ayse.k@mail.com"]
    assert "twitter:ayse_k" in identity_variants("@Ayse_K")
    assert identity_variants("twitter:@Ayse_K") == ["twitter:ayse_k"]
    assert identity_variants("tg:123456789") == ["telegram:123456789"]
    assert identity_variants("123456789") == ["telegram:123456789"]  # too short for a phone
    assert identity_variants("   ") == []


def test_linker_merges_email_sender_with_phone_written_in_body():
    table: dict = {}
    linker = CitizenLinker(table)
    sms = linker.observe(["+905321234567"], at=1.0)
    mail = linker.observe(["ayse@mail.com"], at=2.0)
    assert sms.id != mail.id
    merged = linker.observe(["ayse@mail.com"], linked=extract_phones("tel: 0532 123 45 67"), at=3.0)
    assert merged.id == sms.id  # the older record keeps its id
    assert mail.id in merged.aliases
    assert set(merged.identities) == {"+905321234567", "ayse@mail.com"}
    assert linker.lookup("ayse@mail.com") == linker.lookup("+905321234567") == merged
    assert set(linker.identities_for("0532 123 45 67")) == {"+905321234567", "ayse@mail.com"}


def test_linker_person_id_is_deterministic_across_processes():
    a = CitizenLinker({}).observe([handle_identity("twitter", "@Ayse_K")])
    b = CitizenLinker({}).observe(["twitter:ayse_k"])
    assert a.id == b.id and a.id.startswith("p_")


def test_linker_refuses_to_fuse_strangers_through_a_shared_number():
    linker = CitizenLinker({}, max_identities=3)
    for i in range(5):
        linker.observe([f"user{i}@mail.com"], linked=["+903124440185"], at=float(i))
    shared = linker.lookup("+903124440185")
    assert len(shared.identities) == 3
    assert linker.refused_merges == 3  # user2, user3, user4
    assert linker.lookup("user4@mail.com").identities == ("user4@mail.com",)


def test_message_listing_many_contacts_links_none_and_ignored_identities_never_link():
    linker = CitizenLinker({}, ignore=["+903124440185"])
    p = linker.observe(["a@mail.com"], linked=["+905321234567", "+905321234568", "+905321234569"])
    assert p.identities == ("a@mail.com",)
    p = linker.observe(["b@mail.com"], linked=["+903124440185"])
    assert p.identities == ("b@mail.com",)


def test_linker_forgets_a_person_silent_for_a_year_but_not_one_still_writing():
    day = 86_400.0
    table: dict = {}
    linker = CitizenLinker(table)
    quiet = linker.observe(["+905321111111"], ["a@example.org"], at=0.0)
    active = linker.observe(["+905322222222"], at=0.0)
    linker.observe(["+905322222222"], at=300 * day)  # wrote again after 300 days
    assert linker.sweep(now=400 * day) == 2  # the quiet person's phone and email
    assert linker.lookup("+905321111111") is None and linker.lookup("a@example.org") is None
    assert linker.lookup("+905322222222").id == active.id
    # the phone comes back: a new record, not the old person's links (the number may be recycled)
    again = linker.observe(["+905321111111"], at=401 * day)
    assert again.identities == ("+905321111111",) and quiet.identities != again.identities
