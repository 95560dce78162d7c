"""Parsing untrusted JSON bodies into clear Malformed errors. Pure module."""

from __future__ import annotations

from typing import Any

import orjson

from civicdesk.errors import Malformed

# No provider nests deeper than ~10 levels (Meta: object/entry/changes/value/messages/...).
# 64 rejects hostile nesting long before a recursive parser (or our own walk) could suffer.
MAX_DEPTH = 64


def nesting_depth(text: str | bytes, limit: int = MAX_DEPTH) -> int:
    """Deepest bracket nesting outside strings, stopping as soon as `limit` is passed."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def parse_json(body: bytes, *, what: str = "body") -> Any:
    """The decoded JSON value, or Malformed(400) saying what is wrong with it."""
    if not body.strip():
        raise Malformed(f"{what} is empty; expected JSON", status=400)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Malformed(f"{what} is not valid UTF-8 (byte {exc.start})", status=400) from exc
    if nesting_depth(body) > MAX_DEPTH:
        raise Malformed(f"{what} JSON is nested deeper than {MAX_DEPTH} levels", status=400)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise Malformed(f"{what} is not valid JSON: {exc}", status=400) from exc


def parse_object(body: bytes, *, what: str = "body") -> dict[str, Any]:
    value = parse_json(body, what=what)
    if not isinstance(value, dict):
        raise Malformed(f"{what} must be a JSON object, got {type(value).__name__}", status=422)
    return value
