"""Citizen identities: canonical phone/email/handle strings, extraction from text, and the
citizen record that links every identity seen for one person.

Canonical identity strings (what tables are keyed by and what the index stores):
    phone   "+905321234567"            E.164
    email   "ayse@example.org"         lower-cased
    handle  "twitter:ayse_k"           channel + handle without "@", lower-cased
            "telegram:123456789"       Telegram numeric user id

Pure module: phonenumbers only; state is a plain MutableMapping (a Faust table in the worker).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, MutableMapping, Sequence

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

DEFAULT_REGION = "TR"
# Tried after the default region when a national number is not valid there: a Greek mobile
# typed as "6941234567" is invalid in TR (69x is not a Turkish prefix) but valid in GR.
FALLBACK_REGIONS: tuple[str, ...] = ("GR", "CY")

# Numbers a person can be reached on. Shared-cost / UAN numbers ("444 0 153"), toll-free and
# premium lines belong to institutions and companies: linking on them would merge strangers.
_PERSONAL_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_HANDLE = re.compile(r"^@?([A-Za-z0-9_.]{1,64})$")
_TELEGRAM_ID = re.compile(r"^(?:telegram|tg)\s*[:#]?\s*(\d{5,15})$", re.IGNORECASE)
_CHANNEL_HANDLE = re.compile(r"^([a-z]+):@?(\S+)$", re.IGNORECASE)
# A digits-only run (after dropping spaces, dots, dashes, brackets) long enough to be a phone.
_DIGITS = re.compile(r"^\+?[\d\s().-]{7,20}$")
# Seven digits with separators between them: the shortest national number we accept.
_SEVEN_DIGITS = re.compile(r"(?:\d[\s().-]*){7}")
# Channels where a "@name" search may refer to a handle.
_HANDLE_CHANNELS = ("twitter", "instagram", "telegram", "facebook")
_ALL_CHANNELS = frozenset({*_HANDLE_CHANNELS, "whatsapp", "sms", "voice", "email", "web"})


def normalise_phone(raw: str, region: str = DEFAULT_REGION,
                    fallback_regions: Sequence[str] = FALLBACK_REGIONS) -> str | None:
    """E.164 for a phone written in any common form, or None when it is not a valid number.

    >>> normalise_phone("0532 123 45 67")
    '+905321234567'
    >>> normalise_phone("6941234567")
    '+306941234567'
    """
    return _normalise_phone(raw.strip(), region, tuple(fallback_regions))


# Every request's sender phone goes through here (~40 us in phonenumbers) and citizens write
# again and again: 65,536 recent numbers (~10 MB) make it a dict lookup for nearly all of them.
@lru_cache(maxsize=65_536)
def _normalise_phone(raw: str, region: str, fallback_regions: tuple[str, ...]) -> str | None:
    if not raw or not _DIGITS.match(raw):
        return None
    for reg in (region, *[r for r in fallback_regions if r != region]):
        try:
            number = phonenumbers.parse(raw, reg)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
        if raw.startswith("+"):  # an explicit country code: other regions cannot help
            return None
    return None


def normalise_email(raw: str) -> str | None:
    raw = raw.strip().strip("<>").lower()
    return raw if _EMAIL.fullmatch(raw) else None


def handle_identity(channel: str, handle: str) -> str:
    """'twitter:ayse_k' from ('twitter', '@Ayse_K'): handles are case-insensitive on every platform we take."""
    return f"{channel.lower()}:{handle.strip().lstrip('@').lower()}"


def citizen_identities(channel: str, phone: str | None = None, email: str | None = None,
                       handle: str | None = None) -> list[str]:
    """Canonical identities of a request's citizen fields (phone already E.164 in the schema)."""
    out = []
    if phone:
        out.append(normalise_phone(phone) or phone)
    if email:
        out.append(normalise_email(email) or email.strip().lower())
    if handle:
        out.append(handle_identity(channel, handle))
    return out


