"""Who may see what: roles, the filter each role adds to every query, and personal-data masking. Pure.

Roles (settings.api_keys maps each key to one):
    supervisor          every request, unmasked.
    social-team         requests from Twitter/X, Facebook and Instagram, and every request of a
                        citizen who also wrote there (`social_citizen`, kept by the sink). Sees
                        handles (it answers on those platforms); phones and emails masked.
    department:<code>   only requests routed to that department, and incidents through them.
                        Phones and emails masked: departments answer through civicdesk, and
                        a masked number still lets an officer confirm it with the caller.

The filter is placed inside the query's `bool.filter`, so results, totals, facets, by-id reads
and incident views cannot see past it (a document outside it answers 404, like a missing one).
Masked roles never receive the raw provider payload (it carries the sender's number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import phonenumbers

from schemas.request import SOCIAL_CHANNELS

SOCIAL = sorted(c.value for c in SOCIAL_CHANNELS)
_DEPARTMENT = re.compile(r"^department:([a-z0-9]+(?:-[a-z0-9]+)*)$")
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


class InvalidRole(ValueError):
    pass


@dataclass(frozen=True)
class Role:
    name: str  # "supervisor" | "social-team" | "department"
    department: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Role":
        text = text.strip()
        if text in ("supervisor", "social-team"):
            return cls(text)
        m = _DEPARTMENT.match(text)
        if m:
            return cls("department", m.group(1))
        raise InvalidRole(f"unknown role {text!r}: use supervisor, social-team or department:<code>")

    def __str__(self) -> str:
        return f"department:{self.department}" if self.department else self.name

    @property
    def sees_pii(self) -> bool:
        return self.name == "supervisor"

    def filter(self) -> list[dict[str, Any]]:
        """Clauses every query of this role carries (besides hiding `pending` stubs)."""
        if self.name == "supervisor":
            return []
        if self.name == "social-team":
            return [{"bool": {"should": [{"terms": {"channel": SOCIAL}}, {"term": {"social_citizen": True}}],
                              "minimum_should_match": 1}}]
        return [{"term": {"department": self.department}}]


def mask_phone(phone: str) -> str:
    """'+905321234567' -> '+90532*****67': country and operator prefix stay (they route the
    call), the subscriber digits except the last two are hidden."""
    if len(phone) <= 7:
        return phone[:2] + "*" * max(0, len(phone) - 2)
    return phone[:6] + "*" * (len(phone) - 8) + phone[-2:]


def mask_email(email: str) -> str:
    """'ayse.kaya@example.org' -> 'a***@example.org'."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_identity(identity: str) -> str:
    if identity.startswith("+"):
        return mask_phone(identity)
    if "@" in identity and ":" not in identity:
        return mask_email(identity)
    return identity  # handles ("twitter:ayse_k", "telegram:123"): public on their platform


def mask_text(text: str, region: str = "TR") -> str:
    """Phones and emails a citizen wrote in the message itself ("beni 0532 123 45 67'den arayın")."""
    spans = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)]
    for start, end in reversed(spans):
        digits = text[start:end]
        text = text[:start] + digits[:4] + "*" * max(0, len(digits) - 6) + digits[-2:] + text[end:]
    return _EMAIL_IN_TEXT.sub(lambda m: mask_email(m.group(0)), text)


def present(doc: dict[str, Any], role: Role) -> dict[str, Any]:
    """The document as this role may see it."""
    if role.sees_pii:
        return doc
    out = dict(doc)
    out.pop("raw", None)
    citizen = dict(out.get("citizen") or {})
    if citizen:
        if citizen.get("phone"):
            citizen["phone"] = mask_phone(citizen["phone"])
        if citizen.get("email"):
            citizen["email"] = mask_email(citizen["email"])
        if citizen.get("id"):
            citizen["id"] = mask_identity(citizen["id"])
        out["citizen"] = citizen
    if "identities" in out:
        out["identities"] = [mask_identity(i) for i in out["identities"]]
    if isinstance(out.get("text"), str):
        out["text"] = mask_text(out["text"])
    return out
