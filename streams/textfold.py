"""Text folding for matching: lower case, no diacritics, Turkish dotless i and Greek final
sigma unified, so "PATLADI", "patladı" and "Patladi" (SMS without Turkish letters) or
"Έσπασε" and "εσπασε" compare equal.

Local to streams: classifiers/ builds its own fold in parallel (classifiers.text.fold);
`fold` prefers that one when it is importable so both stages fold alike, and falls back
to this implementation otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Callable

# Turkish capitals first: str.lower() maps "I" to "i" (wrong in Turkish) and "İ" to "i̇"
# (i + combining dot); both end as plain "i" once dotless ı is folded too.
_PRE = str.maketrans({"İ": "i", "I": "i", "ı": "i"})
_POST = {"ς": "σ", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"}
_TOKEN = re.compile(r"\w+")


class _FoldTable(dict):
    """str.translate table filled on first sight of each character: NFD, combining marks
    dropped, then _POST. One C-level translate per message instead of a Python loop over
    its characters (the loop was 40% of dedup time)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        value = "".join(_POST.get(ch, ch) for ch in base)
        self[code] = value
        return value


_FOLD = _FoldTable()


def local_fold(text: str) -> str:
    return text.translate(_PRE).lower().translate(_FOLD)


@cache
def _shared_fold() -> Callable[[str, str | None], str] | None:
    try:
        from classifiers.text import fold as shared  # type: ignore[import-not-found]
    except ImportError:
        return None
    return shared


def fold(text: str, language: str | None = None) -> str:
    shared = _shared_fold()
    # local_fold over the shared result too: the concept lexicon relies on its exact output.
    return local_fold(shared(text, language) if shared else text)


def tokens(text: str, language: str | None = None) -> list[str]:
    """Folded word tokens; "Dikmen'de" gives "dikmen", "de"."""
    return _TOKEN.findall(fold(text, language))
