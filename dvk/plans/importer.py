"""Read a plan pasted as text (plain or markdown) or uploaded as .docx into sections and draft tasks.

Three layouts are read:

- the Party's (36-HD/VPTW): "ĐẢNG CỘNG SẢN VIỆT NAM", the superior and issuing body, "Số 06-KH/BDVTU"
  (no colon), parts "I-", "II.", items "1-", "2.1-", "1.", "1.1.", points "a)", bullets "- …";
- the State's (NĐ 30/2020): quốc hiệu and tiêu ngữ, "Số: 215/KH-UBND", the place and date line
  "Hòa Bình, ngày 15 tháng 3 năm 2020", parts "I.", items "1.", points "a)";
- the Front's: top-level parts "A.", "B.", "C." with Roman and "1.1"-style numbering below and "+" bullets.

Every bullet becomes a draft task of the nearest section; a section that has only running text (no
bullets) becomes one draft task; a point ("a)", "b)") with nothing under it is a task of its numbered
section, a point with bullets under it is a section of its own. Markdown emphasis (**, *, #) is
dropped. Lines after "Nơi nhận:" are the recipients. The header gives the plan's own number, date, place
and issuing body; "Thực hiện/Căn cứ Kế hoạch số …" the plan it implements. Nothing is written here:
`parse_*` return a `ParsedPlan` that services.import_plan() stores for review. Reading and classifying the
lines is the shared text-structure reader, dvk/core/structure.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dvk.core.structure import Line as _Line
from dvk.core.structure import join_broken as _join
from dvk.core.structure import lines_from_docx, lines_from_text
from dvk.core.text import fold

# A document number in the Party form ("06-KH/BDVTU") or the State form ("215/KH-UBND", "12/KH-MTTQ-BTT").
NUMBER = r"\d{1,5}(?:\s*[-–]\s*[A-ZĐ][\wĐ.]*\s*/|\s*/\s*)[A-ZĐ][\wĐ.\-–/]*"
# A date "ngày 19/02/2020", "ngày 19-02-2020" or "ngày 19 tháng 02 năm 2020".
DATE = (
    r"ngày\s*(?P<d>\d{1,2})\s*(?:[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|tháng\s*(?P<m2>\d{1,2})\s*năm\s*(?P<y2>\d{4}))"
)
REFERENCE = re.compile(
    r"(?:Thực hiện|Căn cứ)\s+(?P<kind>Kế hoạch|Chỉ thị|Nghị quyết|Hướng dẫn|Quyết định|Kết luận|Chương trình"
    rf"|Công văn|Thông báo)\s+số\s*:?\s*(?P<number>{NUMBER})(?:,?\s*{DATE})?"
    r"(?:,?\s+của\s+(?P<issuer>[^,;:]+?)(?=\s+về\s|[,;:]|$))?",
    re.IGNORECASE,
)
OWN_NUMBER = re.compile(rf"\bSố\s*:?\s*(?P<number>{NUMBER})", re.IGNORECASE)
PLACE_DATE = re.compile(rf"(?P<place>[^\W\d][^,\d]{{0,48}}?)\s*,\s*{DATE}", re.IGNORECASE)
QUOC_HIEU = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap tu do hanh phuc")
PARTY_MARK = "dang cong san viet nam"
# The first header line of a State or Front body that is only a kind of body: its place follows on the next line.
BARE_KINDS = (
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "uy ban mat tran to quoc viet nam",
    "uy ban mttq viet nam",
)
THEME = re.compile(r"[“\"]\s*(?P<name>Năm [^”\"]+?)\s*[”\"]\s*(?P<year>(?:19|20)\d{2})")
RECIPIENTS = re.compile(r"^nơi nhận\s*:?", re.IGNORECASE)
DOC_TYPES = ("ke hoach", "huong dan", "chuong trinh", "ke hoach trien khai")
LONG_HEADING = 120  # a "heading" longer than this is an item whose text is the task itself
TERMINAL = (".", ";", ":", "!", "?", "”", '"')

# Suggested receivers by words in a section title (folded): reviewed by the coordinator before issuing.
KIND_HINTS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("luc luong vu trang", "quan doi", "cong an"), ("armed_forces",)),
    (("tu phap",), ("judiciary",)),
    (("hoi dong nhan dan",), ("peoples_council",)),
    (("uy ban nhan dan", "so, nganh", "ban, so", "chinh quyen"), ("peoples_committee", "department")),
    (("mat tran", "doan the"), ("front", "mass_organisation")),
    (("cap uy", "to chuc dang"), ("party_committee",)),
]


@dataclass
class ParsedTask:
    title: str
    description: str = ""
    target_kinds: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    number: str
    title: str
    depth: int
    body: str = ""
    scheme: str = ""
    children: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedPlan:
    title: str = ""
    layout: str = ""  # "party" | "state" | "front" | "" (no header)
    number: str = ""  # the plan's own number, from its header
    issued_on: dt.date | None = None
    place: str = ""
    issuer: str = ""  # the issuing body as its header writes it
    superior: str = ""  # the body above it in the header (Party layout, departments)
    preamble: str = ""
    reference_number: str = ""
    reference_date: dt.date | None = None
    reference_issuer: str = ""
    theme_name: str = ""
    theme_year: int | None = None
    recipients: list[str] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)

    def all_sections(self) -> list[ParsedSection]:
        return [s for top in self.sections for s in top.walk()]

    def all_tasks(self) -> list[ParsedTask]:
        return [t for s in self.all_sections() for t in s.tasks]


def _lines_from_text(text: str) -> list[_Line]:
    return lines_from_text(text)


def _lines_from_docx(fileobj: IO[bytes]) -> list[_Line]:
    return lines_from_docx(fileobj)


def _suggest_kinds(titles: list[str]) -> list[str]:
    for title in reversed(titles):  # the nearest section decides
        folded = fold(title)
        for words, kinds in KIND_HINTS:
            if any(w in folded for w in words):
                return list(kinds)
    return []


class _Builder:
    """Walks the classified lines once: header, preamble, sections and their tasks, recipients."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.plan = ParsedPlan()
        self.head: list[str] = []
        self.preamble: list[str] = []
        self.stack: list[ParsedSection] = []
        self.has_upper = any(ln.kind == "heading" and ln.scheme == "upper" for ln in lines)
        self.last = ""  # what a continuation line extends: "task", "body" or nothing
        self.task: ParsedTask | None = None
        self.in_recipients = False

    def build(self) -> ParsedPlan:
        for line in self.lines:
            if self.in_recipients:
                self._recipient(line)
            elif RECIPIENTS.match(line.text):
                self.in_recipients = True
                rest = RECIPIENTS.sub("", line.text).strip(" -")
                if rest:
                    self.plan.recipients.append(rest)
            elif not self._continues(line):
                self._place(line)
        plan = self.plan
        _read_header(plan, self.head)
        plan.preamble = "\n".join(self.preamble)
        _read_reference(plan, " ".join(self.head + self.preamble))
        if not plan.layout and self.has_upper:
            plan.layout = "front"
        for top in plan.sections:
            _finish(top, [])
        return plan

    def _recipient(self, line: _Line) -> None:
        if line.kind == "bullet" or (line.kind == "text" and line.text.startswith(("-", "+"))):
            self.plan.recipients.append(line.text.lstrip("-+ ").rstrip(",.;"))

    def _continues(self, line: _Line) -> bool:
        """A line broken in the middle of a sentence continues the previous bullet or paragraph."""
        if line.kind != "text" or not self.last:
            return False
        if self.last == "heading":
            section = self.stack[-1]
            if section.title.endswith(TERMINAL) or not line.text[:1].islower():
                return False
            full = _join(section.body or section.title, line.text)
            section.title, section.body = (
                (_first_clause(full), full) if len(full) > LONG_HEADING else (full, "")
            )
            return True
        if self.last == "task" and self.task:
            if self.task.title.endswith(TERMINAL):
                return False
            self.task.title = _join(self.task.title, line.text)
            return True
        current = self.stack[-1] if self.stack else None
        if current is None or not current.body or current.body.endswith(TERMINAL):
            return False
        current.body = _join(current.body, line.text)
        return True

    def _place(self, line: _Line) -> None:
        if line.kind == "heading":
            self._heading(line)
        elif not self.stack:
            self._before_sections(line)
        elif line.kind == "bullet":
            self.task = ParsedTask(title=line.text)
            self.stack[-1].tasks.append(self.task)
            self.last = "task"
        else:
            self.stack[-1].body = f"{self.stack[-1].body}\n{line.text}".strip()
            self.last = "body"

    def _heading(self, line: _Line) -> None:
        depth = _depth(line, self.stack, self.has_upper)
        title, body = line.text, ""
        if len(title) > LONG_HEADING:
            body, title = title, _first_clause(title)
        section = ParsedSection(number=line.number, title=title, depth=depth, body=body, scheme=line.scheme)
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        (self.stack[-1].children if self.stack else self.plan.sections).append(section)
        self.stack.append(section)
        self.last = "body" if body else "heading"

    def _before_sections(self, line: _Line) -> None:
        """Header lines (number, issuer, title) until the preamble starts ("Thực hiện…", "Căn cứ…")."""
        after_doc_type = bool(self.head) and fold(self.head[-1]) in DOC_TYPES
        starts_body = line.text.lower().startswith(("thực hiện", "căn cứ")) and not after_doc_type
        if line.kind == "text" and not self.preamble and not starts_body:
            self.head.append(line.text)
        else:
            self.preamble.append(("- " if line.kind == "bullet" else "") + line.text)
            self.last = ""


