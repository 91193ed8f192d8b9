"""Split a draft (pasted text or .docx) into units, and compare two versions article by article.

Lines are read and classified by the shared reader (dvk/core/structure.py, legal numbering on):
"Chương I" → chapter, "Mục 2" → section, "Điều 5." → article, "1." → clause, "a)" → point; a
draft without articles (a plan, a programme) uses "I-" as chapter and "1-"/"1.1." as its
articles. The first running text after a heading is that unit's text; each further paragraph or
bullet is a paragraph unit of its own, so a comment can point at it. Every unit has a `key` that
is stable across versions ("d5/k2/pa" = Điều 5, khoản 2, điểm a), which is how versions are compared.
Pure functions: services.py stores what these return.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dvk.core.structure import Line, join_broken, lines_from_docx, lines_from_text
from dvk.core.text import fold

TERMINAL = (".", ";", ":", "!", "?", "”", '"', ")")
_DEPTH = {"preamble": 1, "chapter": 1, "part": 2, "article": 3, "clause": 4, "point": 5}


@dataclass
class ParsedUnit:
    kind: str
    key: str
    label: str
    number: str = ""
    heading: str = ""
    text: str = ""
    parent_key: str = ""
    article_key: str = ""
    depth: int = 1
    paragraphs: int = 0  # paragraph children created so far

    def render(self) -> str:
        """The unit as one line of the draft, with its number."""
        if self.kind == "article":
            head = _("Article %(n)s") % {"n": self.number} if self.number.isdigit() else self.label
            title = f"{head}. {self.heading}".strip().rstrip(".") if self.heading else head
            return f"{title}\n{self.text}".strip() if self.text else title
        if self.kind in ("chapter", "part"):
            return f"{self.label}. {self.heading}".strip(". ") + (f"\n{self.text}" if self.text else "")
        if self.kind == "clause":
            return f"{self.number}. {self.heading or self.text}".strip()
        if self.kind == "point":
            return f"{self.number}) {self.heading or self.text}".strip()
        return self.text


@dataclass
class ParsedDraft:
    units: list[ParsedUnit] = field(default_factory=list)

    def articles(self) -> list[ParsedUnit]:
        return [u for u in self.units if u.kind == "article"]


def parse_text(text: str) -> ParsedDraft:
    if not text or not text.strip():
        raise ValidationError(_("Paste the text of the draft."))
    return _checked(_build(lines_from_text(text, legal=True)))


def parse_docx(fileobj: IO[bytes]) -> ParsedDraft:
    return _checked(_build(lines_from_docx(fileobj, legal=True)))


def _checked(draft: ParsedDraft) -> ParsedDraft:
    if not any(u.kind in ("article", "clause", "chapter") for u in draft.units):
        raise ValidationError(
            _(
                "No articles were found. Number them like “Điều 1.”, “1.” and “a)”, or use Word heading styles."
            )
        )
    return draft


class _Builder:
    """Reads the lines of a draft into units: headings open chapters, parts, articles, clauses and
    points; text lines give a bare heading its title, extend a broken line, or become the text or a
    paragraph of the innermost open unit (or the preamble before the first unit)."""

    def __init__(self, lines: list[Line]) -> None:
        self.has_articles = any(ln.kind == "heading" and ln.scheme == "article" for ln in lines)
        self.draft = ParsedDraft()
        self.keys: set[str] = set()
        # Open units by depth: chapter, part, article, clause, point.
        self.open_units: dict[str, ParsedUnit | None] = dict.fromkeys(
            ("chapter", "part", "article", "clause", "point")
        )
        self.last: ParsedUnit | None = None  # the unit that running text extends
        self.awaiting_title: ParsedUnit | None = None  # a bare "Chương I" / "Điều 5" awaiting its title
        self.preamble: ParsedUnit | None = None

    def add(self, unit: ParsedUnit) -> ParsedUnit:
        base, n = unit.key, 1
        while unit.key in self.keys:  # a repeated number (a typo in the draft) keeps both units
            n += 1
            unit.key = f"{base}~{n}"
        self.keys.add(unit.key)
        self.draft.units.append(unit)
        return unit

    def container(self) -> ParsedUnit | None:
        for kind in ("point", "clause", "article", "part", "chapter"):
            if self.open_units[kind] is not None:
                return self.open_units[kind]
        return None

    def heading(self, line: Line) -> Line | None:
        """Open the unit a heading line starts (None: consumed), or the line to read as text."""
        kind = _kind_of(line, self.has_articles)
        if kind is None:  # a style heading in a structured draft: treat as text
            return Line("text", line.text)
        unit = _new_unit(kind, line, self.open_units, self.has_articles)
        if kind in ("clause", "point") and self.open_units["article"] is None and self.has_articles:
            # numbered lines before the first article: part of the preamble
            return Line("text", f"{line.number}. {line.text}")
        self.add(unit)
        _close_below(kind, self.open_units)
        self.open_units[kind] = unit
        self.awaiting_title = unit if kind in ("chapter", "part", "article") and not unit.heading else None
        self.last = unit if kind in ("clause", "point") else None
        return None

    def to_preamble(self, text: str) -> None:
        if self.preamble is None:
            self.preamble = self.add(ParsedUnit("preamble", "pre", _("Preamble"), depth=1))
            self.preamble.text = text
        else:
            self.preamble.text = f"{self.preamble.text}\n{text}"

    def paragraph(self, owner: ParsedUnit, text: str) -> None:
        owner.paragraphs += 1
        n = owner.paragraphs
        self.last = self.add(
            ParsedUnit(
                "paragraph",
                f"{owner.key}/n{n}",
                _("%(unit)s, paragraph %(n)s") % {"unit": owner.label, "n": n},
                number=str(n),
                text=text,
                parent_key=owner.key,
                article_key=owner.article_key or (owner.key if owner.kind == "article" else ""),
                depth=owner.depth + 1,
            )
        )

    def text(self, line: Line) -> None:
        text = line.text
        if self.awaiting_title is not None and line.kind == "text":
            self.awaiting_title.heading = text
            self.awaiting_title = None
            return
        self.awaiting_title = None
        owner = self.container()
        last = self.last
        if owner is None:
            self.to_preamble(text)
        elif last is not None and line.kind == "text" and last.text and not last.text.endswith(TERMINAL):
            last.text = join_broken(last.text, text)
        elif not owner.text and owner.kind != "paragraph" and line.kind == "text":
            owner.text = text
            self.last = owner
        else:
            self.paragraph(owner, text)

    def read(self, lines: list[Line]) -> ParsedDraft:
        for line in lines:
            rest: Line | None = self.heading(line) if line.kind == "heading" else line
            if rest is not None:
                self.text(rest)
        return self.draft


def _build(lines: list[Line]) -> ParsedDraft:
    return _Builder(lines).read(lines)


def _kind_of(line: Line, has_articles: bool) -> str | None:
    scheme = line.scheme
    if scheme in ("chapter", "part", "article"):
        return scheme
    if scheme == "style":
        return None if has_articles else ("chapter" if line.level <= 1 else "article")
    if has_articles:
        return {"arabic": "clause", "letter": "point", "roman": "chapter"}.get(scheme)
    return {"roman": "chapter", "arabic": "article", "letter": "point"}.get(scheme)


def _new_unit(
    kind: str, line: Line, open_units: dict[str, ParsedUnit | None], has_articles: bool
) -> ParsedUnit:
    number = line.number or ""
    heading = line.text
    chapter, part, article, clause = (open_units[k] for k in ("chapter", "part", "article", "clause"))
    if kind == "chapter":
        label = (_("Chapter %(n)s") if line.scheme == "chapter" else _("Part %(n)s")) % {"n": number}
        return ParsedUnit(kind, f"c{fold(number)}", label, number, heading, depth=1)
    if kind == "part":
        parent = chapter
        key = f"{parent.key if parent else ''}/m{number}".lstrip("/")
        return ParsedUnit(
            kind,
            key,
            _("Section %(n)s") % {"n": number},
            number,
            heading,
            parent_key=parent.key if parent else "",
            depth=2,
        )
    if kind == "article":
        parent = part or chapter
        if line.scheme == "article" or has_articles:
            label, key = _("Article %(n)s") % {"n": number}, f"d{fold(number)}"
        elif number:
            label, key = _("Item %(n)s") % {"n": number}, f"{parent.key + '/' if parent else ''}i{number}"
        else:
            label, key = heading[:60], f"{parent.key + '/' if parent else ''}h{fold(heading)[:40]}"
        unit = ParsedUnit(kind, key, label, number, heading, parent_key=parent.key if parent else "", depth=3)
        unit.article_key = unit.key
        return unit
    if kind == "clause":
        parent = article
        base = parent.label if parent else ""
        unit = ParsedUnit(
            kind,
            f"{parent.key if parent else ''}/k{number}",
            _("%(unit)s, clause %(n)s") % {"unit": base, "n": number},
            number,
            "",
            parent_key=parent.key if parent else "",
            depth=4,
        )
        unit.text = heading
        unit.article_key = parent.key if parent else ""
        return unit
    # point
    parent = clause or article
    base = parent.label if parent else ""
    unit = ParsedUnit(
        "point",
        f"{parent.key if parent else ''}/p{fold(number)}",
        _("%(unit)s, point %(n)s") % {"unit": base, "n": number},
        number,
        "",
        parent_key=parent.key if parent else "",
        depth=5,
    )
    unit.text = heading
    unit.article_key = (parent.article_key or parent.key) if parent else ""
    return unit


def _close_below(kind: str, open_units: dict[str, ParsedUnit | None]) -> None:
    order = ("chapter", "part", "article", "clause", "point")
    for lower in order[order.index(kind) + 1 :]:
        open_units[lower] = None


# --- Comparing versions --------------------------------------------------------------------------


@dataclass
class DiffRow:
    tag: str  # equal | replace | delete | insert
    old: SafeString
    new: SafeString


@dataclass
class ArticleDiff:
    key: str
    label: str
    status: str  # unchanged | changed | added | removed
    rows: list[DiffRow]
    new_unit_id: int | None = None
    old_unit_id: int | None = None

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def article_texts(units: list[dict]) -> dict[str, tuple[str, list[str], int | None]]:
    """{article key: (label, lines of the article with its clauses, points and paragraphs, id)}.

    `units` are dicts with kind, key, label, article_key, rendered text and id, in document order;
    units outside any article (preamble, chapter titles) are compared as their own "article"."""
    out: dict[str, tuple[str, list[str], int | None]] = {}
    for u in units:
        owner = u["article_key"] or u["key"]
        if u["kind"] == "article" or owner not in out:
            label = u["label"] if (u["kind"] == "article" or not u["article_key"]) else owner
            out.setdefault(
                owner, (label, [], u["id"] if u["kind"] == "article" or not u["article_key"] else None)
            )
        out[owner][1].extend(line for line in u["rendered"].splitlines() if line.strip())
    return out


def compare(old_units: list[dict], new_units: list[dict]) -> list[ArticleDiff]:
    """Side-by-side differences per article, in the new version's order (removed ones last)."""
    old, new = article_texts(old_units), article_texts(new_units)
    result: list[ArticleDiff] = []
    for key, (label, lines, unit_id) in new.items():
        if key not in old:
            rows = [DiffRow("insert", mark_safe(""), _mark(line, "ins")) for line in lines]
            result.append(ArticleDiff(key, label, "added", rows, new_unit_id=unit_id))
            continue
        old_label, old_lines, old_id = old[key]
        rows = _rows(old_lines, lines)
        status = "unchanged" if all(r.tag == "equal" for r in rows) else "changed"
        result.append(ArticleDiff(key, label, status, rows, new_unit_id=unit_id, old_unit_id=old_id))
    for key, (label, lines, unit_id) in old.items():
        if key not in new:
            rows = [DiffRow("delete", _mark(line, "del"), mark_safe("")) for line in lines]
            result.append(ArticleDiff(key, label, "removed", rows, old_unit_id=unit_id))
    return result


