"""Satisfaction check after a request is resolved, and the citizen's 1-5 answer.

The check goes to requests.outbound as a `schemas.outbound.OutboundMessage` of kind
satisfaction_check (its id is deterministic per request, so a replay sends it once), on the
channel the citizen wrote from, in their language. The answer arrives as an ordinary
message on the same channel; `parse_rating` reads "5", "4/5", "beş", "πέντε", "★★★★".
"""

from __future__ import annotations

import re
from datetime import datetime

from schemas.outbound import OutboundKind, OutboundMessage
from schemas.request import CitizenRequest
from streams.textfold import local_fold

TEXTS = {
    "tr": ("{number} numaralı başvurunuz çözüldü olarak kapatıldı. Hizmetimizi 1 (çok kötü) ile 5 (çok iyi) "
           "arasında puanlar mısınız? Lütfen yalnızca bir rakamla yanıtlayın."),
    "el": ("Το αίτημά σας με αριθμό {number} ολοκληρώθηκε. Πώς αξιολογείτε την εξυπηρέτηση από 1 (πολύ κακή) "
           "έως 5 (πολύ καλή); Απαντήστε μόνο με έναν αριθμό."),
    "en": ("Your request {number} has been resolved. How would you rate our service from 1 (very poor) to "
           "5 (very good)? Please reply with a single number."),
}
DEFAULT_LANGUAGE = "en"

# Folded number words (textfold.local_fold: "beş" -> "bes", "πέντε" -> "πεντε", "dört" -> "dort").
_WORDS = {
    "bir": 1, "iki": 2, "uc": 3, "dort": 4, "bes": 5,
    "ενα": 1, "εναν": 1, "μια": 1, "δυο": 2, "τρια": 3, "τεσσερα": 4, "πεντε": 5,
    "ena": 1, "dyo": 2, "dio": 2, "tria": 3, "tessera": 4, "pente": 5,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}
# Public for streams.satisfaction_answers: a number word is part of a rating, not a new problem.
NUMBER_WORDS = frozenset(_WORDS)
_TOKEN = re.compile(r"\d+|\w+|★|⭐")
# "4/5", "4 / 5", "4 out of 5", "5 üzerinden 4" are all a rating with its scale.
_OUT_OF = re.compile(r"\b([1-5])\s*(?:/|out of|απο|από)\s*5\b")
_SCALE_FIRST = re.compile(r"\b5\s*(?:uzerinden|üzerinden)\s*([1-5])\b")


def satisfaction_check(request: CitizenRequest, now: datetime) -> OutboundMessage:
    """The 1-5 question for a resolved request. ValueError when it has no way back."""
    language = request.language if request.language in TEXTS else DEFAULT_LANGUAGE
    text = TEXTS[language].format(number=request.number)
    return OutboundMessage.for_request(request, OutboundKind.satisfaction_check, text, created_at=now,
                                       language=language)


def parse_rating(answer: str) -> int | None:
    """The 1-5 rating in a citizen's answer, or None when there is none or it is ambiguous
    ("3 or 4" is not a rating: we ask again rather than guess)."""
    text = local_fold(answer.strip())
    m = _OUT_OF.search(text) or _SCALE_FIRST.search(text)
    if m:
        return int(m.group(1))
    stars = text.count("★") + text.count("⭐")
    if 1 <= stars <= 5 and not re.search(r"\d", text):
        return stars
    toks = _TOKEN.findall(text)
    digits = [int(t) for t in toks if t.isdigit()]
    if digits:
        # Digits win over words: "bir" / "ένα" / "one" are also articles ("bir sorun yok, 5").
        if any(not 1 <= d <= 5 for d in digits):
            return None  # "10", "0": another scale, or not a rating
        found = set(digits)
    else:
        found = {_WORDS[t] for t in toks if t in _WORDS}
    return found.pop() if len(found) == 1 else None