def _build(lines: list[_Line]) -> ParsedPlan:
    return _Builder(lines).build()


def _depth(line: _Line, stack: list[ParsedSection], has_upper: bool) -> int:
    if line.scheme == "style":
        return line.level
    if line.scheme == "upper":
        return 1
    if line.scheme == "roman":
        return 1 + has_upper
    if line.scheme == "arabic":
        # "2.1" sits under "2" when "2" is there; otherwise one level under the nearest part (I., A., a
        # Word heading): the Front numbers the items of part I "1.1", "1.2" without a "1".
        for section in reversed(stack):
            if section.scheme == "arabic" and line.number.startswith(f"{section.number}."):
                return section.depth + 1
            if section.scheme in ("roman", "upper", "style"):
                return section.depth + 1
        return 1
    # a letter point sits one level below the nearest numbered section
    for section in reversed(stack):
        if section.scheme != "letter":
            return section.depth + 1
    return 1


def _first_clause(text: str) -> str:
    cut = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0]
    return cut if len(cut) <= LONG_HEADING else cut[: LONG_HEADING - 1].rstrip() + "…"


def _read_header(plan: ParsedPlan, head: list[str]) -> None:
    """The lines above the first section: the issuing body, the number, place and date, the title.

    Two-column headers pasted as text may put both columns on one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ
    HỘI CHỦ NGHĨA VIỆT NAM"); the national motto, the Party's name and the number are cut out of a line
    wherever they stand. Lines before the number (or before the document type) are the issuing body.
    """
    before: list[str] = []  # lines before the document type: issuing body (and, without a type, the title)
    after: list[str] = []  # lines after the document type: the title
    doc_type = ""
    for raw in head:
        text = _strip_marks(plan, raw)
        if not text:
            continue
        if not doc_type and fold(text) in DOC_TYPES:
            doc_type = text
        elif doc_type:
            after.append(text)
        else:
            before.append(text)
    if doc_type:
        plan.title = " ".join([doc_type.capitalize(), *after]) if after else doc_type.capitalize()
        _read_issuer(plan, before)
    elif before:
        has_header = bool(plan.number or plan.layout)
        plan.title = before[-1] if has_header and len(before) > 1 else before[0]
        if has_header:
            _read_issuer(plan, before[:-1])