def extract_phones(text: str, region: str = DEFAULT_REGION) -> list[str]:
    """Personal phone numbers written in free text, E.164, in order of appearance, no repeats.

    Uses phonenumbers' matcher at VALID leniency, so dates, amounts and request numbers
    ("2026-03-19", "1.250,00 TL", "7F3A-91C2") are not taken for phones.
    """
    found: list[str] = []
    # The matcher costs ~0.2 ms per message; most messages have no run of 7+ digits at all.
    if not _SEVEN_DIGITS.search(text):
        return found
    for match in PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.number_type(match.number) not in _PERSONAL_TYPES:
            continue
        e164 = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        if e164 not in found:
            found.append(e164)
    return found


def extract_emails(text: str) -> list[str]:
    found: list[str] = []
    if "@" not in text:
        return found
    for match in _EMAIL.finditer(text):
        email = match.group(0).lower().rstrip(".")
        if email not in found:
            found.append(email)
    return found


def identity_variants(query: str, region: str = DEFAULT_REGION) -> list[str]:
    """Canonical identities a search string may mean (the search API ORs them).

    A phone in any common form, an email in any case, "@handle" (any social channel),
    "twitter:handle", or a Telegram id ("tg:123456789" or bare digits that are not a phone).
    """
    q = query.strip()
    if not q:
        return []
    m = _TELEGRAM_ID.match(q)
    if m:
        return [f"telegram:{m.group(1)}"]
    m = _CHANNEL_HANDLE.match(q)
    if m and m.group(1).lower() in _ALL_CHANNELS:
        return [handle_identity(m.group(1), m.group(2))]
    if "@" in q[1:]:
        email = normalise_email(q)
        return [email] if email else []
    out: list[str] = []
    phone = normalise_phone(q, region)
    if phone:
        out.append(phone)
    digits = re.sub(r"\D", "", q)
    if q.isdigit() and 5 <= len(q) <= 15:
        out.append(f"telegram:{digits}")  # Telegram user ids are bare integers
    m = _HANDLE.match(q)
    if m and not q.isdigit():
        out.extend(handle_identity(ch, m.group(1)) for ch in _HANDLE_CHANNELS)
    return out


@dataclass(frozen=True)
class Person:
    """All identities seen for one person. `id` is stable: it never changes once given out
    except by a merge, where the older record's id wins and the other becomes an alias."""

    id: str
    identities: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    since: float = 0.0
    seen: float = 0.0  # last message from any of the identities (event time); drives expiry

    def to_dict(self) -> dict:
        return {"id": self.id, "identities": list(self.identities), "aliases": list(self.aliases),
                "since": self.since, "seen": max(self.seen, self.since)}

    @classmethod
    def from_dict(cls, data: dict) -> "Person":
        since = float(data.get("since", 0.0))
        return cls(data["id"], tuple(data["identities"]), tuple(data.get("aliases", ())), since,
                   float(data.get("seen", since)))

    @property
    def all_ids(self) -> tuple[str, ...]:
        """The id and every former id, for looking up state written before a merge."""
        return (self.id, *self.aliases)


def person_id(identity: str) -> str:
    return "p_" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


