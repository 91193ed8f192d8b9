"""Vietnamese text helpers: one normalisation for storage and one folding for search.

Stored text is NFC. Search compares *folded* text: NFC→NFD, combining marks dropped, đ/Đ→d,
lower case, whitespace collapsed. So "Đất đai", "dat dai" and an NFD-typed "Đất đai" all match,
on SQLite and PostgreSQL alike, without unaccent() at query time (docs/architecture.md).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters that no stored text may hold: C0 controls except \t \n \r, DEL, lone surrogates and
# the two non-characters XML forbids (a Word or PDF export of such a text would fail).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]")  # Word's manual line break, form feed, separators
_LINE_SPACES = re.compile("[\t\r\n]+")


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    """Text as it is stored: NFC, control characters removed (Word's vertical tab and form feed
    become line breaks), surrounding whitespace stripped; a single-line value also has its tabs and
    line breaks turned into spaces."""
    if not value:
        return ""
    value = _CONTROL.sub("", _BREAKS.sub("\n", unicodedata.normalize("NFC", str(value))))
    if not multiline:
        value = _LINE_SPACES.sub(" ", value)
    return value.strip()


def strip_controls(value: str) -> str:
    """`value` without the control characters stored text never holds (NUL and the other C0/C1
    controls except tab and line breaks); nothing else is changed."""
    return _CONTROL.sub("", value)


def nfc(value: str | None) -> str:
    """Return `value` NFC-normalised, without control characters and surrounding whitespace
    ("" for None): what every model stores (see `clean_text`)."""
    return clean_text(value)


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


QUOTES = ("“", "”", '"', "„")


def quoted(value: str) -> str:
    """The name in Vietnamese quotation marks “…”, unless it already carries quotation marks of its own
    ('“Ngày thứ Bảy vì dân” – xã Thịnh Minh', 'Năm “Dân vận khéo”'): never doubled ““…””."""
    text = value.strip()
    return text if any(q in text for q in QUOTES) else f"“{text}”"