def _strip_marks(plan: ParsedPlan, text: str) -> str:
    """Cut the motto, the Party's name, the number and the place-and-date out of a header line."""
    folded = fold(text)
    for mark in QUOC_HIEU:
        if mark in folded:
            plan.layout = plan.layout or "state"
            text = _cut_folded(text, mark)
            folded = fold(text)
    if PARTY_MARK in folded:
        plan.layout = "party"
        text = _cut_folded(text, PARTY_MARK)
    m = OWN_NUMBER.search(text)
    if m and not plan.number:
        plan.number = re.sub(r"\s+", "", m.group("number")).replace("–", "-")
        if not plan.layout:
            plan.layout = "state" if "/" in plan.number.split("-")[0] else "party"
        text = text[: m.start()] + " " + text[m.end() :]
    d = PLACE_DATE.search(text)
    if d and plan.issued_on is None:
        plan.issued_on = _date(d)
        plan.place = d.group("place").strip(" -–")
        text = text[: d.start()]
    return re.sub(r"\s+", " ", text).strip(" -–,*")


def _cut_folded(text: str, mark: str) -> str:
    """Remove `mark` (folded, one char per char of `text`) from `text`; punctuation may differ."""
    folded = fold(text)
    if len(folded) != len(text):  # folding changed the length: fall back to a word-level cut
        words = mark.split()
        kept = [w for w in text.split() if fold(w).strip("-–") not in words]
        return " ".join(kept)
    i = folded.find(mark)
    return f"{text[:i]} {text[i + len(mark) :]}" if i >= 0 else text