class CitizenLinker:
    """Keeps one `Person` record per identity in `table` (identity -> Person.to_dict()).

    `observe(own, linked)` records the identities of a message's sender (`own`: phone, email,
    handle of the channel) and identities the message links to them (`linked`: a phone written
    in an email body, the phone of a WhatsApp profile); records are merged when they meet.
    Every identity of a person maps to the same full record, so a lookup by any one of them
    finds all (at most `max_identities` writes per merge).
    """

    # A real person uses 2-4 identities (a mobile, an email, one or two handles). A record that
    # would grow past 8 is almost always a shared number (a building manager, a muhtar's office,
    # an NGO relaying complaints): refuse the merge rather than fuse strangers.
    MAX_IDENTITIES = 8
    # A message that writes more than 2 numbers/emails lists other people's contacts.
    MAX_LINKED_PER_MESSAGE = 2
    # Links of a person silent for a year are forgotten (a phone number is recycled to a new
    # owner after ~6-12 months in Turkey and Greece), which also bounds the state: Alo 170's
    # 14.8M calls a year are at most ~15M identities of ~105 bytes (bench/bench_dedup_state.py).
    # Requests already indexed keep their citizen record; only new linking starts afresh.
    EXPIRE_AFTER = 365 * 86_400.0
    # "seen" is rewritten at most once a day per person: one write per identity, not per message.
    SEEN_RESOLUTION = 86_400.0

    def __init__(self, table: MutableMapping[str, dict], *, ignore: Iterable[str] = (),
                 max_identities: int = MAX_IDENTITIES, expire_after: float = EXPIRE_AFTER) -> None:
        self.table = table
        self.ignore = frozenset(ignore)
        self.max_identities = max_identities
        self.expire_after = expire_after
        self.refused_merges = 0

    def lookup(self, identity: str) -> Person | None:
        data = self.table.get(identity)
        return Person.from_dict(data) if data else None

    def observe(self, own: Iterable[str], linked: Iterable[str] = (), *, at: float = 0.0) -> Person:
        own_ids = [i for i in dict.fromkeys(own) if i and i not in self.ignore]
        if not own_ids:
            raise ValueError("a message needs at least one sender identity")
        extra = [i for i in dict.fromkeys(linked) if i and i not in self.ignore and i not in own_ids]
        if len(extra) > self.MAX_LINKED_PER_MESSAGE:
            extra = []
        person = self._merge_all(own_ids, at, force=True)
        for identity in extra:
            person = self._merge(person, identity, at)
        if at - person.seen >= self.SEEN_RESOLUTION:
            person = Person(person.id, person.identities, person.aliases, person.since, at)
            for ident in person.identities:
                self.table[ident] = person.to_dict()
        return person

    def sweep(self, now: float) -> int:
        """Forget identities of people not heard from within `expire_after`; returns how many."""
        old = [k for k, d in list(self.table.items())
               if d and now - float(d.get("seen", d.get("since", 0.0))) > self.expire_after]
        for k in old:
            del self.table[k]
        return len(old)

    def _merge_all(self, identities: list[str], at: float, force: bool) -> Person:
        person: Person | None = None
        for identity in identities:
            person = self._merge(person, identity, at, force=force) if person else self._get_or_new(identity, at)
        assert person is not None
        return person

    def _get_or_new(self, identity: str, at: float) -> Person:
        found = self.lookup(identity)
        if found:
            return found
        person = Person(person_id(identity), (identity,), (), at, at)
        self.table[identity] = person.to_dict()
        return person

    def _merge(self, person: Person, identity: str, at: float, force: bool = False) -> Person:
        other = self.lookup(identity) or Person(person_id(identity), (identity,), (), at, at)
        if other.id == person.id:
            return person
        union = tuple(sorted(set(person.identities) | set(other.identities)))
        if len(union) > self.max_identities and not force:
            self.refused_merges += 1
            return person
        # The older record keeps its id (ties: smaller id), so ids already in the index and in
        # dedup state stay valid; the other id becomes an alias that dedup still looks under.
        first, second = sorted((person, other), key=lambda p: (p.since, p.id))
        aliases = tuple(dict.fromkeys((*first.aliases, second.id, *second.aliases)))[-self.max_identities:]
        merged = Person(first.id, union, aliases, first.since, max(person.seen, other.seen, at))
        for ident in merged.identities:
            self.table[ident] = merged.to_dict()
        return merged

    def identities_for(self, query: str, region: str = DEFAULT_REGION) -> list[str]:
        """Every identity of the person a search string names (for 'find all their requests')."""
        out: list[str] = []
        for variant in identity_variants(query, region):
            person = self.lookup(variant)
            for ident in person.identities if person else (variant,):
                if ident not in out:
                    out.append(ident)
        return out
