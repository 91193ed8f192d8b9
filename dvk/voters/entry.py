"""Bulk entry from paper minutes: pasted Word lines become rows, list markers stripped.

Pure functions, shared by the bulk-entry view (server side), the API and the tests; the screen's
script (static/voters/bulk_entry.js) applies the same rule to a paste in the browser.
"""

from __future__ import annotations

import re

from dvk.core.text import nfc

# "1." "1)" "12 -" "-" "–" "•" "*" "+" "a)" "b." "đ)" "IV." "(3)" at the start of a line.
_MARKER = re.compile(
    r"^\s*(?:"
    r"\(?\d{1,3}\s*[.)\-:]"  # 1.  1)  (1)  12-  3:
    r"|\(?[a-zđA-ZĐ]\s*[.)]"  # a)  b.  (c)  đ)
    r"|\(?[IVXLC]{1,6}\s*[.)]"  # IV.  II)
    r"|[-–—•·*+▪●○■□➢►]"  # bullets
    r")\s*"
)
# "Ý kiến:" / "YK:" / "Kiến nghị:" / "KN:" prefixes say what a line is.
_KIND = re.compile(r"^\s*(ý\s*kiến|y\s*kien|yk|kiến\s*nghị|kien\s*nghi|kn)\s*[:\-–]\s*", re.IGNORECASE)


def strip_marker(line: str) -> str:
    """The line without its list marker ("1." "-" "a)" …) and surrounding space."""
    text = nfc(line)
    previous = None
    while previous != text:  # "1. - text" → "text"
        previous = text
        text = _MARKER.sub("", text, count=1).strip()
    return text


def split_kind(line: str, default: str = "petition") -> tuple[str, str]:
    """(kind, text): a leading "Ý kiến:" marks an opinion, "Kiến nghị:" a petition."""
    m = _KIND.match(line)
    if not m:
        return default, line
    word = m.group(1).lower().replace(" ", "")
    kind = "opinion" if word in {"ýkiến", "ykien", "yk"} else "petition"
    return kind, line[m.end() :].strip()


def split_lines(pasted: str, default_kind: str = "petition") -> list[tuple[str, str]]:
    """Each non-empty line of `pasted` → (kind, text), markers and kind prefixes removed."""
    out: list[tuple[str, str]] = []
    for raw in (pasted or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        text = strip_marker(raw)
        if not text:
            continue
        kind, text = split_kind(text, default_kind)
        text = strip_marker(text)
        if text:
            out.append((kind, text))
    return out
