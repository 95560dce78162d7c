"""Channel styles applied to a message: how citizens really type on each channel.

Each style is a pure function (text, lang, rng) -> text. Labels never change with style:
"ACİL!!!" in front of a broken bench is still a normal-urgency parks complaint.
"""

from __future__ import annotations

import random

from classifiers.text import fold

EMOJIS = ["😡", "😠", "🙏", "😢", "👏", "🤬", "😤", "‼️", "🚨", "😞", "🙄", "💩", "👍", "❤️"]
MENTIONS = {"tr": ["@belediye", "@ankarabbld", "@istanbulbld", "@izmirbld", "@gaziantepbld", "@beyazmasa"],
            "en": ["@citycouncil", "@beyazmasa", "@ibb_en", "@Limassol_Mun"],
            "el": ["@dimos_athinaion", "@dimosthess", "@lemesos"]}
HASHTAGS = {"tr": ["#belediye", "#şikayet", "#rezalet", "#yeter", "#acil", "#beyazmasa", "#teşekkürler"],
            "en": ["#fail", "#council", "#complaint", "#thankyou", "#urgent"],
            "el": ["#δήμος", "#ντροπή", "#παράπονο", "#ευχαριστώ"]}
FILLERS = {"tr": ["efendim", "şey", "hani", "yani", "işte", "şimdi", "ee", "hocam", "abi", "bakın"],
           "en": ["uh", "um", "you know", "like", "so", "well", "I mean"],
           "el": ["εεε", "δηλαδή", "ξέρετε", "λοιπόν", "ρε παιδιά", "να σας πω"]}
URGENT_WORDS = {"tr": ["ACİL!!!", "ACİL ACİL", "acil!!", "ÇOK ACİL", "ACİLLL"],
                "en": ["URGENT!!!", "urgent!!", "URGENT URGENT", "ASAP!!!"],
                "el": ["ΕΠΕΙΓΟΝ!!!", "επειγον!!", "ΕΠΕΙΓΕΙ"]}
SARCASM = {"tr": [("Bravo belediye 👏", "Harika iş gerçekten"), ("Tebrikler, çok güzel hizmet:", "Aferin size"),
                  ("Teşekkürler belediye (!)", "Helal olsun"), ("Muhteşem hizmet,", "Bravo 👏👏")],
           "en": [("Great job council 👏", "Fantastic work"), ("Well done, truly world class service:", "Bravo"),
                  ("Thanks a lot council (!)", "Amazing")],
           "el": [("Μπράβο δήμε 👏", "Συγχαρητήρια"), ("Τέλεια δουλειά,", "Εύγε"), ("Ευχαριστούμε πολύ δήμε (!)", "Μπράβο σας")]}

_GREEKLISH = [("ου", "ou"), ("ει", "ei"), ("οι", "oi"), ("αι", "ai"), ("μπ", "mp"), ("ντ", "nt"), ("γκ", "gk")]
_GREEKLISH_1 = {"α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": ["h", "i"], "θ": ["th", "8"],
                "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": ["ks", "x"], "ο": "o", "π": "p", "ρ": "r",
                "σ": "s", "τ": "t", "υ": ["y", "i"], "φ": "f", "χ": ["x", "ch", "h"], "ψ": "ps", "ω": ["w", "o"]}


def no_diacritics(text: str, lang: str, rng: random.Random) -> str:
    if lang == "tr":
        return text.translate(str.maketrans("çşğıöüÇŞĞİÖÜ", "csgiouCSGIOU"))
    if lang == "el":
        return fold(text)  # accents off, lower case: how most Greek SMS are typed
    return text.lower()


def caps(text: str, lang: str, rng: random.Random) -> str:
    if lang == "tr":
        text = text.replace("i", "İ").replace("ı", "I")
    return text.rstrip(".").upper() + rng.choice(["!!!", "!!", "!", " !!!!", ""])


def emoji(text: str, lang: str, rng: random.Random) -> str:
    picks = " ".join(rng.choice(EMOJIS) for _ in range(rng.randint(1, 3)))
    return f"{text} {picks}" if rng.random() < 0.7 else f"{picks} {text}"


def tweet(text: str, lang: str, rng: random.Random) -> str:
    text = f"{rng.choice(MENTIONS[lang])} {text}"
    if rng.random() < 0.8:
        text += " " + " ".join(rng.sample(HASHTAGS[lang], rng.randint(1, 2)))
    return text


def whatsapp(text: str, lang: str, rng: random.Random) -> str:
    parts = [p.strip() for p in text.replace(". ", ", ").split(", ") if p.strip()]
    tail = {"tr": ["??", "ilgilenen yok mu", "cevap bekliyorum"], "en": ["??", "anyone?", "hello??"],
            "el": ["??", "απαντήστε", "κανείς;"]}[lang]
    if rng.random() < 0.6:
        parts.append(rng.choice(tail))
    return "\n".join(parts)


def email(text: str, lang: str, rng: random.Random) -> str:
    greet = {"tr": ["Sayın Yetkili,", "Merhabalar,", "Sayın Belediye Başkanlığı,", "İyi günler,"],
             "en": ["Dear Sir or Madam,", "Hello,", "Dear Council,", "To whom it may concern,"],
             "el": ["Αξιότιμοι κύριοι,", "Καλησπέρα σας,", "Προς το Δήμο,", "Γεια σας,"]}[lang]
    sign = {"tr": ["Saygılarımla,\nAyşe Demir\n0532 111 22 33", "İyi çalışmalar dilerim.\nMehmet Kaya",
                   "Gereğini arz ederim.\nHasan Yıldız", "Teşekkürler,\nElif Şahin"],
            "en": ["Kind regards,\nJohn Smith", "Best wishes,\nMaria Georgiou\n+357 99 123456", "Thanks,\nAli"],
            "el": ["Με εκτίμηση,\nΜαρία Παπαδοπούλου", "Ευχαριστώ,\nΓιώργος Νικολάου\n6944123456",
                   "Φιλικά,\nΚατερίνα"]}[lang]
    body = text[0].upper() + text[1:]
    if not body.endswith((".", "?", ";", "!")):
        body += "."
    return f"{rng.choice(greet)}\n\n{body}\n\n{rng.choice(sign)}"


def transcript(text: str, lang: str, rng: random.Random) -> str:
    words = text.split()
    out: list[str] = []
    fillers = FILLERS[lang]
    out.append(rng.choice(fillers) + ",")
    for w in words:
        out.append(w)
        if rng.random() < 0.12:
            out.append(rng.choice(fillers))
    if lang == "tr" and rng.random() < 0.5:
        out.insert(0, "alo")
    return " ".join(out)


def greeklish(text: str, lang: str, rng: random.Random) -> str:
    if lang != "el":
        return text
    t = fold(text)
    for src, dst in _GREEKLISH:
        t = t.replace(src, dst)
    out = []
    for ch in t:
        m = _GREEKLISH_1.get(ch)
        if m is None:
            out.append(ch)
        elif isinstance(m, list):
            out.append(rng.choice(m))
        else:
            out.append(m)
    return "".join(out)


STYLES = {
    "plain": lambda t, lang, rng: t,
    "sms": no_diacritics,
    "caps": caps,
    "emoji": emoji,
    "tweet": tweet,
    "whatsapp": whatsapp,
    "email": email,
    "transcript": transcript,
    "greeklish": greeklish,
}
CHANNEL_OF_STYLE = {"plain": "web", "sms": "sms", "caps": "sms", "emoji": "whatsapp", "tweet": "twitter",
                    "whatsapp": "whatsapp", "email": "email", "transcript": "voice", "greeklish": "sms"}
