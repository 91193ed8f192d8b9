"""Read a plan pasted as text (plain or markdown) or uploaded as .docx into sections and draft tasks.

The parser knows the numbering Party plans use: "I-", "II." (parts), "1-", "2.1-", "1.", "1.1."
(items), "a)" (points), and bullet lines "- …", "+ …", "• …". Every bullet becomes a draft task
of the nearest section; a section that has only running text (no bullets) becomes one draft task
too. Markdown emphasis (**, *, #) is dropped. Lines after "Nơi nhận:" are the recipients. Nothing
is written here: `parse_*` return a `ParsedPlan` that services.import_plan() stores for review.
Reading and classifying the lines is the shared text-structure reader, dvk/core/structure.py.
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

REFERENCE = re.compile(
    r"(?:Thực hiện|Căn cứ)\s+(?P<kind>Kế hoạch|Chỉ thị|Nghị quyết|Hướng dẫn|Quyết định|Kết luận)\s+số\s+"
    r"(?P<number>\d+[-–][^\s,/]+/[^\s,]+)(?:,?\s*ngày\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>[^,;:]+?)(?=\s+về\s|[,;:]|$))?",
    re.IGNORECASE,
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


def _build(lines: list[_Line]) -> ParsedPlan:
    plan = ParsedPlan()
    head: list[str] = []
    preamble: list[str] = []
    stack: list[ParsedSection] = []
    has_roman = any(ln.kind == "heading" and ln.scheme == "roman" for ln in lines)
    last = ""  # what a continuation line extends: "task", "body" or nothing
    task: ParsedTask | None = None
    in_recipients = False

    for line in lines:
        if in_recipients:
            if line.kind == "bullet" or (line.kind == "text" and line.text.startswith(("-", "+"))):
                plan.recipients.append(line.text.lstrip("-+ ").rstrip(",.;"))
            continue
        if RECIPIENTS.match(line.text):
            in_recipients = True
            rest = RECIPIENTS.sub("", line.text).strip(" -")
            if rest:
                plan.recipients.append(rest)
            continue
        # A line broken in the middle of a sentence continues the previous bullet or paragraph.
        if line.kind == "text" and last:
            previous = task.title if last == "task" and task else stack[-1].body if stack else ""
            if previous and not previous.endswith(TERMINAL):
                if last == "task" and task:
                    task.title = _join(task.title, line.text)
                else:
                    stack[-1].body = _join(stack[-1].body, line.text)
                continue
        if line.kind == "heading":
            depth = _depth(line, stack, has_roman)
            title, body = line.text, ""
            if len(title) > LONG_HEADING:
                body, title = title, _first_clause(title)
            section = ParsedSection(
                number=line.number, title=title, depth=depth, body=body, scheme=line.scheme
            )
            while stack and stack[-1].depth >= depth:
                stack.pop()
            (stack[-1].children if stack else plan.sections).append(section)
            stack.append(section)
            last = "body" if body else ""
            continue
        if not stack:
            after_doc_type = bool(head) and fold(head[-1]) in DOC_TYPES
            starts_body = line.text.lower().startswith(("thực hiện", "căn cứ")) and not after_doc_type
            if line.kind == "text" and not preamble and not starts_body:
                head.append(line.text)
            else:
                preamble.append(("- " if line.kind == "bullet" else "") + line.text)
                last = ""
            continue
        if line.kind == "bullet":
            task = ParsedTask(title=line.text)
            stack[-1].tasks.append(task)
            last = "task"
        else:
            stack[-1].body = f"{stack[-1].body}\n{line.text}".strip()
            last = "body"

    plan.title = _title(head)
    plan.preamble = "\n".join(preamble)
    _read_reference(plan, " ".join(head + preamble))
    for top in plan.sections:
        _finish(top, [])
    return plan


def _depth(line: _Line, stack: list[ParsedSection], has_roman: bool) -> int:
    if line.scheme == "style":
        return line.level
    if line.scheme == "roman":
        return 1
    if line.scheme == "arabic":
        return line.number.count(".") + (2 if has_roman else 1)
    # a letter point sits one level below the nearest numbered section
    for section in reversed(stack):
        if section.scheme != "letter":
            return section.depth + 1
    return 1


def _first_clause(text: str) -> str:
    cut = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0]
    return cut if len(cut) <= LONG_HEADING else cut[: LONG_HEADING - 1].rstrip() + "…"


def _title(head: list[str]) -> str:
    words = [h for h in head if fold(h) not in (*DOC_TYPES, "dang cong san viet nam")]
    doc_type = next((h for h in head if fold(h) in DOC_TYPES), "")
    if doc_type and words:
        return f"{doc_type.capitalize()} {words[-1]}"
    return words[0] if words else ""


def _read_reference(plan: ParsedPlan, text: str) -> None:
    m = REFERENCE.search(text)
    if m:
        plan.reference_number = m.group("number").replace("–", "-")
        if m.group("y"):
            try:
                plan.reference_date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                plan.reference_date = None
        plan.reference_issuer = (m.group("issuer") or "").strip()
    t = THEME.search(f"{plan.title} {text}")
    if t:
        plan.theme_name, plan.theme_year = t.group("name").strip(), int(t.group("year"))


def _finish(section: ParsedSection, titles: list[str]) -> None:
    titles = [*titles, section.title]
    for child in section.children:
        _finish(child, titles)
    if not section.tasks and not section.children and section.body:
        section.tasks.append(ParsedTask(title=section.body))
    kinds = _suggest_kinds(titles)
    for task in section.tasks:
        task.target_kinds = kinds


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
