"""Read the structure of a Vietnamese document from pasted text or a .docx: pure functions, no models.

A document arrives as lines; each line is *classified* by its numbering:

- plan-style numbering ("A.", "B." top-level parts of the Front's layout; "I-", "II." parts; "1-",
  "2.1-", "1.", "1.1." and "1.1" items; "a)" points) and bullets ("- …", "+ …", "• …");
- with ``legal=True`` also the numbering of legal texts (Luật Ban hành VBQPPL, Nghị định 30/2020):
  "Chương I", "Mục 2", "Điều 5." (and "Điều 5:"), then clauses "1." and points "a)".

Markdown emphasis (**, *, #), non-breaking spaces and rule lines (----) are dropped, text is NFC.
From .docx, Word's "Heading N" styles count as headings of level N and "List …" styles as bullets.
The plan importer (dvk/plans/importer.py) builds sections and tasks from these lines; the Front's
draft reader (dvk/front/drafts.py) builds articles, clauses and paragraphs. Nothing here knows
about either: it only says what each line is.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dvk.core.text import nfc

ROMAN = re.compile(r"^(?P<num>X{0,3}(?:IX|IV|V?I{0,3}))\s*[-.–)]\s*(?P<rest>.*)$")
# "1-", "1.", "2.1." and "1)"; a multi-level number may also stand before its title with a space: "1.1 Tuyên truyền".
ARABIC = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\s*(?:[-–)]|\.(?!\d))\s*(?P<rest>.*)$"
    r"|^(?P<num2>\d{1,2}(?:\.\d{1,2})+)\s+(?P<rest2>[^\d\s].*)$"
)
# The Front's top-level parts "A.", "B-", "C)" (letters that cannot be Roman numerals).
UPPER = re.compile(r"^(?P<num>[A-HĐ])\s*[.)\-–]\s+(?P<rest>.+)$")
LETTER = re.compile(r"^(?P<num>[a-zđ])\s*[).]\s+(?P<rest>.+)$")
BULLET = re.compile(r"^(?:[-+•–—]|\u2022)\s+(?P<rest>.+)$")
RULE = re.compile(r"^[-_=*\s]{3,}$")
# Legal numbering: the number may be followed by ".", ":" or a dash, and a title (or nothing).
CHAPTER = re.compile(r"^(?:chương|chuong)\s+(?P<num>[IVXLC]+|\d{1,3})\b\s*[.:\-–]?\s*(?P<rest>.*)$", re.I)
PART = re.compile(r"^(?:mục|muc)\s+(?P<num>\d{1,3}|[IVXLC]+)\b\s*[.:\-–]?\s*(?P<rest>.*)$", re.I)
ARTICLE = re.compile(r"^(?:điều|dieu)\s+(?P<num>\d{1,4}[a-z]?)\s*(?:[.:\-–]\s*|\s+|$)(?P<rest>.*)$", re.I)

PLAN_SCHEMES = ("roman", "upper", "arabic", "letter")
LEGAL_SCHEMES = ("chapter", "part", "article", "roman", "arabic", "letter")
_PATTERNS = {
    "chapter": CHAPTER,
    "part": PART,
    "article": ARTICLE,
    "roman": ROMAN,
    "upper": UPPER,
    "arabic": ARABIC,
    "letter": LETTER,
}
# Headings of these schemes may stand alone (a title on the following line or none at all).
_BARE_ALLOWED = frozenset({"chapter", "part", "article"})


@dataclass
class Line:
    kind: str  # "heading" | "bullet" | "text"
    text: str
    number: str = ""
    scheme: str = ""  # chapter | part | article | roman | upper | arabic | letter | style
    level: int = 0  # for "style" headings (Word Heading N)


def clean(line: str) -> str:
    """Drop markdown markers (#, **, *, trailing double space) and normalise to NFC."""
    line = nfc(line.replace("\u00a0", " "))
    line = re.sub(r"^#{1,6}\s*", "", line)
    line = line.replace("*", "").replace("\\", "")
    return re.sub(r"\s+", " ", line).strip()


def classify(text: str, *, legal: bool = False) -> Line:
    """What one cleaned line is: a numbered heading, a bullet or running text."""
    for scheme in LEGAL_SCHEMES if legal else PLAN_SCHEMES:
        m = _PATTERNS[scheme].match(text)
        if not m:
            continue
        groups = m.groupdict()
        num, rest = groups.get("num") or groups.get("num2"), (groups.get("rest") or groups.get("rest2") or "")
        if not num:
            continue
        rest = rest.strip()
        if rest or scheme in _BARE_ALLOWED:
            return Line("heading", rest, num.upper() if scheme == "chapter" else num, scheme)
    m = BULLET.match(text)
    if m:
        return Line("bullet", m.group("rest").strip())
    return Line("text", text)


def lines_from_text(text: str, *, legal: bool = False) -> list[Line]:
    """Classified lines of pasted text (empty lines and rules dropped)."""
    return [
        classify(c, legal=legal) for c in (clean(raw) for raw in text.splitlines()) if c and not RULE.match(c)
    ]


def lines_from_docx(fileobj: IO[bytes], *, legal: bool = False) -> list[Line]:
    """Classified lines of a Word document in reading order, reading heading and list styles.

    Tables are read too, row by row and each merged cell once: the header of State and Front documents
    (issuing body, "Số: …", place and date) is usually a two-column table without borders.
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(fileobj)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValidationError(_("The file is not a Word (.docx) document.")) from exc
    lines: list[Line] = []
    for para in _paragraphs(document):
        text = clean(para.text)
        if not text or RULE.match(text):
            continue
        lines.append(_styled(classify(text, legal=legal), text, para, legal=legal))
    return lines


def _paragraphs(container: Any) -> Iterator[Any]:
    """Paragraphs of a document or a table cell in order, descending into tables."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a horizontally merged cell repeats in every column it spans
                        continue
                    seen.add(id(cell._tc))
                    yield from _paragraphs(cell)
        else:
            yield block


def _styled(line: Line, text: str, para: Any, *, legal: bool) -> Line:
    """Word's own styles decide where the numbering does not: "Heading N", "List …", "Title"."""
    style = (para.style.name if para.style is not None else "") or ""
    if style.startswith("Heading") and style[-1:].isdigit():
        level = int(style[-1])
        if line.kind != "heading":
            return Line("heading", text, "", "style", level)
        if not legal or line.scheme in PLAN_SCHEMES:
            # A legal heading keeps its own scheme ("Điều 3" styled Heading 2 is still an article).
            line.scheme, line.level = "style", level
    elif style.startswith("List") and line.kind == "text":
        return Line("bullet", text)
    elif style == "Title":
        return Line("text", text)
    return line


def join_broken(previous: str, following: str) -> str:
    """Join a line broken in the middle of a sentence to the line it continues."""
    if previous.endswith("-") and not previous.endswith(" -"):
        return previous + following
    return f"{previous} {following}"
