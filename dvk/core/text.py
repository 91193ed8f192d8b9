"""Vietnamese text helpers: one normalisation for storage and one folding for search.

Stored text is NFC. Search compares *folded* text: NFC→NFD, combining marks dropped, đ/Đ→d,
lower case, whitespace collapsed. So "Đất đai", "dat dai" and an NFD-typed "Đất đai" all match,
on SQLite and PostgreSQL alike, without unaccent() at query time (docs/architecture.md).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Return `value` NFC-normalised with surrounding whitespace removed ("" for None)."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str | None) -> str:
    """Accent-, case- and đ-insensitive form of `value`, used for search columns and queries."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped).strip().lower()


def search_terms(query: str | None) -> list[str]:
    """Split a user's query into folded words (all must match)."""
    return [t for t in fold(query).split(" ") if t]


def initials(value: str) -> str:
    """Upper-case initials of a Vietnamese name, without marks: "Ban Dân vận Tỉnh ủy" → "BDVTU"."""
    return "".join(word[0] for word in fold(value).split(" ") if word).upper()