def _read_issuer(plan: ParsedPlan, lines: list[str]) -> None:
    """Issuing body and, when the header names one, the body above it.

    "ỦY BAN NHÂN DÂN / TỈNH HÒA BÌNH" is one body; "TỈNH ỦY HÒA BÌNH / BAN DÂN VẬN" and "UBND TỈNH HÒA
    BÌNH / SỞ NỘI VỤ" are the superior and the issuing body.
    """
    if not lines:
        return
    if fold(lines[0]) in BARE_KINDS:
        plan.issuer = " ".join(lines[:2])
        if len(lines) > 2:
            plan.issuer = f"{plan.issuer} – {' '.join(lines[2:])}"
        return
    plan.issuer = lines[-1]
    plan.superior = " ".join(lines[:-1])


def _date(m: re.Match[str]) -> dt.date | None:
    day, month, year = m.group("d"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _read_reference(plan: ParsedPlan, text: str) -> None:
    m = REFERENCE.search(text)
    if m:
        plan.reference_number = re.sub(r"\s+", "", m.group("number")).replace("–", "-")
        plan.reference_date = _date(m) if m.group("d") else None
        plan.reference_issuer = (m.group("issuer") or "").strip()
    t = THEME.search(f"{plan.title} {text}")
    if t:
        plan.theme_name, plan.theme_year = t.group("name").strip(), int(t.group("year"))


def _finish(section: ParsedSection, titles: list[str]) -> None:
    titles = [*titles, section.title]
    for child in section.children:
        _finish(child, titles)
    points = [c for c in section.children if _is_bare_point(c)]
    if points:
        section.children = [c for c in section.children if c not in points]
        section.tasks.extend(ParsedTask(title=p.body or p.title) for p in points)
    if not section.tasks and not section.children and section.body:
        section.tasks.append(ParsedTask(title=section.body))
    kinds = _suggest_kinds(titles)
    for task in section.tasks:
        task.target_kinds = kinds


def _is_bare_point(section: ParsedSection) -> bool:
    """ "a) Sở Nội vụ chủ trì …" with no bullets and no sub-items under it: a task, not a section."""
    return section.scheme == "letter" and not section.children and not section.tasks


def parse_text(text: str) -> ParsedPlan:
    if not text or not text.strip():
        raise ValidationError(_("Paste the text of the plan."))
    plan = _build(_lines_from_text(text))
    if not plan.sections:
        raise ValidationError(
            _("No sections were found. Headings must be numbered like “I-”, “1-”, “2.1-” or “a)”.")
        )
    return plan


def parse_docx(fileobj: IO[bytes]) -> ParsedPlan:
    plan = _build(_lines_from_docx(fileobj))
    if not plan.sections:
        raise ValidationError(_("No sections were found. Use Word heading styles or numbered headings."))
    return plan
