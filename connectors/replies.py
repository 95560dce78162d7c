"""Acknowledgement texts in the citizen's language. Pure module."""

from __future__ import annotations

ACK = {
    "tr": "Talebiniz alındı. Talep numaranız: {number}. Teşekkür ederiz.",
    "el": "Το αίτημά σας καταχωρίστηκε. Αριθμός αιτήματος: {number}. Ευχαριστούμε.",
    "en": "Your request has been received. Request number: {number}. Thank you.",
}

# Country calling code -> language, for a reply before the text has been classified.
_BY_PREFIX = (("+90", "tr"), ("+30", "el"), ("+357", "el"))


def language_for_phone(phone: str | None, default: str = "en") -> str:
    for prefix, lang in _BY_PREFIX:
        if phone and phone.startswith(prefix):
            return lang
    return default


def acknowledgement(number: str, language: str | None) -> str:
    return ACK.get(language or "en", ACK["en"]).format(number=number)


GREETING = {
    "tr": "Merhaba! Beyaz Masa'ya hoş geldiniz. Talebinizi, şikâyetinizi veya önerinizi yazın; konum da gönderebilirsiniz.",
    "el": "Καλώς ήρθατε! Γράψτε το αίτημα, το παράπονο ή την πρότασή σας· μπορείτε να στείλετε και τοποθεσία.",
    "en": "Welcome! Write your request, complaint or suggestion; you can also send a location.",
}


def greeting(language: str | None) -> str:
    return GREETING.get((language or "en")[:2], GREETING["en"])
