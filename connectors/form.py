"""Form-encoded bodies kept exactly as posted. Pure module."""

from __future__ import annotations

from urllib.parse import parse_qsl

from civicdesk.errors import Malformed


class Form(dict[str, list[str]]):
    """Field name -> every value posted, blank values kept.

    Twilio signs every posted parameter, empty ones such as `FromCity=` included, so a parser
    that drops blanks (the default of `parse_qs`) breaks signature validation. `getlist` is
    the interface twilio's `RequestValidator` uses for multi-valued forms.
    """

    def getlist(self, name: str) -> list[str]:
        return self.get(name, [])

    def first(self, name: str, default: str | None = None) -> str | None:
        values = self.get(name)
        return values[0] if values else default

    @classmethod
    def parse_lenient(cls, body: bytes) -> "Form":
        """Best-effort parse for signature checks only: never raises. A body that only parses
        leniently cannot carry a valid signature, so it is refused before anything is kept;
        otherwise anyone could fill the dead-letter topic with unsigned junk."""
        form = cls()
        for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=1000):
            form.setdefault(name, []).append(value)
        return form

    @classmethod
    def parse(cls, body: bytes) -> "Form":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Malformed(f"form body is not valid UTF-8 (byte {exc.start})", status=400) from exc
        form = cls()
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=1000)
        except ValueError as exc:
            raise Malformed(f"form body is not application/x-www-form-urlencoded: {exc}", status=400) from exc
        for name, value in pairs:
            form.setdefault(name, []).append(value)
        return form