def _mark(text: str, tag: str) -> SafeString:
    return mark_safe(f"<{tag}>{escape(text)}</{tag}>")  # noqa: S308 (escaped above)


def _rows(old: list[str], new: list[str]) -> list[DiffRow]:
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(
                DiffRow("equal", escape(a), escape(b)) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
            )
        elif op == "replace":
            left, right = old[i1:i2], new[j1:j2]
            for k in range(max(len(left), len(right))):
                a = left[k] if k < len(left) else None
                b = right[k] if k < len(right) else None
                if a is not None and b is not None:
                    rows.append(DiffRow("replace", *_words(a, b)))
                elif a is not None:
                    rows.append(DiffRow("delete", _mark(a, "del"), mark_safe("")))
                else:
                    rows.append(DiffRow("insert", mark_safe(""), _mark(b or "", "ins")))
        elif op == "delete":
            rows.extend(DiffRow("delete", _mark(a, "del"), mark_safe("")) for a in old[i1:i2])
        else:
            rows.extend(DiffRow("insert", mark_safe(""), _mark(b, "ins")) for b in new[j1:j2])
    return rows


def _words(a: str, b: str) -> tuple[SafeString, SafeString]:
    """Word-level marks inside a changed line: removed words in <del>, added words in <ins>."""
    aw, bw = a.split(" "), b.split(" ")
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=aw, b=bw, autojunk=False).get_opcodes():
        old, new = " ".join(aw[i1:i2]), " ".join(bw[j1:j2])
        if op == "equal":
            left.append(escape(old))
            right.append(escape(new))
            continue
        if old:
            left.append(f"<del>{escape(old)}</del>")
        if new:
            right.append(f"<ins>{escape(new)}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))  # noqa: S308 (parts escaped)
